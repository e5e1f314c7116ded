import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaDealRepository } from "../../../src/db/deal-repository.ts";
import { PrismaPipelineRepository } from "../../../src/db/pipeline-repository.ts";
import { PrismaStageRepository } from "../../../src/db/stage-repository.ts";
import { PrismaUnitOfWork } from "../../../src/db/unit-of-work.ts";
import { PrismaWorkspaceRepository } from "../../../src/db/workspace-repository.ts";
import type { Deal } from "../../../src/domain/deal.ts";
import type { PipelineSummary } from "../../../src/domain/pipeline.ts";
import type { Stage } from "../../../src/domain/stages.ts";
import { fixedClock } from "../../../src/lib/clock.ts";
import { type ActorContext, type DealInput, DealService } from "../../../src/services/deal-service.ts";
import { PipelineService } from "../../../src/services/pipeline-service.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

/**
 * Tuesday 24 Nov 2026, 11:00 in Berlin (CET, UTC+1). This month is 1–30 Nov, this quarter
 * 1 Oct – 31 Dec. Every expected figure below is worked out by hand from the fixture.
 */
const NOW = new Date("2026-11-24T10:00:00.000Z");
const ZONE = "Europe/Berlin";
const TEAM = "T0PIPE";
const OTHER_TEAM = "T0ELSEWHERE";
const ANA = "U0ANA";
const BOB = "U0BOB";
const DAY_MS = 86_400_000;

let db: TestDatabase;
let deals: DealService;
let pipeline: PipelineService;
const clock = fixedClock(NOW);
/** The fixture's deals by their number. */
const byNumber = new Map<number, Deal>();

function actor(teamId: string): ActorContext {
  return { teamId, userId: ANA, role: "admin", salesChannelId: undefined };
}

function stageId(stages: readonly Stage[], key: string): string {
  const found = stages.find((s) => s.key === key);
  if (!found) throw new Error(`no stage ${key}`);
  return found.id;
}

interface Spec {
  stage: string;
  owner: string;
  amount: string | null;
  currency: string;
  close: string | null;
}

let created = 0;
async function add(teamId: string, stages: readonly Stage[], spec: Spec): Promise<Deal> {
  const input: DealInput = {
    name: `Deal ${spec.stage} ${spec.amount ?? "no amount"}`,
    accountName: null,
    amount: spec.amount,
    currency: spec.currency,
    expectedCloseDate: spec.close,
    ownerId: spec.owner,
    stageId: stageId(stages, spec.stage),
    nextStep: null,
    nextStepDate: null,
    source: null,
    contacts: [],
  };
  created += 1;
  const { deal } = await deals.create(actor(teamId), input, `fixture-${created}`);
  return deal;
}

async function setLastActivity(deal: Deal, daysAgo: number, extraMs = 0): Promise<void> {
  const at = new Date(NOW.getTime() - daysAgo * DAY_MS - extraMs);
  await db.prisma.$executeRaw`update deal set last_activity_at = ${at} where id = ${deal.id}::uuid`;
}

