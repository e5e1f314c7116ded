import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { EffectStore } from "../services/ports.ts";
import { orderingKeyOf, type QueuedEffect } from "../services/slack-effects.ts";
import { type ChannelPacer, channelOfOrderingKey } from "./channel-pacer.ts";
import { OutboxDispatcher } from "./outbox-dispatcher.ts";
import type { QueuedEffectsSignal } from "./queued-effects-signal.ts";

/** What delivering one effect came to; the notifier decides, the dispatcher schedules. */
export type DeliveryResult =
  | { readonly kind: "delivered" }
  /** Try again later: Slack is down, rate-limited us, or the channel is not ready yet. */
  | {
      readonly kind: "retry";
      readonly error: string;
      readonly afterMs?: number;
      /** The attempt may have reached Slack (timeout, broken connection): the retry looks before posting. */
      readonly inDoubt?: boolean;
      /** Slack rate-limited us: nothing more goes to this effect's channel for this long. */
      readonly holdChannelMs?: number;
    }
  /** Nothing will ever make this work (e.g. the deal is gone). */
  | { readonly kind: "drop"; readonly error: string };

export type Deliver = (effect: QueuedEffect) => Promise<DeliveryResult>;

export interface DispatcherOptions {
  store: EffectStore;
  deliver: Deliver;
  clock: Clock;
  logger: Logger;
  pollIntervalMs?: number;
  batchSize?: number;
  /**
   * Rounds claiming and delivering at once in this process. Each waits for its slowest Slack
   * call; several keep the queue moving meanwhile (keys stay in order: a key's next effect
   * cannot be claimed while its head is out).
   */
  workers?: number;
  /**
   * How long a claimed effect stays ours without news from us. While we hold it (waiting for
   * its channel's turn, or in the Slack call) the lock is extended every lockMs / 3, so it
   * expires only when its holder is gone.
   */
  lockMs?: number;
  /** Give up (and keep the row as DEAD for an admin) after this long of failing. */
  maxAttempts?: number;
  /**
   * A retry of an attempt that may have posted waits at least this long, so that a slow Slack
   * has finished (or dropped) the first request before the retry looks for its message.
   */
  inDoubtRetryMs?: number;
  /** The workspaces this instance serves: it claims only their effects (all when absent). */
  workspaceIds?: readonly string[];
  /** Waits for a channel's turn before each delivery (Slack's ~1 message/s per channel). */
  pacer?: ChannelPacer;
  /** Deliver at once when the services say they queued effects, rather than at the next poll. */
  queued?: QueuedEffectsSignal;
}

/**
 * Delivers queued Slack side effects: in order per ordering key, each at most once at a time
 * across instances (the store's claim), retried with capped exponential backoff or Slack's
 * Retry-After. The queue lives in PostgreSQL, so a crash or restart loses nothing.
 */
export class SlackEffectDispatcher extends OutboxDispatcher<QueuedEffect> {
  private readonly lockMs: number;
  private readonly maxAttempts: number;
  private readonly inDoubtRetryMs: number;

  constructor(private readonly options: DispatcherOptions) {
    const lockMs = options.lockMs ?? 30_000;
    super(options.store, {
      clock: options.clock,
      logger: options.logger,
      what: "Slack effect",
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      batchSize: options.batchSize ?? 20,
      workers: options.workers ?? 4,
      // Effects waiting for their channel's turn (a burst of one channel waits ~1 s per message,
      // far past one lock) keep their locks: a lock lapses only when its holder is gone.
      lockMs,
      workspaceIds: options.workspaceIds,
      queued: options.queued,
    });
    this.lockMs = lockMs;
    this.maxAttempts = options.maxAttempts ?? 200;
    this.inDoubtRetryMs = options.inDoubtRetryMs ?? 30_000;
  }

  protected hasFollower(effect: QueuedEffect): boolean {
    return Boolean(effect.followedBy);
  }

  protected async handle(effect: QueuedEffect, owner: string): Promise<void> {
    const log = this.options.logger.child({
      job: "slack-effects",
      effect: effect.id,
      kind: effect.intent.kind,
      team: effect.teamId,
    });
    try {
      await this.options.pacer?.take(channelOfOrderingKey(orderingKeyOf(effect.intent)));
    } catch (error) {
      log.warn({ err: error }, "pacing failed");
    }
    // Right before the Slack call: still ours? Extending here also covers the call itself,
    // and the attempt is on record before anything leaves.
    const attemptedAt = this.options.clock.now();
    let ours: boolean;
    try {
      const lockedUntil = new Date(attemptedAt.getTime() + this.lockMs);
      ours = await this.options.store.beginAttempt(effect.id, owner, lockedUntil, attemptedAt);
    } catch (error) {
      log.warn({ err: error }, "could not confirm the Slack effect's lock; leaving it for a later claim");
      ours = false;
    }
    if (!ours) {
      log.warn("Slack effect's lock was taken over; not delivering this copy");
      return;
    }
    let result: DeliveryResult;
    try {
      result = await this.options.deliver(effect);
    } catch (error) {
      result = { kind: "retry", error: error instanceof Error ? error.message : String(error) };
    }
    const now = this.options.clock.now();
    try {
      if (result.kind === "delivered") {
        await this.options.store.markDelivered(effect, now, owner);
      } else if (result.kind === "drop" || effect.attempts >= this.maxAttempts) {
        log.error({ error: result.error, attempts: effect.attempts }, "Slack effect given up");
        await this.options.store.markDead(effect.id, result.error, owner);
      } else {
        if (result.holdChannelMs)
          this.options.pacer?.hold(channelOfOrderingKey(orderingKeyOf(effect.intent)), result.holdChannelMs);
        const delay = Math.max(
          result.afterMs ?? backoffMs(effect.attempts),
          result.inDoubt ? this.inDoubtRetryMs : 0,
        );
        log.warn(
          { error: result.error, attempts: effect.attempts, retryInMs: delay, inDoubt: result.inDoubt },
          "Slack effect will be retried",
        );
        await this.options.store.scheduleRetry(effect.id, new Date(now.getTime() + delay), result.error, {
          owner,
          ...(result.inDoubt ? {} : { notPostedAt: attemptedAt }),
        });
      }
    } catch (error) {
      // The lock expires and the effect is claimed again; its attempt stays in doubt, so the
      // notifier looks for the message (its metadata names the effect) before posting again.
      log.error({ err: error }, "could not record the outcome of a Slack effect");
    }
  }
}

/** 1 s, 2 s, 4 s … capped at 5 minutes, with jitter so instances don't retry in step. */
export function backoffMs(attempts: number): number {
  const base = Math.min(300_000, 1_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
