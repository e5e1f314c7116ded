import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaDigestRepository } from "../../../src/db/digest-repository.ts";
import { PrismaPipelineRepository } from "../../../src/db/pipeline-repository.ts";
import { PrismaStageRepository } from "../../../src/db/stage-repository.ts";
import { PrismaWorkspaceRepository } from "../../../src/db/workspace-repository.ts";
import type { WeeklyDigest } from "../../../src/domain/digest.ts";
import { AppError, AppErrorCode } from "../../../src/lib/app-error.ts";
import { fixedClock } from "../../../src/lib/clock.ts";
import type { DigestSubscription } from "../../../src/services/digest-ports.ts";
import { DigestService } from "../../../src/services/digest-service.ts";
import { appErrorText } from "../../../src/slack/error-messages.ts";
import { isDirectMessage } from "../../../src/slack/slack-channels.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

/**
 * Monday 30 Nov 2026, 09:00 in Berlin (08:00Z): the weekly digest's slot. The week is
 * [Mon 23 Nov 08:00Z, now); the trailing window for win rate and days to close is 90 days,
 * from 1 Sep 2026 08:00Z. Every expected figure below is worked out by hand from the fixture.
 */
const NOW = new Date("2026-11-30T08:00:00.000Z");
const ZONE = "Europe/Berlin";
const TEAM = "T0DIGEST";
const OTHER = "T0OTHER";
const [ANA, BOB, DEV, LENA] = ["U0ANA", "U0BOB", "U0DEV", "U0LENA"];
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

let db: TestDatabase;
let digests: DigestService;
let repository: PrismaDigestRepository;
const clock = fixedClock(NOW);
let dealNumber = 0;

interface DealSpec {
  stage: string;
  owner: string;
  amount: string | null;
  currency: string;
  close?: string;
  nextStep?: string | null;
  quietDays?: number;
  created?: string;
  closed?: string;
  reason?: string | null;
  team?: string;
}

async function deal(spec: DealSpec): Promise<number> {
  const team = spec.team ?? TEAM;
  const stageId = (await new PrismaStageRepository(db.prisma).list(team)).find(
    (s) => s.key === spec.stage,
  )!.id;
  dealNumber += 1;
  await db.prisma.$executeRaw`
    insert into deal (id, workspace_id, number, name, amount, currency, stage_id, owner_id, expected_close_date,
                      next_step, lost_reason, last_activity_at, closed_at, created_by_id, created_at, updated_at)
    values (gen_random_uuid(), ${team}, ${dealNumber}, ${`Deal ${dealNumber}`}, ${spec.amount}::numeric, ${spec.currency},
            ${stageId}::uuid, ${spec.owner}, ${spec.close ?? null}::date, ${spec.nextStep === undefined ? "next" : spec.nextStep},
            ${spec.reason ?? null}, ${ago(spec.quietDays ?? 1)}, ${spec.closed ? new Date(spec.closed) : null}, ${spec.owner},
            ${spec.created ? new Date(spec.created) : ago(30)}, ${NOW})`;
  return dealNumber;
}

let projectNumber = 0;
let taskNumber = 0;
async function project(name: string, status: "ACTIVE" | "COMPLETED" = "ACTIVE"): Promise<string> {
  projectNumber += 1;
  const [row] = await db.prisma.$queryRaw<{ id: string }[]>`
    insert into project (id, workspace_id, number, name, kickoff_date, status, created_by_id, updated_at)
    values (gen_random_uuid(), ${TEAM}, ${projectNumber}, ${name}, '2026-11-01', ${status}::"ProjectStatus", ${ANA}, ${NOW})
    returning id`;
  return row!.id;
}

