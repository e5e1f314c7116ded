import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PrismaRetentionStore } from "../../../src/db/retention-repository.ts";
import { PrismaWorkspaceRepository } from "../../../src/db/workspace-repository.ts";
import { RetentionJob } from "../../../src/jobs/retention-job.ts";
import { fixedClock } from "../../../src/lib/clock.ts";
import { createSilentLogger } from "../../../src/lib/logger.ts";
import { RECENT_DELIVERIES } from "../../../src/services/webhook-service.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

const TEAM = "T0RETAIN";
const NOW = new Date("2026-12-20T12:00:00.000Z");
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const OWNER = "00000000-0000-4000-8000-00000000000a";

let db: TestDatabase;
let tokenId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await new PrismaWorkspaceRepository(db.prisma).ensure(TEAM);
  const token = await db.prisma.apiToken.create({
    data: {
      workspaceId: TEAM,
      name: "CRM sync",
      access: "READ_WRITE",
      secretHash: "h",
      hint: "abcd",
      createdById: "U0ADMIN",
    },
  });
  tokenId = token.id;
});
afterAll(() => db.drop());

beforeEach(async () => {
  await db.prisma.apiIdempotencyKey.deleteMany();
  await db.prisma.processedRequest.deleteMany();
  await db.prisma.acknowledgedRequest.deleteMany();
  await db.prisma.slackEffect.deleteMany();
  await db.prisma.webhookEndpoint.deleteMany();
  await db.prisma.jobRun.deleteMany();
});

/** One pass, as the hourly cron runs it, on a small batch so the loop over batches is used. */
async function purgeNow(batch = 2): Promise<void> {
  const store = new PrismaRetentionStore(db.prisma, {
    recentDeliveriesShown: RECENT_DELIVERIES,
    replaysAtMost: 3,
  });
  await new RetentionJob({ store, clock: fixedClock(NOW), logger: createSilentLogger(), batch }).tick();
}

async function keysOf<T>(rows: Promise<T[]>, key: (row: T) => string): Promise<string[]> {
  return (await rows).map(key).sort();
}

