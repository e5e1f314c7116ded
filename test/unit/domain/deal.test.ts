import { describe, expect, it } from "vitest";
import {
  type Actor,
  canChangeDeal,
  checkMove,
  compareUrgency,
  type Deal,
  daysSince,
  daysToClose,
  isStale,
  missingDetails,
} from "../../../src/domain/deal.ts";
import { DEFAULT_STAGES, type Stage } from "../../../src/domain/stages.ts";

const DAY_MS = 86_400_000;
/** Wednesday 2 Dec 2026, mid-morning UTC. */
const NOW = new Date("2026-12-02T10:00:00.000Z");
const TODAY = "2026-12-02";

const STAGES: readonly Stage[] = DEFAULT_STAGES.map((definition) => ({
  ...definition,
  id: `stage-${definition.key}`,
}));

function stage(key: string): Stage {
  const found = STAGES.find((s) => s.key === key);
  if (!found) throw new Error(`no stage ${key}`);
  return found;
}

function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * DAY_MS);
}

function makeDeal(overrides: Partial<Deal> = {}): Deal {
  return {
    id: "deal-1",
    number: 1,
    name: "Acme renewal",
    accountName: "Acme",
    contacts: [],
    amount: "12000",
    currency: "USD",
    stage: stage("demo"),
    ownerId: "U0ANA",
    awaitingOwner: false,
    expectedCloseDate: "2026-12-20",
    nextStep: null,
    nextStepDate: null,
    source: null,
    lostReason: null,
    stageEnteredAt: daysAgo(2),
    lastActivityAt: daysAgo(1),
    closedAt: null,
    createdAt: daysAgo(30),
    card: null,
    version: 0,
    ...overrides,
  };
}

describe("canChangeDeal", () => {
  const deal = { ownerId: "U0ANA" };
  it.each<[string, Actor, boolean]>([
    ["the owner (a member)", { userId: "U0ANA", role: "member" }, true],
    ["a manager who doesn't own it", { userId: "U0MAYA", role: "manager" }, true],
    ["an admin who doesn't own it", { userId: "U0ADA", role: "admin" }, true],
    ["another member", { userId: "U0BOB", role: "member" }, false],
  ])("%s → %s", (_who, actor, allowed) => {
    expect(canChangeDeal(actor, deal)).toBe(allowed);
  });

  it("compares user ids exactly (case matters)", () => {
    expect(canChangeDeal({ userId: "u0ana", role: "member" }, deal)).toBe(false);
  });
});