async function task(
  projectId: string,
  spec: { assignee: string | null; due: string; done?: string; dependsOn?: string },
): Promise<string> {
  taskNumber += 1;
  const [row] = await db.prisma.$queryRaw<{ id: string }[]>`
    insert into task (id, workspace_id, number, project_id, phase, position, title, due_date, assignee_id, status,
                      completed_at, updated_at)
    values (gen_random_uuid(), ${TEAM}, ${taskNumber}, ${projectId}::uuid, 'Phase', ${taskNumber}, ${`Task ${taskNumber}`},
            ${spec.due}::date, ${spec.assignee}, ${spec.done ? "DONE" : "OPEN"}::"TaskStatus",
            ${spec.done ? new Date(spec.done) : null}, ${NOW})
    returning id`;
  if (spec.dependsOn)
    await db.prisma
      .$executeRaw`insert into task_dependency (task_id, depends_on_id) values (${row!.id}::uuid, ${spec.dependsOn}::uuid)`;
  return row!.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const workspaces = new PrismaWorkspaceRepository(db.prisma);
  await workspaces.ensure(TEAM);
  await workspaces.ensure(OTHER);
  const stageRepository = new PrismaStageRepository(db.prisma);
  repository = new PrismaDigestRepository(db.prisma);
  digests = new DigestService({
    digests: repository,
    pipeline: new PrismaPipelineRepository(db.prisma),
    stages: stageRepository,
    clock,
    isDirectMessage,
  });

  // Open deals.
  /* D-1 */ await deal({ stage: "lead", owner: ANA, amount: "10000", currency: "USD", close: "2026-12-20" });
  /* D-2 */ await deal({
    stage: "lead",
    owner: BOB,
    amount: "5000",
    currency: "EUR",
    close: "2026-11-20",
    nextStep: null,
    quietDays: 8,
  });
  /* D-3 */ await deal({
    stage: "qualified",
    owner: ANA,
    amount: "20000",
    currency: "USD",
    close: "2026-12-31",
  });
  /* D-4 */ await deal({
    stage: "proposal",
    owner: ANA,
    amount: "40000",
    currency: "USD",
    close: "2026-11-29",
    quietDays: 12,
  });
  /* D-5 */ await deal({
    stage: "proposal",
    owner: BOB,
    amount: "1000.50",
    currency: "GBP",
    close: "2026-12-15",
    nextStep: "  ",
  });
  /* D-6 */ await deal({
    stage: "negotiation",
    owner: BOB,
    amount: "30000",
    currency: "USD",
    close: "2026-11-30",
    quietDays: 10,
  });
  // Won: two this week (D-8 exactly at the week's start), one earlier in the window, one before it.
  /* D-7 */ await deal({
    stage: "won",
    owner: ANA,
    amount: "25000",
    currency: "USD",
    created: "2026-11-10T08:00:00Z",
    closed: "2026-11-25T08:00:00Z",
  });
  /* D-8 */ await deal({
    stage: "won",
    owner: BOB,
    amount: "8000",
    currency: "EUR",
    created: "2026-10-01T08:00:00Z",
    closed: "2026-11-23T08:00:00Z",
  });
  /* D-9 */ await deal({
    stage: "won",
    owner: ANA,
    amount: "5000",
    currency: "USD",
    created: "2026-09-01T12:00:00Z",
    closed: "2026-10-01T12:00:00Z",
  });
  /* D-10 */ await deal({
    stage: "won",
    owner: BOB,
    amount: "7000",
    currency: "USD",
    created: "2026-07-01T12:00:00Z",
    closed: "2026-08-01T12:00:00Z",
  });
  // Lost: three this week, one 1 s before the week, one at the digest's instant (not yet counted).
  /* D-11 */ await deal({
    stage: "lost",
    owner: ANA,
    amount: "3000",
    currency: "USD",
    closed: "2026-11-24T10:00:00Z",
    reason: "Price",
  });
  /* D-12 */ await deal({
    stage: "lost",
    owner: BOB,
    amount: "4000",
    currency: "EUR",
    closed: "2026-11-28T10:00:00Z",
    reason: "Price",
  });
  /* D-13 */ await deal({
    stage: "lost",
    owner: ANA,
    amount: null,
    currency: "USD",
    closed: "2026-11-26T10:00:00Z",
    reason: null,
  });
  /* D-14 */ await deal({
    stage: "lost",
    owner: BOB,
    amount: "1000",
    currency: "USD",
    closed: "2026-11-23T07:59:59Z",
    reason: "Timing",
  });
  /* D-15 */ await deal({
    stage: "lost",
    owner: BOB,
    amount: "1000",
    currency: "USD",
    closed: "2026-11-30T08:00:00Z",
    reason: "Late",
  });
  // Another workspace: none of it may count.
  await deal({
    team: OTHER,
    stage: "lead",
    owner: ANA,
    amount: "999",
    currency: "USD",
    close: "2026-01-01",
    quietDays: 99,
  });
  await deal({
    team: OTHER,
    stage: "won",
    owner: ANA,
    amount: "999",
    currency: "USD",
    closed: "2026-11-25T08:00:00Z",
  });

  // Delivery.
  const p1 = await project("Umbrella onboarding");
  await task(p1, { assignee: LENA, due: "2026-11-20", done: "2026-11-25T10:00:00Z" }); // T-1 done this week
  await task(p1, { assignee: LENA, due: "2026-11-18", done: "2026-11-20T10:00:00Z" }); // T-2 done before
  await task(p1, { assignee: LENA, due: "2026-11-27" }); // T-3 overdue
  const t4 = await task(p1, { assignee: null, due: "2026-11-28" }); // T-4 overdue, unclaimed, ready
  await task(p1, { assignee: DEV, due: "2026-11-29" }); // T-5 overdue
  await task(p1, { assignee: LENA, due: "2026-11-25", dependsOn: t4 }); // T-6 overdue (waits on T-4)
  const p2 = await project("Acme onboarding");
  const t7 = await task(p2, { assignee: null, due: "2026-12-02" }); // T-7 due in 2 days, nobody: at risk
  await task(p2, { assignee: DEV, due: "2026-12-10", dependsOn: t7 }); // T-8 waiting
  await task(p2, { assignee: null, due: "2026-12-20", dependsOn: t7 }); // T-9 unclaimed but waiting
  const p3 = await project("Globex");
  await task(p3, { assignee: LENA, due: "2026-11-30" }); // T-10 due today, claimed: fine
  await task(p3, { assignee: LENA, due: "2026-11-28", done: "2026-11-29T10:00:00Z" }); // T-11 done this week
  const p4 = await project("Old project", "COMPLETED");
  await task(p4, { assignee: DEV, due: "2026-11-20", done: "2026-11-24T10:00:00Z" }); // T-12 done this week
  await task(p4, { assignee: DEV, due: "2026-11-01" }); // T-13 open in a completed project: never counts
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

const line = (n: number, owner: string, amount: string | null, currency: string) => ({
  number: n,
  name: `Deal ${n}`,
  ownerId: owner,
  amount,
  currency,
});

describe("weekly digest figures", () => {
  let digest: WeeklyDigest;
  beforeAll(async () => {
    digest = await digests.weekly(TEAM, { timeZone: ZONE, at: NOW });
  });

  it("pipeline by stage: count, value and weighted per currency", () => {
    expect(digest.stages.map(({ stageId: _, ...s }) => s)).toEqual([
      {
        name: "Lead",
        probability: 10,
        count: 2,
        totals: [
          { currency: "USD", value: "10000", weighted: "1000" },
          { currency: "EUR", value: "5000", weighted: "500" },
        ],
        change: null,
      },
      {
        name: "Qualified",
        probability: 25,
        count: 1,
        totals: [{ currency: "USD", value: "20000", weighted: "5000" }],
        change: null,
      },
      { name: "Demo", probability: 40, count: 0, totals: [], change: null },
      {
        name: "Proposal",
        probability: 60,
        count: 2,
        totals: [
          { currency: "USD", value: "40000", weighted: "24000" },
          { currency: "GBP", value: "1000.5", weighted: "600.3" },
        ],
        change: null,
      },
      {
        name: "Negotiation",
        probability: 80,
        count: 1,
        totals: [{ currency: "USD", value: "30000", weighted: "24000" }],
        change: null,
      },
    ]);
    expect(digest.previousAsOf).toBeNull();
  });

  it("forecast for the month and the quarter", () => {
    expect(digest.forecast.month).toEqual({
      label: "November 2026",
      start: "2026-11-01",
      end: "2026-11-30",
      won: [
        { currency: "USD", value: "25000" },
        { currency: "EUR", value: "8000" },
      ],
      // D-2 5000 EUR × 10 %, D-4 40000 × 60 % + D-6 30000 × 80 % USD.
      weighted: [
        { currency: "USD", value: "48000" },
        { currency: "EUR", value: "500" },
      ],
    });
    expect(digest.forecast.quarter.won).toEqual([
      { currency: "USD", value: "30000" },
      { currency: "EUR", value: "8000" },
    ]);
    // + D-1 1000, D-3 5000 USD and D-5 600.30 GBP.
    expect(digest.forecast.quarter.weighted).toEqual([
      { currency: "USD", value: "54000" },
      { currency: "GBP", value: "600.3" },
      { currency: "EUR", value: "500" },
    ]);
  });

  it("won and lost this week, with owners and reasons", () => {
    expect(digest.won).toEqual({
      count: 2,
      items: [line(7, ANA, "25000", "USD"), line(8, BOB, "8000", "EUR")],
      totals: [
        { currency: "USD", value: "25000" },
        { currency: "EUR", value: "8000" },
      ],
    });
    expect(digest.lost).toEqual({
      count: 3,
      items: [
        { ...line(12, BOB, "4000", "EUR"), reason: "Price" },
        { ...line(11, ANA, "3000", "USD"), reason: "Price" },
        { ...line(13, ANA, null, "USD"), reason: null },
      ],
      reasons: [
        { reason: "Price", count: 2 },
        { reason: "No reason given", count: 1 },
      ],
    });
  });

  it("trailing 90-day win rate and average days to close", () => {
    // Won D-7 (15 days), D-8 (53), D-9 (30); lost D-11, D-12, D-13, D-14. 3 / 7 = 42.9 %; 98 / 3 = 32.7.
    expect(digest.trailing).toEqual({ days: 90, won: 3, lost: 4, winRatePercent: 43, avgDaysToClose: 32.7 });
  });

  it("stale deals and deals whose close date has passed", () => {
    expect(digest.stale).toEqual({
      count: 2,
      items: [
        { ...line(4, ANA, "40000", "USD"), stageName: "Proposal", quietDays: 12 },
        { ...line(2, BOB, "5000", "EUR"), stageName: "Lead", quietDays: 8 },
      ],
    });
    expect(digest.pastClose).toEqual({
      count: 2,
      items: [
        { ...line(2, BOB, "5000", "EUR"), closeDate: "2026-11-20" },
        { ...line(4, ANA, "40000", "USD"), closeDate: "2026-11-29" },
      ],
    });
  });

  it("delivery: active projects, completed, overdue by person, unclaimed, at risk", () => {
    const p1 = { number: 1, name: "Umbrella onboarding", done: 2, total: 6, overdue: 4, health: "late" };
    const p2 = { number: 2, name: "Acme onboarding", done: 0, total: 3, overdue: 0, health: "at_risk" };
    const p3 = { number: 3, name: "Globex", done: 1, total: 2, overdue: 0, health: "on_track" };
    expect(digest.delivery).toEqual({
      active: { count: 3, items: [p1, p2, p3] },
      tasksCompleted: 3, // T-1, T-11, T-12
      overdueByPerson: [
        { userId: LENA, count: 2 },
        { userId: DEV, count: 1 },
        { userId: null, count: 1 },
      ],
      unclaimed: 2, // T-4, T-7
      atRisk: { count: 2, items: [p1, p2] },
    });
  });
});

describe("daily digests", () => {
  it("each person's deals needing attention (with why) and tasks overdue or due today", async () => {
    const all = await repository.dailyDigests(TEAM, {
      now: NOW,
      today: "2026-11-30",
      userId: null,
      listLimit: 10,
    });
    expect(all.map((d) => [d.userId, d.deals.count, d.tasks.count])).toEqual([
      [ANA, 1, 0],
      [BOB, 2, 0],
      [DEV, 0, 1],
      [LENA, 0, 3],
    ]);
    const bob = all.find((d) => d.userId === BOB)!;
    expect(bob.deals.items.map((d) => [d.number, d.reasons])).toEqual([
      [2, ["past_close", "stale", "no_next_step"]],
      [5, ["no_next_step"]],
    ]);
    const lena = all.find((d) => d.userId === LENA)!;
    expect(lena.tasks.items.map((t) => [t.number, t.dueDate, t.projectNumber])).toEqual([
      [6, "2026-11-25", 1],
      [3, "2026-11-27", 1],
      [10, "2026-11-30", 3],
    ]);
  });

  it("for one person, and an empty one for someone with nothing", async () => {
    clock.set(NOW);
    const ana = await digests.dailyFor(TEAM, ANA, ZONE);
    expect(ana.deals.items.map((d) => [d.number, d.reasons])).toEqual([[4, ["past_close", "stale"]]]);
    const nobody = await digests.dailyFor(TEAM, "U0NOBODY", ZONE);
    expect([nobody.deals.count, nobody.tasks.count]).toEqual([0, 0]);
  });

  it("cuts each person's lists in SQL but keeps the full count", async () => {
    const [bob] = await repository.dailyDigests(TEAM, {
      now: NOW,
      today: "2026-11-30",
      userId: BOB,
      listLimit: 1,
    });
    expect([bob!.deals.count, bob!.deals.items.length]).toEqual([2, 1]);
  });
});

describe("scheduled slots", () => {
  let weekly: DigestSubscription;

  it("a slot is posted once, even by two instances at the same moment", async () => {
    weekly = await digests.subscribe(
      { teamId: TEAM, userId: ANA, role: "manager" },
      { channelId: "C0MGMT", tokens: ["weekly", "monday", "09:00"], defaultTimeZone: ZONE },
    );
    expect(weekly.number).toBe(1);
    const other = new DigestService({
      digests: new PrismaDigestRepository(db.prisma),
      pipeline: new PrismaPipelineRepository(db.prisma),
      stages: new PrismaStageRepository(db.prisma),
      clock,
      isDirectMessage,
    });
    const results = await Promise.all([
      digests.postSlot(weekly, NOW, "a"),
      other.postSlot(weekly, NOW, "b"),
      digests.postSlot(weekly, NOW, "a"),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await digests.postSlot(weekly, NOW, "c")).toBe(false);
    expect(await db.prisma.digestRun.count({ where: { subscriptionId: weekly.id } })).toBe(1);
    expect(await db.prisma.jobRun.count({ where: { job: `digest:${weekly.id}` } })).toBe(1);
    const effects = await db.prisma.slackEffect.findMany({ where: { kind: "digest.post" } });
    expect(effects.map((e) => (e.payload as { channelId: string }).channelId)).toEqual(["C0MGMT"]);
  });

  it("the next week's digest shows the change since this one", async () => {
    /* D-18 */ await deal({
      stage: "lead",
      owner: ANA,
      amount: "2000",
      currency: "USD",
      close: "2027-01-10",
    });
    const next = new Date(NOW.getTime() + 7 * DAY);
    clock.set(next);
    expect(await digests.postSlot(weekly, next, "a")).toBe(true);
    const run = await db.prisma.digestRun.findFirstOrThrow({
      where: { subscriptionId: weekly.id, slot: next },
    });
    const figures = run.figures as unknown as WeeklyDigest;
    expect(figures.previousAsOf).toBe(NOW.toISOString());
    expect(figures.stages.find((s) => s.name === "Lead")!.change).toEqual({
      count: 1,
      totals: [
        { currency: "USD", value: "2000", weighted: "200" },
        { currency: "EUR", value: "0", weighted: "0" },
      ],
    });
    expect(figures.stages.find((s) => s.name === "Qualified")!.change).toEqual({
      count: 0,
      totals: [{ currency: "USD", value: "0", weighted: "0" }],
    });
    clock.set(NOW);
  });

  it("only managers and admins publish the weekly digest: a rep is refused with who may, and nothing is stored", async () => {
    const guarded = new DigestService({
      digests: new PrismaDigestRepository(db.prisma),
      pipeline: new PrismaPipelineRepository(db.prisma),
      stages: new PrismaStageRepository(db.prisma),
      clock,
      publishers: async () => ["U0MAYA", "U0ADMIN"],
      isDirectMessage,
    });
    const rep = { teamId: TEAM, userId: BOB, role: "member" } as const;
    const before = (await guarded.list(TEAM)).length;
    for (const attempt of [
      () => guarded.subscribe(rep, { channelId: "C0ALL", tokens: ["weekly"], defaultTimeZone: ZONE }),
      () => guarded.weeklyToShare(rep, { timeZone: ZONE }),
    ]) {
      const refusal = await attempt().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toMatchObject({
        code: AppErrorCode.Forbidden,
        reason: "digest.publish_weekly_forbidden",
        details: { allowed: ["U0MAYA", "U0ADMIN"] },
      });
    }
    expect(await guarded.list(TEAM)).toHaveLength(before);
    const manager = { ...rep, role: "manager" } as const;
    await expect(guarded.weeklyToShare(manager, { timeZone: ZONE })).resolves.toMatchObject({
      kind: "weekly",
    });
  });

  it("a daily subscription in a channel DMs each person who has something, nobody else", async () => {
    const daily = await digests.subscribe(
      { teamId: TEAM, userId: ANA, role: "member" },
      { channelId: "C0SALES", tokens: ["daily", "08:30"], defaultTimeZone: ZONE },
    );
    const slot = new Date("2026-11-30T07:30:00Z");
    expect(await digests.postSlot(daily, slot, "a")).toBe(true);
    const dms = await db.prisma.slackEffect.findMany({
      where: { kind: "digest.dm" },
      orderBy: { id: "asc" },
    });
    expect(dms.map((e) => (e.payload as { userId: string }).userId)).toEqual([ANA, BOB, DEV, LENA]);
  });

  it("a personal daily subscription from a DM goes to its owner only, and not at all when empty", async () => {
    const before = await db.prisma.slackEffect.count({ where: { kind: "digest.dm" } });
    const mine = await digests.subscribe(
      { teamId: TEAM, userId: DEV, role: "member" },
      { channelId: "D0DEV", tokens: ["daily"], defaultTimeZone: ZONE },
    );
    const quiet = await digests.subscribe(
      { teamId: TEAM, userId: "U0NOBODY", role: "member" },
      { channelId: "D0NOBODY", tokens: ["daily"], defaultTimeZone: ZONE },
    );
    const slot = new Date("2026-11-30T07:30:00Z");
    await digests.postSlot(mine, slot, "a");
    await digests.postSlot(quiet, slot, "a");
    const dms = await db.prisma.slackEffect.findMany({
      where: { kind: "digest.dm" },
      orderBy: { id: "asc" },
    });
    expect(dms.slice(before).map((e) => (e.payload as { userId: string }).userId)).toEqual([DEV]);
  });

  it("list, and unsubscribe by number or id prefix with specific refusals", async () => {
    const listed = await digests.list(TEAM);
    expect(listed.map((l) => l.subscription.number)).toEqual([1, 2, 3, 4]);
    expect(listed[0]!.next.toISOString()).toBe("2026-12-07T08:00:00.000Z");
    const bob = { teamId: TEAM, userId: BOB, role: "member" } as const;
    expect(await refusalText(digests.unsubscribe(bob, "S-1"))).toMatch(/Only the person who made S-1/);
    expect(await refusalText(digests.unsubscribe(bob, "S-99"))).toMatch(/no active subscription `S-99`/);
    expect(await refusalText(digests.unsubscribe(bob, "weekly!"))).toMatch(/is not a subscription/);
    const cancelled = await digests.unsubscribe(
      { teamId: TEAM, userId: ANA, role: "member" },
      weekly.id.slice(0, 8),
    );
    expect(cancelled.number).toBe(1);
    expect(await refusalText(digests.unsubscribe({ ...bob, role: "manager" }, "S-1"))).toMatch(
      /no active subscription/,
    );
    expect((await digests.list(TEAM)).map((l) => l.subscription.number)).toEqual([2, 3, 4]);
  });

  it("the default weekly subscription is made once, and stays gone once cancelled", async () => {
    await Promise.all([
      digests.ensureDefault(OTHER, "C0DIGEST", ZONE),
      digests.ensureDefault(OTHER, "C0DIGEST", ZONE),
    ]);
    const [made] = await repository.listActive(OTHER);
    expect(made).toMatchObject({
      channelId: "C0DIGEST",
      isDefault: true,
      schedule: { kind: "weekly", dayOfWeek: 1, time: "09:00", timeZone: ZONE },
    });
    expect(await repository.listActive(OTHER)).toHaveLength(1);
    // It follows the settings: another digest channel or zone moves it, without a second one.
    await digests.ensureDefault(OTHER, "C0NEWDIGEST", "America/New_York");
    const moved = await repository.listActive(OTHER);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ channelId: "C0NEWDIGEST", schedule: { timeZone: "America/New_York" } });
    await digests.unsubscribe({ teamId: OTHER, userId: "U0ADMIN", role: "admin" }, `S-${made!.number}`);
    await digests.ensureDefault(OTHER, "C0DIGEST", ZONE);
    expect(await repository.listActive(OTHER)).toHaveLength(0);
  });

  it("one subscription per channel and kind, even when three people subscribe it at once", async () => {
    const manager = { teamId: TEAM, userId: "U0MAYA", role: "manager" } as const;
    const results = await Promise.all(
      ["08:00", "09:00", "10:00"].map((time) =>
        digests.subscribe(manager, {
          channelId: "C0RACE",
          tokens: ["weekly", "friday", time],
          defaultTimeZone: ZONE,
        }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.replaced === null)).toHaveLength(1);
    const rows = await db.prisma.digestSubscription.findMany({
      where: { workspaceId: TEAM, channelId: "C0RACE" },
    });
    expect(rows).toHaveLength(1);
    expect(["08:00", "09:00", "10:00"]).toContain(rows[0]!.time);

    // Cancelled, then subscribed again: the same subscription comes back, under its number.
    await digests.unsubscribe(manager, `S-${results[0]!.number}`);
    const again = await digests.subscribe(manager, {
      channelId: "C0RACE",
      tokens: ["weekly", "monday"],
      defaultTimeZone: ZONE,
    });
    expect(again).toMatchObject({ number: results[0]!.number, replaced: null, schedule: { dayOfWeek: 1 } });
  });

  it("a rep cannot change another person's subscription by subscribing the channel again", async () => {
    const daily = await digests.subscribe(
      { teamId: TEAM, userId: ANA, role: "member" },
      { channelId: "C0DAILYONE", tokens: ["daily", "08:00"], defaultTimeZone: ZONE },
    );
    const refusal = await digests
      .subscribe(
        { teamId: TEAM, userId: BOB, role: "member" },
        { channelId: "C0DAILYONE", tokens: ["daily", "07:00"], defaultTimeZone: ZONE },
      )
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: AppErrorCode.Forbidden,
      reason: "digest.change_subscription_forbidden",
      details: { number: daily.number, createdById: ANA },
    });
    expect((await repository.findForChannel(TEAM, "C0DAILYONE", "daily"))?.schedule.time).toBe("08:00");
  });

  it("no default weekly digest beside a person's weekly subscription of the same channel", async () => {
    const team = "T0DEMO";
    await new PrismaWorkspaceRepository(db.prisma).ensure(team);
    await digests.subscribe(
      { teamId: team, userId: "U0MAYA", role: "manager" },
      { channelId: "C0DIGEST", tokens: ["weekly", "monday", "09:00"], defaultTimeZone: "UTC" },
    );
    await digests.ensureDefault(team, "C0DIGEST", "UTC");
    const active = await repository.listActive(team);
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ channelId: "C0DIGEST", isDefault: false });
  });
});

/** The words a person would read for a service's refusal. */
async function refusalText(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return appErrorText(error as AppError);
}
