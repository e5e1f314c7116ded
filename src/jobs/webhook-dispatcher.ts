import { deliveryOutcome, nextWebhookAttempt } from "../domain/webhooks.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { ClaimedWebhookDelivery, WebhookDeliveryStore } from "../services/ports.ts";
import { OutboxDispatcher } from "./outbox-dispatcher.ts";
import type { QueuedEffectsSignal } from "./queued-effects-signal.ts";
import type { SendWebhook } from "./webhook-sender.ts";

/** When a delivery whose endpoint is being disabled would be tried again, had disabling failed. */
const GIVEN_UP_RETRY_MS = 60 * 60 * 1000;

export interface WebhookDispatcherOptions {
  store: WebhookDeliveryStore;
  send: SendWebhook;
  clock: Clock;
  logger: Logger;
  /** The receiver answered 410 Gone: the endpoint is removed. */
  onEndpointGone(endpoint: { id: string; teamId: string }): Promise<void>;
  /** 24 hours of failures: the endpoint is disabled and its admins told. */
  onEndpointFailing(endpoint: { id: string; teamId: string }, at: Date): Promise<void>;
  pollIntervalMs?: number;
  batchSize?: number;
  /** Rounds claiming and sending at once; a key's next delivery cannot be claimed while its head is out. */
  workers?: number;
  /** How long a claimed delivery stays ours without news; extended every lockMs / 3 while we hold it. */
  lockMs?: number;
  /** The workspaces this instance serves: it claims only their deliveries. */
  workspaceIds?: readonly string[];
  /** Send at once when a change queued webhook deliveries, rather than at the next poll. */
  queued?: QueuedEffectsSignal;
  /** Spreads retries of many endpoints (0–1); tests fix it. */
  jitter?: () => number;
}

/**
 * Sends queued webhook deliveries: at least once, in order per deal or project per endpoint
 * (only the oldest unfinished delivery of each ordering key is claimed), retried with backoff
 * for 24 hours. The outbox lives in PostgreSQL, so a crash or restart loses nothing.
 */
export class WebhookDispatcher extends OutboxDispatcher<ClaimedWebhookDelivery> {
  constructor(private readonly options: WebhookDispatcherOptions) {
    super(options.store, {
      clock: options.clock,
      logger: options.logger,
      what: "webhook",
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      batchSize: options.batchSize ?? 50,
      workers: options.workers ?? 4,
      lockMs: options.lockMs ?? 60_000,
      workspaceIds: options.workspaceIds,
      queued: options.queued,
    });
  }

  protected hasFollower(delivery: ClaimedWebhookDelivery): boolean {
    return delivery.followed;
  }

  protected async handle(delivery: ClaimedWebhookDelivery, owner: string): Promise<void> {
    const { endpoint } = delivery;
    const log = this.options.logger.child({
      job: "webhooks",
      delivery: delivery.deliveryId,
      endpoint: endpoint.id,
    });
    const attemptedAt = this.options.clock.now();
    const result = await this.options.send(delivery, attemptedAt).catch((error: unknown) => ({
      error: error instanceof Error ? error.message : String(error),
    }));
    const now = this.options.clock.now();
    const outcome = "status" in result ? deliveryOutcome(result.status) : "retry";
    try {
      if (outcome === "delivered" && "status" in result) {
        await this.options.store.markDelivered(delivery.id, owner, result.status, now);
        return;
      }
      if (outcome === "endpoint_gone") {
        log.warn("webhook receiver answered 410 Gone; removing the endpoint");
        await this.options.onEndpointGone(endpoint);
        return;
      }
      const status = "status" in result ? result.status : null;
      const error = "status" in result ? `HTTP ${result.status}` : result.error;
      // The run of failures began with the endpoint's first failure, or with this delivery
      // if it is younger (a lone failure long ago does not count against a new event).
      const failedSince = endpoint.failingSince
        ? new Date(Math.max(endpoint.failingSince.getTime(), delivery.createdAt.getTime()))
        : attemptedAt;
      const next = nextWebhookAttempt(
        delivery.attempts,
        failedSince,
        now,
        this.options.jitter?.() ?? Math.random(),
      );
      // Given up: the endpoint is disabled next, and enabling it makes this due at once. Should
      // disabling fail, the wait keeps this from being claimed again in a tight loop.
      const at = "retryAt" in next ? next.retryAt : new Date(now.getTime() + GIVEN_UP_RETRY_MS);
      await this.options.store.scheduleRetry(delivery.id, owner, {
        status,
        error,
        failedAt: attemptedAt,
        at,
      });
      if ("giveUp" in next) {
        log.error(
          { error, attempts: delivery.attempts },
          "webhook endpoint failed for 24 hours; disabling it",
        );
        await this.options.onEndpointFailing(endpoint, now);
      }
    } catch (error) {
      // The lock lapses and the delivery is claimed again: at least once, never lost.
      log.error({ err: error }, "could not record the outcome of a webhook delivery");
    }
  }
}