describe("the retention pass", () => {
  it("forgets API idempotency keys after 24 hours, finished or not", async () => {
    const key = (k: string, createdAt: Date, status: number | null) =>
      db.prisma.apiIdempotencyKey.create({ data: { tokenId, key: k, requestHash: "x", status, createdAt } });
    await key("old-done", ago(25 * HOUR), 201);
    await key("old-running", ago(25 * HOUR), null);
    await key("old-done-2", ago(3 * DAY), 200);
    await key("recent", ago(23 * HOUR), 201);
    await key("running", ago(HOUR), null);

    await purgeNow();

    expect(await keysOf(db.prisma.apiIdempotencyKey.findMany(), (r) => r.key)).toEqual(["recent", "running"]);
  });

  it("keeps processed requests for two weeks (a stale-deal nudge is keyed by its week)", async () => {
    const processed = (key: string, createdAt: Date) =>
      db.prisma.processedRequest.create({ data: { key, createdAt } });
    for (const days of [15, 16, 20, 40]) await processed(`deal.note:old-${days}`, ago(days * DAY));
    await processed("stale-nudge:deal-1:2026-12-14", ago(6 * DAY));
    await processed("deal.move:recent", ago(13 * DAY));

    await purgeNow();

    expect(await keysOf(db.prisma.processedRequest.findMany(), (r) => r.key)).toEqual([
      "deal.move:recent",
      "stale-nudge:deal-1:2026-12-14",
    ]);
  });

  it("keeps the processed keys that unfinished work may still be replayed against", async () => {
    const processed = (key: string, createdAt: Date) =>
      db.prisma.processedRequest.create({ data: { key, createdAt } });
    await processed("before-the-unfinished-work", ago(30 * DAY));
    await processed("claimed-by-the-unfinished-work", ago(20 * DAY - HOUR));
    const unfinished = (key: string, receivedAt: Date, attempts: number) =>
      db.prisma.acknowledgedRequest.create({
        data: {
          key,
          workspaceId: TEAM,
          body: {},
          receivedAt,
          lockedBy: OWNER,
          lockedUntil: receivedAt,
          attempts,
        },
      });
    await unfinished("still-replayable", ago(20 * DAY), 2);
    // Replayed too often: left for an operator, it holds nothing back.
    await unfinished("given-up", ago(40 * DAY), 4);

    await purgeNow();

    expect(await keysOf(db.prisma.processedRequest.findMany(), (r) => r.key)).toEqual([
      "claimed-by-the-unfinished-work",
    ]);
    expect(await keysOf(db.prisma.acknowledgedRequest.findMany(), (r) => r.key)).toEqual([
      "given-up",
      "still-replayable",
    ]);
  });

  it("forgets finished acknowledged work after a day and never touches unfinished work", async () => {
    const acknowledged = (key: string, receivedAt: Date, finishedAt: Date | null) =>
      db.prisma.acknowledgedRequest.create({
        data: {
          key,
          workspaceId: TEAM,
          body: {},
          receivedAt,
          lockedBy: OWNER,
          lockedUntil: receivedAt,
          finishedAt,
        },
      });
    await acknowledged("finished-2-days-ago", ago(2 * DAY), ago(2 * DAY));
    await acknowledged("finished-an-hour-ago", ago(HOUR), ago(HOUR));
    await acknowledged("unfinished-for-a-month", ago(30 * DAY), null);

    await purgeNow();

    expect(await keysOf(db.prisma.acknowledgedRequest.findMany(), (r) => r.key)).toEqual([
      "finished-an-hour-ago",
      "unfinished-for-a-month",
    ]);
  });

  it("deletes Slack effects delivered or given up over two weeks ago and keeps pending ones", async () => {
    const effect = (
      key: string,
      status: "PENDING" | "DELIVERED" | "DEAD",
      createdAt: Date,
      deliveredAt: Date | null,
      nextAttemptAt = createdAt,
    ) =>
      db.prisma.slackEffect.create({
        data: {
          workspaceId: TEAM,
          idempotencyKey: key,
          orderingKey: "C0SALES",
          kind: "deal.card",
          payload: {},
          status,
          createdAt,
          nextAttemptAt,
          deliveredAt,
        },
      });
    await effect("delivered-long-ago", "DELIVERED", ago(20 * DAY), ago(20 * DAY));
    await effect("delivered-15-days-ago", "DELIVERED", ago(16 * DAY), ago(15 * DAY));
    await effect("given-up-long-ago", "DEAD", ago(16 * DAY), null, ago(15 * DAY));
    await effect("delivered-lately-after-retries", "DELIVERED", ago(20 * DAY), ago(10 * DAY), ago(10 * DAY));
    await effect("delivered-13-days-ago", "DELIVERED", ago(13 * DAY), ago(13 * DAY));
    await effect("given-up-lately", "DEAD", ago(20 * DAY), null, ago(5 * DAY));
    await effect("pending-for-months", "PENDING", ago(90 * DAY), null);

    await purgeNow();

    expect(await keysOf(db.prisma.slackEffect.findMany(), (r) => r.idempotencyKey)).toEqual([
      "delivered-13-days-ago",
      "delivered-lately-after-retries",
      "given-up-lately",
      "pending-for-months",
    ]);
  });

  it("deletes webhook deliveries done over 30 days ago but keeps each endpoint's latest five and all still retried", async () => {
    let number = 0;
    const endpoint = async () =>
      (
        await db.prisma.webhookEndpoint.create({
          data: {
            workspaceId: TEAM,
            number: ++number,
            url: `https://hooks.example.com/${number}`,
            events: ["deal.won"],
            secret: "s",
            createdById: "U0ADMIN",
          },
        })
      ).id;
    const delivery = (endpointId: string, label: string, status: "DELIVERED" | "FAILED", at: Date) =>
      db.prisma.webhookDelivery.create({
        data: {
          endpointId,
          eventId: crypto.randomUUID(),
          eventType: label,
          orderingKey: `${endpointId}:deal`,
          body: "{}",
          status,
          createdAt: at,
          nextAttemptAt: at,
          deliveredAt: status === "DELIVERED" ? at : null,
        },
      });
    const busy = await endpoint();
    for (let i = 1; i <= 8; i++) await delivery(busy, `busy-${i}`, "DELIVERED", ago((50 - i) * DAY));
    const mixed = await endpoint();
    for (let i = 1; i <= 3; i++) await delivery(mixed, `mixed-old-${i}`, "DELIVERED", ago(40 * DAY));
    await delivery(mixed, "mixed-still-failing", "FAILED", ago(40 * DAY));
    for (let i = 1; i <= 5; i++) await delivery(mixed, `mixed-recent-${i}`, "DELIVERED", ago(i * DAY));
    const quiet = await endpoint();
    for (let i = 1; i <= 2; i++) await delivery(quiet, `quiet-${i}`, "DELIVERED", ago(100 * DAY));

    await purgeNow();

    const left = await db.prisma.webhookDelivery.findMany({ orderBy: { id: "asc" } });
    const of = (endpointId: string) =>
      left.filter((d) => d.endpointId === endpointId).map((d) => d.eventType);
    expect(of(busy)).toEqual(["busy-4", "busy-5", "busy-6", "busy-7", "busy-8"]);
    expect(of(mixed)).toEqual([
      "mixed-still-failing",
      "mixed-recent-1",
      "mixed-recent-2",
      "mixed-recent-3",
      "mixed-recent-4",
      "mixed-recent-5",
    ]);
    expect(of(quiet)).toEqual(["quiet-1", "quiet-2"]);
  });

  it("forgets scheduler claims only once their slot can never be due again", async () => {
    const claim = (job: string, slot: Date) =>
      db.prisma.jobRun.create({ data: { job, slot, claimedBy: "test", startedAt: slot } });
    await claim("digest:old", ago(8 * DAY));
    await claim("morning:old", ago(30 * DAY));
    await claim("digest:yesterday", ago(DAY));
    await claim("morning:two-days-ago", ago(2 * DAY));

    await purgeNow();

    expect(await keysOf(db.prisma.jobRun.findMany(), (r) => r.job)).toEqual([
      "digest:yesterday",
      "morning:two-days-ago",
    ]);
  });

  it("goes through a backlog larger than one batch in one pass", async () => {
    await db.prisma.processedRequest.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({ key: `old-${i}`, createdAt: ago(20 * DAY) })),
    });

    await purgeNow(4);

    expect(await db.prisma.processedRequest.count()).toBe(0);
  });
});
