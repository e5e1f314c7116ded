import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PrismaEffectQueue } from "../../../src/db/deal-repository.ts";
import { PrismaEffectStore } from "../../../src/db/slack-effect-store.ts";
import { PrismaPersonRepository, PrismaWorkspaceRepository } from "../../../src/db/workspace-repository.ts";
import type { QueuedEffect, SlackEffectIntent } from "../../../src/services/slack-effects.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

const TEAM = "T0EFFECTS";
const LOCK_MS = 30_000;
const OWNER_A = "00000000-0000-4000-8000-00000000000a";
const OWNER_B = "00000000-0000-4000-8000-00000000000b";

let db: TestDatabase;
let queue: PrismaEffectQueue;
let store: PrismaEffectStore;

beforeAll(async () => {
  db = await createTestDatabase();
  await new PrismaWorkspaceRepository(db.prisma).ensure(TEAM);
  // App Home refreshes are queued only for people who have opened their Home.
  const people = new PrismaPersonRepository(db.prisma);
  for (const person of ["U0ANA", "U0BEN"]) await people.markOpened(TEAM, person, new Date());
  queue = new PrismaEffectQueue(db.prisma);
  store = new PrismaEffectStore(db.prisma);
});
afterAll(() => db.drop());

// The queue is shared by every workspace: each test starts from an empty one.
beforeEach(async () => {
  await db.prisma.slackEffect.deleteMany();
});

function card(dealId: string, channelId = "C0SALES"): SlackEffectIntent {
  return { kind: "deal.card", dealId, channelId };
}

function reply(dealId: string, note: string, channelId = "C0SALES"): SlackEffectIntent {
  return { kind: "deal.reply", dealId, channelId, actorId: "U0ANA", change: { type: "note", body: note } };
}

/**
 * Rows take `next_attempt_at = now()` from the database clock; claiming "a minute from now"
 * makes every freshly queued effect due without depending on the two clocks agreeing.
 */
function dueTime(): Date {
  return new Date(Date.now() + 60_000);
}

async function idsByKey(): Promise<Map<string, string[]>> {
  const rows = await db.prisma.slackEffect.findMany({ orderBy: { id: "asc" } });
  const byKey = new Map<string, string[]>();
  for (const row of rows)
    byKey.set(row.orderingKey, [...(byKey.get(row.orderingKey) ?? []), row.id.toString()]);
  return byKey;
}

const ids = (effects: readonly QueuedEffect[]) => effects.map((e) => e.id);
/** A claimed effect as the dispatcher hands it back; only its id (and supersedes) matter to the store. */
const queued = (id: string): QueuedEffect => ({ id, teamId: TEAM, intent: card("any"), attempts: 1 });

