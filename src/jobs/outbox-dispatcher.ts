import { randomUUID } from "node:crypto";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { QueuedEffectsSignal } from "./queued-effects-signal.ts";

/** The outbox table's side of a dispatcher: claims under a lock, and extends the locks it holds. */
export interface OutboxStore<Item> {
  claimDue(
    limit: number,
    lockMs: number,
    now: Date,
    claim: { owner: string; workspaceIds?: readonly string[] },
  ): Promise<Item[]>;
  /** Moves the owner's locks to lockedUntil; returns the ids it still holds. */
  extendLocks(ids: readonly string[], owner: string, lockedUntil: Date): Promise<string[]>;
}

export interface OutboxDispatcherOptions {
  clock: Clock;
  logger: Logger;
  /** Names the outbox in the log ("Slack effect", "webhook"). */
  what: string;
  pollIntervalMs: number;
  batchSize: number;
  /**
   * Rounds claiming and handling at once in this process. Each waits for its slowest call;
   * several keep the outbox moving meanwhile (keys stay in order: a key's next item cannot be
   * claimed while its head is out).
   */
  workers: number;
  /**
   * How long a claimed item stays ours without news from us. While we hold it the lock is
   * extended every lockMs / 3, so it expires only when its holder is gone.
   */
  lockMs: number;
  /** The workspaces this instance serves: it claims only their items (all when absent). */
  workspaceIds?: readonly string[] | undefined;
  /** Handle at once when the services say they queued items, rather than at the next poll. */
  queued?: QueuedEffectsSignal | undefined;
}

/**
 * The loop both outboxes (Slack effects, webhook deliveries) share: poll and poke, claim a
 * batch under a fresh owner id, keep its locks alive while it is handled, ramp up workers on a
 * backlog, and stop cleanly. What handling an item means is the subclass's.
 */
export abstract class OutboxDispatcher<Item extends { readonly id: string }> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = true;

  protected constructor(
    private readonly store: OutboxStore<Item>,
    protected readonly loop: OutboxDispatcherOptions,
  ) {
    loop.queued?.subscribe(() => this.poke());
  }

  /** Handles one claimed item: its outcome is recorded with `owner`, which fences out stale holders. */
  protected abstract handle(item: Item, owner: string): Promise<void>;

  /** Whether another item of the claimed one's ordering key waits behind it. */
  protected abstract hasFollower(item: Item): boolean;

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.poke(), this.loop.pollIntervalMs);
    this.timer.unref();
    this.poke();
  }

  /** Handle now (after a commit that queued items); rounds are never concurrent in one process. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.handleDue().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  /** Stops polling and waits for the current round to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Resolves once nothing is due and no round is running here: for tests and benchmarks. */
  async drain(): Promise<void> {
    for (;;) {
      await this.running;
      const handled = await this.handleDue();
      if (handled === 0 && !this.running) return;
    }
  }

  /**
   * Claims and handles rounds of due items until none is left; returns how many it handled.
   * One worker starts and another joins each time a batch comes back full (a backlog), up to
   * `workers`: a quiet outbox costs one claim per change, not one per worker.
   */
  private async handleDue(): Promise<number> {
    const running: Array<Promise<number>> = [];
    const addWorker = () => {
      if (running.length < this.loop.workers) running.push(this.handleRounds(addWorker));
    };
    addWorker();
    let handled = 0;
    for (let i = 0; i < running.length; i++) handled += await running[i]!;
    return handled;
  }

  private async handleRounds(onBacklog: () => void): Promise<number> {
    let handled = 0;
    for (;;) {
      // Each batch is its own claim: a lock taken over by another claim (ours or another
      // instance's) fences this one out, so a stale holder neither sends nor records.
      const owner = randomUUID();
      let batch: Item[];
      try {
        batch = await this.store.claimDue(this.loop.batchSize, this.loop.lockMs, this.loop.clock.now(), {
          owner,
          ...(this.loop.workspaceIds ? { workspaceIds: this.loop.workspaceIds } : {}),
        });
      } catch (error) {
        this.loop.logger.warn({ err: error }, `could not read the ${this.loop.what} queue; will retry`);
        return handled;
      }
      if (batch.length === 0) return handled;
      const full = batch.length === this.loop.batchSize;
      if (full) onBacklog();
      const held = new Set(batch.map((item) => item.id));
      const heartbeat = setInterval(() => void this.extend(held, owner), Math.max(50, this.loop.lockMs / 3));
      try {
        await Promise.all(batch.map((item) => this.handle(item, owner).finally(() => held.delete(item.id))));
      } finally {
        clearInterval(heartbeat);
      }
      handled += batch.length;
      if (this.stopped) return handled;
      // A short batch held every due key's head: claim again only if one had more behind it.
      // Items queued meanwhile poke a new round; the poll catches any that slipped by.
      if (!full && !batch.some((item) => this.hasFollower(item))) return handled;
    }
  }

  /** Keeps the locks of items still being handled; one no longer ours is let go. */
  private async extend(held: Set<string>, owner: string): Promise<void> {
    const ids = [...held];
    if (ids.length === 0) return;
    try {
      const until = new Date(this.loop.clock.now().getTime() + this.loop.lockMs);
      const kept = new Set(await this.store.extendLocks(ids, owner, until));
      for (const id of ids) if (!kept.has(id)) held.delete(id);
    } catch (error) {
      this.loop.logger.warn({ err: error }, `could not extend the ${this.loop.what} locks; will try again`);
    }
  }
}