async function markWon(stages: readonly Stage[], deal: Deal, closedAt: string): Promise<void> {
  await db.prisma.$executeRaw`
    update deal set stage_id = ${stageId(stages, "won")}::uuid, closed_at = ${new Date(closedAt)}
    where id = ${deal.id}::uuid`;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const stageRepository = new PrismaStageRepository(db.prisma);
  deals = new DealService({
    deals: new PrismaDealRepository(db.prisma),
    stages: stageRepository,
    unitOfWork: new PrismaUnitOfWork(db.prisma),
    clock,
    people: { kindOf: async () => "person" },
  });
  pipeline = new PipelineService({
    pipeline: new PrismaPipelineRepository(db.prisma),
    stages: stageRepository,
    clock,
  });

  const workspaces = new PrismaWorkspaceRepository(db.prisma);
  await workspaces.ensure(TEAM);
  await workspaces.ensure(OTHER_TEAM);
  const stages = await deals.stages(TEAM);

  const specs: Spec[] = [
    /* D-1  */ { stage: "lead", owner: ANA, amount: "10000", currency: "USD", close: "2026-11-24" },
    /* D-2  */ { stage: "lead", owner: BOB, amount: "5000.50", currency: "EUR", close: "2026-11-28" },
    /* D-3  */ { stage: "qualified", owner: ANA, amount: "20000", currency: "USD", close: "2026-12-15" },
    /* D-4  */ { stage: "qualified", owner: BOB, amount: "12345.67", currency: "USD", close: "2027-01-20" },
    /* D-5  */ { stage: "proposal", owner: ANA, amount: "40000", currency: "EUR", close: "2026-11-30" },
    /* D-6  */ { stage: "proposal", owner: BOB, amount: "333.33", currency: "USD", close: "2026-10-15" },
    /* D-7  */ { stage: "lead", owner: BOB, amount: null, currency: "USD", close: "2026-11-26" },
    /* D-8  */ { stage: "proposal", owner: ANA, amount: "50000", currency: "USD", close: "2026-11-20" },
    /* D-9  */ { stage: "proposal", owner: BOB, amount: "7000", currency: "EUR", close: "2026-11-01" },
    /* D-10 */ { stage: "proposal", owner: ANA, amount: "8000", currency: "USD", close: "2026-10-05" },
    /* D-11 */ { stage: "negotiation", owner: ANA, amount: "99999", currency: "USD", close: "2026-11-25" },
    /* D-12 */ { stage: "negotiation", owner: BOB, amount: "1000", currency: "GBP", close: "2026-12-31" },
    /* D-13 */ { stage: "proposal", owner: BOB, amount: "1000", currency: "USD", close: "2026-11-30" },
    /* D-14 */ { stage: "proposal", owner: ANA, amount: "2000", currency: "USD", close: "2026-09-30" },
  ];
  for (const spec of specs) {
    const deal = await add(TEAM, stages, spec);
    byNumber.set(deal.number, deal);
  }
  const d = (n: number) => byNumber.get(n)!;

  // Won this month: on 10 Nov, and at 00:30 on 1 Nov in Berlin (still 31 Oct in UTC).
  await markWon(stages, d(8), "2026-11-10T12:00:00.000Z");
  await markWon(stages, d(9), "2026-10-31T23:30:00.000Z");
  // Won this quarter but not this month: 5 Oct, and 00:30 on 1 Dec in Berlin (30 Nov in UTC).
  await markWon(stages, d(10), "2026-10-05T10:00:00.000Z");
  await markWon(stages, d(13), "2026-11-30T23:30:00.000Z");
  // Won last quarter: 23:59:59 on 30 Sep in Berlin (CEST).
  await markWon(stages, d(14), "2026-09-30T21:59:59.000Z");
  // Lost: counts nowhere.
  await deals.markLost(actor(TEAM), d(11).id, "went with a competitor");

  // Stale: Lead after 7 days, Qualified after 14, Proposal after 10 (strictly more).
  await setLastActivity(d(2), 30); // Lead, 23 days past its period
  await setLastActivity(d(3), 20); // Qualified, 6 days past
  await setLastActivity(d(1), 10); // Lead, 3 days past
  await setLastActivity(d(5), 11); // Proposal, 1 day past
  await setLastActivity(d(6), 10); // Proposal, exactly its period: not stale yet
  await setLastActivity(d(4), 14, -1); // Qualified, 1 ms short of its period: not stale
  await setLastActivity(d(8), 90); // won: never stale
  await setLastActivity(d(11), 90); // lost: never stale

  // Another workspace with deals everywhere: none of it may count.
  const otherStages = await deals.stages(OTHER_TEAM);
  const elsewhere = await add(OTHER_TEAM, otherStages, {
    stage: "proposal",
    owner: ANA,
    amount: "1000000",
    currency: "USD",
    close: "2026-11-25",
  });
  await setLastActivity(elsewhere, 60);
  const elsewhereWon = await add(OTHER_TEAM, otherStages, {
    stage: "negotiation",
    owner: ANA,
    amount: "500000",
    currency: "EUR",
    close: "2026-11-10",
  });
  await markWon(otherStages, elsewhereWon, "2026-11-11T10:00:00.000Z");
});
afterAll(() => db.drop());

function stageFigures(summary: PipelineSummary) {
  return summary.stages.map((s) => ({ stage: s.stage.key, count: s.count, totals: s.totals }));
}