describe("PrismaEffectStore.claimDue", () => {
  it("returns only the oldest pending effect of each ordering key, oldest key first", async () => {
    await queue.enqueue(TEAM, [card("deal-a"), reply("deal-a", "first"), reply("deal-a", "second")]);
    await queue.enqueue(TEAM, [card("deal-b")]);
    await queue.enqueue(TEAM, [card("deal-a", "C0OTHER")]);
    const keys = await idsByKey();
    expect([...keys.keys()]).toEqual(["C0SALES:deal:deal-a", "C0SALES:deal:deal-b", "C0OTHER:deal:deal-a"]);

    const claimed = await store.claimDue(10, LOCK_MS, dueTime());
    expect(ids(claimed)).toEqual([
      keys.get("C0SALES:deal:deal-a")![0],
      keys.get("C0SALES:deal:deal-b")![0],
      keys.get("C0OTHER:deal:deal-a")![0],
    ]);
    expect(claimed[0]).toEqual({
      id: keys.get("C0SALES:deal:deal-a")![0],
      teamId: TEAM,
      intent: card("deal-a"),
      attempts: 1,
      // Its two replies wait behind it.
      followedBy: 2,
    });
  });

  it("claims at most `limit` effects, the oldest first", async () => {
    await queue.enqueue(TEAM, [card("deal-1"), card("deal-2"), card("deal-3")]);
    const keys = await idsByKey();
    const claimed = await store.claimDue(2, LOCK_MS, dueTime());
    expect(ids(claimed)).toEqual([keys.get("C0SALES:deal:deal-1")![0], keys.get("C0SALES:deal:deal-2")![0]]);
    expect(ids(await store.claimDue(2, LOCK_MS, dueTime()))).toEqual([keys.get("C0SALES:deal:deal-3")![0]]);
  });

  it("doesn't claim an effect that isn't due yet", async () => {
    await queue.enqueue(TEAM, [card("deal-early")]);
    expect(await store.claimDue(10, LOCK_MS, new Date(Date.now() - 60_000))).toEqual([]);
    expect(await store.claimDue(10, LOCK_MS, dueTime())).toHaveLength(1);
  });

  it("doesn't claim a locked effect again (nor the next of its key) until the lock expires", async () => {
    await queue.enqueue(TEAM, [card("deal-lock"), reply("deal-lock", "later")]);
    const [first, second] = (await idsByKey()).get("C0SALES:deal:deal-lock")!;
    const at = dueTime();

    expect(ids(await store.claimDue(10, LOCK_MS, at))).toEqual([first]);
    const row = await db.prisma.slackEffect.findUniqueOrThrow({ where: { id: BigInt(first!) } });
    expect(row.lockedUntil).toEqual(new Date(at.getTime() + LOCK_MS));

    expect(await store.claimDue(10, LOCK_MS, new Date(at.getTime() + 1_000))).toEqual([]);
    // The lock holds up to and including its last millisecond.
    expect(await store.claimDue(10, LOCK_MS, new Date(at.getTime() + LOCK_MS))).toEqual([]);

    const reclaimed = await store.claimDue(10, LOCK_MS, new Date(at.getTime() + LOCK_MS + 1));
    expect(ids(reclaimed)).toEqual([first]);
    expect(reclaimed[0]!.attempts).toBe(2);
    expect(ids(reclaimed)).not.toContain(second);
  });

  it("never hands the same effect to two claimers at once", async () => {
    for (let round = 0; round < 5; round++) {
      await db.prisma.slackEffect.deleteMany();
      await queue.enqueue(
        TEAM,
        Array.from({ length: 30 }, (_, i) => card(`deal-${round}-${i}`)),
      );
      const at = dueTime();
      const results = await Promise.all(Array.from({ length: 4 }, () => store.claimDue(100, LOCK_MS, at)));
      const all = results.flatMap(ids);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toHaveLength(30);
      const attempts = await db.prisma.slackEffect.findMany({ select: { attempts: true } });
      expect(attempts.every((r) => r.attempts === 1)).toBe(true);
    }
  });
});

describe("PrismaEffectStore: after a delivery attempt", () => {
  it("scheduleRetry defers the effect (and its key) to `at`, and records the error", async () => {
    await queue.enqueue(TEAM, [card("deal-retry"), reply("deal-retry", "next")]);
    await queue.enqueue(TEAM, [card("deal-other")]);
    const keys = await idsByKey();
    const [first] = keys.get("C0SALES:deal:deal-retry")!;
    const other = keys.get("C0SALES:deal:deal-other")![0];
    const at = dueTime();
    expect(ids(await store.claimDue(10, LOCK_MS, at))).toEqual([first, other]);
    await store.markDelivered(queued(other!), at);

    const retryAt = new Date(at.getTime() + 120_000);
    await store.scheduleRetry(first!, retryAt, `ratelimited ${"x".repeat(2_000)}`);
    const row = await db.prisma.slackEffect.findUniqueOrThrow({ where: { id: BigInt(first!) } });
    expect(row).toMatchObject({ status: "PENDING", nextAttemptAt: retryAt, lockedUntil: null });
    expect(row.lastError).toHaveLength(1_000);
    expect(row.lastError!.startsWith("ratelimited x")).toBe(true);

    // Neither the deferred effect nor the one queued behind it is claimed before `at`.
    expect(await store.claimDue(10, LOCK_MS, new Date(retryAt.getTime() - 1))).toEqual([]);
    const retried = await store.claimDue(10, LOCK_MS, retryAt);
    expect(ids(retried)).toEqual([first]);
    expect(retried[0]!.attempts).toBe(2);
  });

  it("markDelivered lets the next effect of the key be claimed", async () => {
    await queue.enqueue(TEAM, [card("deal-next"), reply("deal-next", "one"), reply("deal-next", "two")]);
    const [first, second, third] = (await idsByKey()).get("C0SALES:deal:deal-next")!;
    const at = dueTime();

    expect(ids(await store.claimDue(10, LOCK_MS, at))).toEqual([first]);
    await store.markDelivered(queued(first!), at);
    const row = await db.prisma.slackEffect.findUniqueOrThrow({ where: { id: BigInt(first!) } });
    expect(row).toMatchObject({ status: "DELIVERED", deliveredAt: at, lockedUntil: null, lastError: null });

    // Right away, without waiting for any lock: the delivered one no longer holds the key.
    const next = await store.claimDue(10, LOCK_MS, at);
    expect(ids(next)).toEqual([second]);
    expect(next[0]!.intent).toEqual(reply("deal-next", "one"));
    await store.markDelivered(queued(second!), at);
    expect(ids(await store.claimDue(10, LOCK_MS, at))).toEqual([third]);
  });

  it("markDead takes the effect out of consideration for good", async () => {
    await queue.enqueue(TEAM, [card("deal-dead"), reply("deal-dead", "after")]);
    const [first, second] = (await idsByKey()).get("C0SALES:deal:deal-dead")!;
    const at = dueTime();

    expect(ids(await store.claimDue(10, LOCK_MS, at))).toEqual([first]);
    await store.markDead(first!, "channel_not_found");
    const row = await db.prisma.slackEffect.findUniqueOrThrow({ where: { id: BigInt(first!) } });
    expect(row).toMatchObject({ status: "DEAD", lockedUntil: null, lastError: "channel_not_found" });

    expect(ids(await store.claimDue(10, LOCK_MS, at))).toEqual([second]);
    await store.markDelivered(queued(second!), at);
    // Long after any lock would have expired, the dead effect is still never offered.
    expect(await store.claimDue(10, LOCK_MS, new Date(at.getTime() + 86_400_000))).toEqual([]);
  });
});

