import { randomUUID } from "node:crypto";
import { deliveryOutcome, nextWebhookAttempt } from "../domain/webhooks.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { ClaimedWebhookDelivery, WebhookDeliveryStore } from "../services/ports.ts";
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
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = true;
  private readonly batchSize: number;
  private readonly workers: number;
  private readonly lockMs: number;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.batchSize = options.batchSize ?? 50;
    this.workers = options.workers ?? 4;
    this.lockMs = options.lockMs ?? 60_000;
    options.queued?.subscribe(() => this.poke());
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.poke(), this.options.pollIntervalMs ?? 1_000);
    this.timer.unref();
    this.poke();
  }

  /** Send now (after a commit that queued deliveries); rounds are never concurrent in one process. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sendDue().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Resolves once nothing is due and no round is running here: for tests and benchmarks. */
  async drain(): Promise<void> {
    for (;;) {
      await this.running;
      const sent = await this.sendDue();
      if (sent === 0 && !this.running) return;
    }
  }

  /** One worker starts; another joins each time a batch comes back full (a backlog), up to `workers`. */
  private async sendDue(): Promise<number> {
    const running: Array<Promise<number>> = [];
    const addWorker = () => {
      if (running.length < this.workers) running.push(this.sendRounds(addWorker));
    };
    addWorker();
    let handled = 0;
    for (let i = 0; i < running.length; i++) handled += await running[i]!;
    return handled;
  }

  private async sendRounds(onBacklog: () => void): Promise<number> {
    let handled = 0;
    for (;;) {
      const owner = randomUUID();
      let batch: ClaimedWebhookDelivery[];
      try {
        batch = await this.options.store.claimDue(this.batchSize, this.lockMs, this.options.clock.now(), {
          owner,
          ...(this.options.workspaceIds ? { workspaceIds: this.options.workspaceIds } : {}),
        });
      } catch (error) {
        this.options.logger.warn({ err: error }, "could not read the webhook queue; will retry");
        return handled;
      }
      if (batch.length === 0) return handled;
      const full = batch.length === this.batchSize;
      if (full) onBacklog();
      const ids = batch.map((d) => d.id);
      const heartbeat = setInterval(
        () => void this.extend(ids, owner).catch(() => undefined),
        Math.max(50, this.lockMs / 3),
      );
      try {
        await Promise.all(batch.map((delivery) => this.sendOne(delivery, owner)));
      } finally {
        clearInterval(heartbeat);
      }
      handled += batch.length;
      if (this.stopped) return handled;
      if (!full && !batch.some((d) => d.followed)) return handled;
    }
  }

  private async extend(ids: readonly string[], owner: string): Promise<void> {
    const until = new Date(this.options.clock.now().getTime() + this.lockMs);
    await this.options.store.extendLocks(ids, owner, until);
  }

  private async sendOne(delivery: ClaimedWebhookDelivery, owner: string): Promise<void> {
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