describe("PipelineService.summarise for the whole workspace", () => {
  let summary: PipelineSummary;
  beforeAll(async () => {
    summary = await pipeline.summarise(TEAM, { timeZone: ZONE });
  });

  it("knows which day, month and quarter it is in the workspace's zone", () => {
    expect(summary.today).toBe("2026-11-24");
    expect(summary.scope).toEqual({ kind: "all" });
    expect(summary.month).toMatchObject({ label: "November 2026", start: "2026-11-01", end: "2026-11-30" });
    expect(summary.quarter).toMatchObject({ label: "Q4 2026", start: "2026-10-01", end: "2026-12-31" });
  });

  it("counts, values and weights the open deals per stage and currency", () => {
    expect(stageFigures(summary)).toEqual([
      {
        stage: "lead",
        count: 3, // D-1, D-2, D-7 (no amount)
        totals: [
          { currency: "USD", value: "10000", weighted: "1000" },
          { currency: "EUR", value: "5000.5", weighted: "500.05" },
        ],
      },
      {
        stage: "qualified",
        count: 2, // D-3, D-4: 20000 + 12345.67; 25% of 32345.67 = 8086.4175
        totals: [{ currency: "USD", value: "32345.67", weighted: "8086.42" }],
      },
      { stage: "demo", count: 0, totals: [] },
      {
        stage: "proposal",
        count: 2, // D-5, D-6 (D-8, D-9, D-10, D-13 and D-14 are won); 60% of 333.33 = 199.998
        totals: [
          { currency: "EUR", value: "40000", weighted: "24000" },
          { currency: "USD", value: "333.33", weighted: "200" },
        ],
      },
      {
        stage: "negotiation",
        count: 1, // D-12 (D-11 is lost)
        totals: [{ currency: "GBP", value: "1000", weighted: "800" }],
      },
    ]);
  });

  it("forecasts this month: won in November in Berlin, and open deals closing in November, weighted", () => {
    // Won: D-8 USD 50000 (10 Nov) and D-9 EUR 7000 (1 Nov 00:30 in Berlin).
    expect(summary.month.won).toEqual([
      { currency: "USD", value: "50000" },
      { currency: "EUR", value: "7000" },
    ]);
    // Weighted: D-2 EUR 5000.50 × 10% = 500.05, D-5 EUR 40000 × 60% = 24000, D-1 USD 10000 × 10% = 1000.
    // D-7 closes in November but has no amount.
    expect(summary.month.weighted).toEqual([
      { currency: "EUR", value: "24500.05" },
      { currency: "USD", value: "1000" },
    ]);
  });

  it("forecasts this quarter the same way", () => {
    // Won: D-8 50000 + D-10 8000 + D-13 1000 (1 Dec in Berlin) USD; D-9 7000 EUR. D-14 was Q3.
    expect(summary.quarter.won).toEqual([
      { currency: "USD", value: "59000" },
      { currency: "EUR", value: "7000" },
    ]);
    // EUR: 500.05 + 24000. USD: D-1 1000 + D-3 5000 + D-6 199.998 = 6199.998. GBP: D-12 800.
    // D-4 closes in January.
    expect(summary.quarter.weighted).toEqual([
      { currency: "EUR", value: "24500.05" },
      { currency: "USD", value: "6200" },
      { currency: "GBP", value: "800" },
    ]);
  });

  it("lists the stale deals, most overdue first", () => {
    expect(summary.stale.map((d) => d.number)).toEqual([2, 3, 1, 5]);
    expect(summary.staleCount).toBe(4);
  });
});