describe("checkMove", () => {
  it("same_stage: the deal is already there (also for a won deal)", () => {
    expect(checkMove(makeDeal(), stage("demo"))).toEqual({ ok: false, reason: "same_stage" });
    expect(checkMove(makeDeal({ stage: stage("won") }), stage("won"))).toEqual({
      ok: false,
      reason: "same_stage",
    });
  });

  it("won_is_final: a won deal can't move anywhere else", () => {
    for (const key of ["lead", "proposal", "lost"]) {
      expect(checkMove(makeDeal({ stage: stage("won") }), stage(key))).toEqual({
        ok: false,
        reason: "won_is_final",
      });
    }
  });

  it("needs_handoff: Won goes through the handoff form, even with every detail present", () => {
    expect(checkMove(makeDeal(), stage("won"))).toEqual({ ok: false, reason: "needs_handoff" });
    expect(checkMove(makeDeal({ stage: stage("lost") }), stage("won"))).toEqual({
      ok: false,
      reason: "needs_handoff",
    });
  });

  it("needs_reason: Lost goes through its form, even without amount or date", () => {
    expect(checkMove(makeDeal({ amount: null, expectedCloseDate: null }), stage("lost"))).toEqual({
      ok: false,
      reason: "needs_reason",
    });
  });

  it.each<[string | null, string | null, readonly string[]]>([
    [null, "2026-12-20", ["amount"]],
    ["12000", null, ["close date"]],
    [null, null, ["amount", "close date"]],
  ])("needs_details with amount %j and close date %j → missing %j", (amount, date, missing) => {
    const deal = makeDeal({ stage: stage("lead"), amount, expectedCloseDate: date });
    for (const key of ["qualified", "demo", "proposal", "negotiation"]) {
      expect(checkMove(deal, stage(key))).toEqual({ ok: false, reason: "needs_details", missing });
    }
  });

  it("ok: forwards and backwards between open stages with the details present", () => {
    expect(checkMove(makeDeal({ stage: stage("lead") }), stage("proposal"))).toEqual({ ok: true });
    expect(checkMove(makeDeal({ stage: stage("negotiation") }), stage("qualified"))).toEqual({ ok: true });
  });

  it("ok: into Lead needs nothing", () => {
    const deal = makeDeal({ stage: stage("demo"), amount: null, expectedCloseDate: null });
    expect(checkMove(deal, stage("lead"))).toEqual({ ok: true });
  });

  it("ok: a lost deal may be reopened into an open stage", () => {
    expect(checkMove(makeDeal({ stage: stage("lost") }), stage("proposal"))).toEqual({ ok: true });
    expect(checkMove(makeDeal({ stage: stage("lost"), amount: null }), stage("lead"))).toEqual({ ok: true });
    expect(checkMove(makeDeal({ stage: stage("lost"), amount: null }), stage("demo"))).toEqual({
      ok: false,
      reason: "needs_details",
      missing: ["amount"],
    });
  });

  it("treats an amount of zero as present", () => {
    expect(checkMove(makeDeal({ stage: stage("lead"), amount: "0" }), stage("demo"))).toEqual({ ok: true });
  });
});

describe("missingDetails", () => {
  it("asks nothing of a stage without the requirement", () => {
    expect(missingDetails({ amount: null, expectedCloseDate: null }, stage("lead"))).toEqual([]);
    expect(missingDetails({ amount: null, expectedCloseDate: null }, stage("qualified"))).toEqual([
      "amount",
      "close date",
    ]);
  });
});

describe("isStale", () => {
  it.each([
    ["lead", 7],
    ["qualified", 14],
    ["demo", 14],
    ["proposal", 10],
    ["negotiation", 10],
  ])("%s: not stale at exactly %i days, stale one millisecond later", (key, days) => {
    const lastActivityAt = daysAgo(days);
    const deal = makeDeal({ stage: stage(key), lastActivityAt });
    expect(isStale(deal, NOW)).toBe(false);
    expect(isStale(deal, new Date(NOW.getTime() + 1))).toBe(true);
    expect(isStale(deal, new Date(NOW.getTime() - 1))).toBe(false);
  });

  it("a won or lost deal is never stale", () => {
    for (const key of ["won", "lost"]) {
      expect(isStale(makeDeal({ stage: stage(key), lastActivityAt: daysAgo(400) }), NOW)).toBe(false);
    }
  });

  it("an open stage without a stale period never goes stale", () => {
    const patient: Stage = { ...stage("demo"), staleAfterDays: null };
    expect(isStale(makeDeal({ stage: patient, lastActivityAt: daysAgo(400) }), NOW)).toBe(false);
  });
});

describe("daysSince", () => {
  it("counts whole days, rounding down", () => {
    expect(daysSince(daysAgo(3), NOW)).toBe(3);
    expect(daysSince(new Date(daysAgo(3).getTime() + 1), NOW)).toBe(2);
    expect(daysSince(NOW, NOW)).toBe(0);
  });
});

describe("daysToClose", () => {
  it("rounds the time from opening to closing to whole days, 0 while open or for a clock that disagrees", () => {
    const createdAt = daysAgo(23);
    expect(daysToClose({ createdAt, closedAt: new Date(NOW.getTime() + 10 * 3_600_000) })).toBe(23);
    expect(daysToClose({ createdAt, closedAt: new Date(NOW.getTime() + 14 * 3_600_000) })).toBe(24);
    expect(daysToClose({ createdAt, closedAt: null })).toBe(0);
    expect(daysToClose({ createdAt: NOW, closedAt: daysAgo(1) })).toBe(0);
  });
});

