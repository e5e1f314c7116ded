import { describe, expect, it } from "vitest";
import { OutboxDispatcher, type OutboxStore } from "../../../src/jobs/outbox-dispatcher.ts";
import { systemClock } from "../../../src/lib/clock.ts";
import { createSilentLogger } from "../../../src/lib/logger.ts";

type Item = { id: string; key: string; followers: number };

/**
 * An outbox in memory that claims as the real ones do: only the head of each ordering key,
 * and never a key whose head is out.
 */
class MemoryOutbox implements OutboxStore<Item> {
  readonly handled: string[] = [];
  claims = 0;
  private readonly out = new Set<string>();

  constructor(private readonly waiting: Item[]) {}

  async claimDue(limit: number): Promise<Item[]> {
    this.claims++;
    const heads: Item[] = [];
    for (const item of this.waiting) {
      if (heads.length === limit) break;
      if (this.out.has(item.key) || heads.some((h) => h.key === item.key)) continue;
      heads.push(item);
    }
    for (const head of heads) this.out.add(head.key);
    return heads.map((head) => ({
      ...head,
      followers: this.waiting.filter((w) => w.key === head.key).length - 1,
    }));
  }

  async extendLocks(ids: readonly string[]): Promise<string[]> {
    return [...ids];
  }

  finish(item: Item): void {
    this.waiting.splice(
      this.waiting.findIndex((w) => w.id === item.id),
      1,
    );
    this.out.delete(item.key);
    this.handled.push(item.id);
  }
}

class TestDispatcher extends OutboxDispatcher<Item> {
  constructor(
    private readonly outbox: MemoryOutbox,
    batchSize: number,
  ) {
    super(outbox, {
      clock: systemClock,
      logger: createSilentLogger(),
      what: "test",
      // No poll within the test: only the loop itself may find the rest.
      pollIntervalMs: 3_600_000,
      batchSize,
      workers: 2,
      lockMs: 30_000,
    });
  }

  protected async handle(item: Item): Promise<void> {
    this.outbox.finish(item);
  }

  protected hasFollower(item: Item): boolean {
    return item.followers > 0;
  }
}

async function untilQuiet(outbox: MemoryOutbox): Promise<void> {
  let seen = -1;
  while (seen !== outbox.claims) {
    seen = outbox.claims;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the outbox loop", () => {
  it("claims again at once while a key has more behind its head, in key order", async () => {
    const outbox = new MemoryOutbox([
      { id: "a1", key: "a", followers: 0 },
      { id: "b1", key: "b", followers: 0 },
      { id: "a2", key: "a", followers: 0 },
      { id: "a3", key: "a", followers: 0 },
    ]);
    const dispatcher = new TestDispatcher(outbox, 10);
    dispatcher.start();
    await untilQuiet(outbox);
    await dispatcher.stop();
    expect(outbox.handled.filter((id) => id.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
    expect(outbox.handled).toContain("b1");
  });

  it("keeps claiming while batches come back full, then stops on an empty claim", async () => {
    const waiting = Array.from({ length: 25 }, (_, i) => ({ id: `k${i}`, key: `k${i}`, followers: 0 }));
    const outbox = new MemoryOutbox(waiting);
    const dispatcher = new TestDispatcher(outbox, 4);
    dispatcher.start();
    await untilQuiet(outbox);
    await dispatcher.stop();
    expect(outbox.handled).toHaveLength(25);
  });
});