describe("PipelineService.summarise for one owner", () => {
  it("counts only Ana's deals", async () => {
    const summary = await pipeline.summarise(TEAM, { ownerId: ANA, timeZone: ZONE });
    expect(summary.scope).toEqual({ kind: "owner", userId: ANA });
    expect(stageFigures(summary)).toEqual([
      { stage: "lead", count: 1, totals: [{ currency: "USD", value: "10000", weighted: "1000" }] },
      { stage: "qualified", count: 1, totals: [{ currency: "USD", value: "20000", weighted: "5000" }] },
      { stage: "demo", count: 0, totals: [] },
      { stage: "proposal", count: 1, totals: [{ currency: "EUR", value: "40000", weighted: "24000" }] },
      { stage: "negotiation", count: 0, totals: [] },
    ]);
    expect(summary.month.won).toEqual([{ currency: "USD", value: "50000" }]);
    expect(summary.month.weighted).toEqual([
      { currency: "EUR", value: "24000" },
      { currency: "USD", value: "1000" },
    ]);
    expect(summary.quarter.won).toEqual([{ currency: "USD", value: "58000" }]);
    expect(summary.quarter.weighted).toEqual([
      { currency: "EUR", value: "24000" },
      { currency: "USD", value: "6000" },
    ]);
    expect(summary.stale.map((d) => d.number)).toEqual([3, 1, 5]);
    expect(summary.staleCount).toBe(3);
  });

  it("counts only Bob's deals", async () => {
    const summary = await pipeline.summarise(TEAM, { ownerId: BOB, timeZone: ZONE });
    expect(stageFigures(summary)).toEqual([
      {
        stage: "lead",
        count: 2, // D-2, and D-7 without an amount
        totals: [
          { currency: "EUR", value: "5000.5", weighted: "500.05" },
          { currency: "USD", value: "0", weighted: "0" },
        ],
      },
      { stage: "qualified", count: 1, totals: [{ currency: "USD", value: "12345.67", weighted: "3086.42" }] },
      { stage: "demo", count: 0, totals: [] },
      { stage: "proposal", count: 1, totals: [{ currency: "USD", value: "333.33", weighted: "200" }] },
      { stage: "negotiation", count: 1, totals: [{ currency: "GBP", value: "1000", weighted: "800" }] },
    ]);
    expect(summary.month.won).toEqual([{ currency: "EUR", value: "7000" }]);
    expect(summary.month.weighted).toEqual([{ currency: "EUR", value: "500.05" }]);
    expect(summary.quarter.won).toEqual([
      { currency: "EUR", value: "7000" },
      { currency: "USD", value: "1000" },
    ]);
    // D-12 GBP 1000 × 80%, D-2 EUR 5000.50 × 10%, D-6 USD 333.33 × 60% = 199.998.
    expect(summary.quarter.weighted).toEqual([
      { currency: "GBP", value: "800" },
      { currency: "EUR", value: "500.05" },
      { currency: "USD", value: "200" },
    ]);
    expect(summary.stale.map((d) => d.number)).toEqual([2]);
    expect(summary.staleCount).toBe(1);
  });

  it("is empty for someone without deals", async () => {
    const summary = await pipeline.summarise(TEAM, { ownerId: "U0NOBODY", timeZone: ZONE });
    expect(summary.stages.map((s) => [s.count, s.totals])).toEqual(Array(5).fill([0, []]));
    expect(summary.month).toMatchObject({ won: [], weighted: [] });
    expect(summary.quarter).toMatchObject({ won: [], weighted: [] });
    expect(summary.stale).toEqual([]);
    expect(summary.staleCount).toBe(0);
  });
});

describe("PipelineService.summarise across zones and workspaces", () => {
  it("reads 'this month' in the zone it is given: in UTC, D-9 was won in October and D-13 in November", async () => {
    const summary = await pipeline.summarise(TEAM, { timeZone: "UTC" });
    expect(summary.today).toBe("2026-11-24");
    // UTC: D-8 USD 50000 and D-13 USD 1000 in November; D-9 EUR 7000 on 31 Oct.
    expect(summary.month.won).toEqual([{ currency: "USD", value: "51000" }]);
    expect(summary.quarter.won).toEqual([
      { currency: "USD", value: "59000" },
      { currency: "EUR", value: "7000" },
    ]);
  });

  it("keeps the other workspace's figures to itself", async () => {
    const summary = await pipeline.summarise(OTHER_TEAM, { timeZone: ZONE });
    expect(stageFigures(summary).filter((s) => s.count > 0)).toEqual([
      { stage: "proposal", count: 1, totals: [{ currency: "USD", value: "1000000", weighted: "600000" }] },
    ]);
    expect(summary.month.won).toEqual([{ currency: "EUR", value: "500000" }]);
    expect(summary.month.weighted).toEqual([{ currency: "USD", value: "600000" }]);
    expect(summary.stale).toHaveLength(1);
    expect(summary.staleCount).toBe(1);
  });

  it("shows at most 10 stale deals but counts them all", async () => {
    const teamId = "T0MANYSTALE";
    await new PrismaWorkspaceRepository(db.prisma).ensure(teamId);
    const stages = await deals.stages(teamId);
    for (let i = 0; i < 12; i++) {
      const deal = await add(teamId, stages, {
        stage: "lead",
        owner: ANA,
        amount: null,
        currency: "USD",
        close: null,
      });
      await setLastActivity(deal, 8 + i); // D-1 is 1 day past, D-12 is 12 days past
    }
    const summary = await pipeline.summarise(teamId, { timeZone: ZONE });
    expect(summary.staleCount).toBe(12);
    expect(summary.stale.map((d) => d.number)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(summary.stages[0]).toMatchObject({
      count: 12,
      totals: [{ currency: "USD", value: "0", weighted: "0" }],
    });
  });
});