describe("later copies of an intent that renders current state", () => {
  const parent = (projectId: string): SlackEffectIntent => ({
    kind: "project.parent",
    projectId,
    channelId: "C0DELIVERY",
  });
  const task = (taskId: string): SlackEffectIntent => ({
    kind: "task.message",
    projectId: "p-1",
    taskId,
    channelId: "C0DELIVERY",
  });

  it("are handed out with the oldest and delivered with it, keeping the others of the key in order", async () => {
    // Ten claims on one project: each queues its task's message and the parent's progress.
    await queue.enqueue(TEAM, [parent("p-1")]);
    for (const t of ["t-1", "t-2", "t-3"]) await queue.enqueue(TEAM, [task(t), parent("p-1")]);
    await queue.enqueue(TEAM, [parent("p-2")]);
    const [head, t1, copy1, t2, copy2, t3, copy3] = (await idsByKey()).get("C0DELIVERY:project:p-1")!;
    const at = dueTime();

    const [claimed, otherProject] = await store.claimDue(10, LOCK_MS, at);
    expect(claimed).toMatchObject({ id: head, supersedes: [copy1, copy2, copy3] });
    // Another project's parent is never a copy.
    expect(otherProject).toMatchObject({ intent: parent("p-2") });
    expect(otherProject!.supersedes).toBeUndefined();
    await store.markDelivered(claimed!, at);
    const rows = await db.prisma.slackEffect.findMany({ where: { orderingKey: "C0DELIVERY:project:p-1" } });
    const status = Object.fromEntries(rows.map((r) => [r.id.toString(), r.status]));
    expect(status).toEqual({
      [head!]: "DELIVERED",
      [copy1!]: "DELIVERED",
      [copy2!]: "DELIVERED",
      [copy3!]: "DELIVERED",
      [t1!]: "PENDING",
      [t2!]: "PENDING",
      [t3!]: "PENDING",
    });
    // The tasks still go in their order.
    expect(ids(await store.claimDue(10, LOCK_MS, at))).toEqual([t1]);
  });

  it("never merges effects that say something each time", async () => {
    await queue.enqueue(TEAM, [reply("deal-r", "same words"), reply("deal-r", "same words")]);
    const [claimed] = await store.claimDue(10, LOCK_MS, dueTime());
    expect(claimed!.supersedes).toBeUndefined();
  });
});