describe("compareUrgency", () => {
  const sort = (deals: Deal[]) => [...deals].sort(compareUrgency(TODAY, NOW)).map((d) => d.name);

  it("orders: close date passed < stale < nearest date < no date < closed deals", () => {
    const deals = [
      makeDeal({ number: 1, name: "won", stage: stage("won"), expectedCloseDate: "2026-11-01" }),
      makeDeal({ number: 2, name: "no date", expectedCloseDate: null }),
      makeDeal({ number: 3, name: "soon", expectedCloseDate: "2026-12-10" }),
      makeDeal({
        number: 4,
        name: "stale",
        stage: stage("lead"),
        expectedCloseDate: null,
        lastActivityAt: daysAgo(8),
      }),
      makeDeal({ number: 5, name: "overdue", expectedCloseDate: "2026-12-01" }),
      makeDeal({ number: 6, name: "lost", stage: stage("lost"), expectedCloseDate: null }),
    ];
    expect(sort(deals)).toEqual(["overdue", "stale", "soon", "no date", "won", "lost"]);
  });

  it("a close date of today has not passed; yesterday has", () => {
    const deals = [
      makeDeal({ number: 1, name: "today", expectedCloseDate: TODAY }),
      makeDeal({ number: 2, name: "yesterday", expectedCloseDate: "2026-12-01" }),
    ];
    expect(sort(deals)).toEqual(["yesterday", "today"]);
  });

  it("an overdue deal that is also stale still comes before a deal that is only stale", () => {
    const deals = [
      makeDeal({ number: 1, name: "stale", expectedCloseDate: "2026-12-30", lastActivityAt: daysAgo(20) }),
      makeDeal({ number: 2, name: "overdue", expectedCloseDate: "2026-11-30", lastActivityAt: daysAgo(1) }),
    ];
    expect(sort(deals)).toEqual(["overdue", "stale"]);
  });

  it("within a rank, the nearest of close date and next step date comes first", () => {
    const deals = [
      makeDeal({ number: 1, name: "close 20th", expectedCloseDate: "2026-12-20" }),
      makeDeal({
        number: 2,
        name: "next step 5th",
        expectedCloseDate: "2026-12-30",
        nextStepDate: "2026-12-05",
      }),
      makeDeal({ number: 3, name: "close 10th", expectedCloseDate: "2026-12-10" }),
    ];
    expect(sort(deals)).toEqual(["next step 5th", "close 10th", "close 20th"]);
  });

  it("ties go to the oldest activity, then the lowest number", () => {
    const deals = [
      makeDeal({ number: 3, name: "recent", expectedCloseDate: null, lastActivityAt: daysAgo(1) }),
      makeDeal({ number: 2, name: "older, D-2", expectedCloseDate: null, lastActivityAt: daysAgo(3) }),
      makeDeal({ number: 1, name: "older, D-1", expectedCloseDate: null, lastActivityAt: daysAgo(3) }),
    ];
    expect(sort(deals)).toEqual(["older, D-1", "older, D-2", "recent"]);
  });

  it("is antisymmetric and reflexive on a mixed list", () => {
    const deals = [
      makeDeal({ number: 1, expectedCloseDate: "2026-11-01" }),
      makeDeal({ number: 2, stage: stage("lead"), lastActivityAt: daysAgo(9), expectedCloseDate: null }),
      makeDeal({ number: 3, expectedCloseDate: "2026-12-24" }),
      makeDeal({ number: 4, expectedCloseDate: null }),
      makeDeal({ number: 5, stage: stage("won") }),
    ];
    const compare = compareUrgency(TODAY, NOW);
    for (const a of deals) {
      expect(compare(a, a)).toBe(0);
      for (const b of deals) {
        if (a !== b) expect(Math.sign(compare(a, b))).toBe(-Math.sign(compare(b, a)));
      }
    }
  });
});