describe("App Home refreshes", () => {
  it("for the same person are delivered as one; another person's stays their own", async () => {
    await queue.enqueue(TEAM, [
      { kind: "home.refresh", userId: "U0ANA" },
      { kind: "home.refresh", userId: "U0BEN" },
      { kind: "home.refresh", userId: "U0ANA" },
    ]);
    const [anaFirst, anaSecond] = (await idsByKey()).get("home:U0ANA")!;
    const [ben] = (await idsByKey()).get("home:U0BEN")!;
    const claimed = await store.claimDue(10, LOCK_MS, dueTime());
    expect(claimed).toEqual([
      expect.objectContaining({ id: anaFirst, supersedes: [anaSecond] }),
      expect.objectContaining({ id: ben }),
    ]);
    expect(claimed[1]!.supersedes).toBeUndefined();
    await store.markDelivered(claimed[0]!, new Date());
    expect(await store.claimDue(10, LOCK_MS, dueTime())).toEqual([]);
  });
});

describe("what waits behind a claimed effect", () => {
  it("is counted, less the copies it delivers, so the dispatcher knows whether to claim again", async () => {
    await queue.enqueue(TEAM, [
      reply("deal-w", "first"),
      reply("deal-w", "second"),
      reply("deal-w", "third"),
    ]);
    await queue.enqueue(TEAM, [
      { kind: "home.refresh", userId: "U0ANA" },
      { kind: "home.refresh", userId: "U0ANA" },
    ]);
    const [replyHead, home] = await store.claimDue(10, LOCK_MS, dueTime());
    expect(replyHead!.followedBy).toBe(2);
    // The only effect behind the refresh is its copy, delivered with it: nothing follows.
    expect(home!.supersedes).toHaveLength(1);
    expect(home!.followedBy).toBeUndefined();
  });
});

describe("fencing: only the claim that holds an effect delivers it and records its outcome", () => {
  it("a claim whose lock was taken over can neither begin an attempt nor record one", async () => {
    await queue.enqueue(TEAM, [card("deal-fence")]);
    const at = dueTime();
    const [stale] = await store.claimDue(10, LOCK_MS, at, { owner: OWNER_A });
    const later = new Date(at.getTime() + LOCK_MS + 1);
    const [current] = await store.claimDue(10, LOCK_MS, later, { owner: OWNER_B });
    expect(current!.id).toBe(stale!.id);

    const until = new Date(later.getTime() + LOCK_MS);
    expect(await store.beginAttempt(stale!.id, OWNER_A, until, later)).toBe(false);
    expect(await store.extendLocks([stale!.id], OWNER_A, until)).toEqual([]);
    expect(await store.markDelivered(stale!, later, OWNER_A)).toBe(false);
    expect(await store.scheduleRetry(stale!.id, later, "late", { owner: OWNER_A })).toBe(false);
    expect(await store.markDead(stale!.id, "late", OWNER_A)).toBe(false);
    const row = await db.prisma.slackEffect.findUniqueOrThrow({ where: { id: BigInt(stale!.id) } });
    expect([row.status, row.lockedBy]).toEqual(["PENDING", OWNER_B]);

    expect(await store.extendLocks([current!.id], OWNER_B, until)).toEqual([current!.id]);
    expect(await store.beginAttempt(current!.id, OWNER_B, until, later)).toBe(true);
    expect(await store.markDelivered(current!, later, OWNER_B)).toBe(true);
  });

  it("keeps an attempt in doubt until Slack certainly refused it, and hands the doubt to the retry", async () => {
    await queue.enqueue(TEAM, [reply("deal-doubt", "hello")]);
    const at = dueTime();
    const [first] = await store.claimDue(10, LOCK_MS, at, { owner: OWNER_A });
    expect(first!.inDoubtSince).toBeUndefined();
    const attempt1 = new Date(at.getTime() + 10);
    expect(await store.beginAttempt(first!.id, OWNER_A, new Date(at.getTime() + LOCK_MS), attempt1)).toBe(
      true,
    );
    // A timeout: the outcome is unknown, the doubt stays.
    await store.scheduleRetry(first!.id, at, "timeout", { owner: OWNER_A });
    const [second] = await store.claimDue(10, LOCK_MS, at, { owner: OWNER_B });
    expect(second!.inDoubtSince).toEqual(attempt1);
    // A later attempt that Slack refused (429) clears only its own doubt, not the first one's.
    const attempt2 = new Date(at.getTime() + 20);
    await store.beginAttempt(second!.id, OWNER_B, new Date(at.getTime() + LOCK_MS), attempt2);
    await store.scheduleRetry(second!.id, at, "ratelimited", { owner: OWNER_B, notPostedAt: attempt2 });
    const [third] = await store.claimDue(10, LOCK_MS, at, { owner: OWNER_A });
    expect(third!.inDoubtSince).toEqual(attempt1);
  });
});
