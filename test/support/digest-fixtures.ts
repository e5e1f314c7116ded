import type { DailyDigest, WeeklyDigest } from "../../src/domain/digest.ts";

/** Ana's daily digest on Mon 30 Nov: one deal past its close date without a next step, one overdue task. */
export const ANA_DAILY_DIGEST: DailyDigest = {
  kind: "daily",
  userId: "U0ANA",
  today: "2026-11-30",
  deals: {
    count: 1,
    items: [
      {
        number: 2,
        name: "Acme",
        ownerId: "U0ANA",
        amount: "12000",
        currency: "GBP",
        stageName: "Demo",
        closeDate: "2026-11-20",
        reasons: ["past_close", "no_next_step"],
      },
    ],
  },
  tasks: {
    count: 1,
    items: [
      {
        number: 4,
        title: "Kickoff call",
        projectNumber: 1,
        projectName: "Acme onboarding",
        dueDate: "2026-11-27",
      },
    ],
  },
};

/** A weekly digest of a quiet week: nothing moved, nothing won or lost. */
export const EMPTY_WEEKLY_DIGEST: WeeklyDigest = {
  kind: "weekly",
  asOf: "2026-11-30T08:00:00.000Z",
  today: "2026-11-30",
  timeZone: "Europe/Berlin",
  since: "2026-11-23T08:00:00.000Z",
  previousAsOf: null,
  stages: [
    { stageId: "s1", name: "Lead", probability: 10, count: 0, totals: [], change: null },
    { stageId: "s2", name: "Proposal", probability: 60, count: 0, totals: [], change: null },
  ],
  forecast: {
    month: { label: "November 2026", start: "2026-11-01", end: "2026-11-30", won: [], weighted: [] },
    quarter: { label: "Q4 2026", start: "2026-10-01", end: "2026-12-31", won: [], weighted: [] },
  },
  won: { count: 0, items: [], totals: [] },
  lost: { count: 0, items: [], reasons: [] },
  trailing: { days: 90, won: 0, lost: 0, winRatePercent: null, avgDaysToClose: null },
  stale: { count: 0, items: [] },
  pastClose: { count: 0, items: [] },
  delivery: {
    active: { count: 0, items: [] },
    tasksCompleted: 0,
    overdueByPerson: [],
    unclaimed: 0,
    atRisk: { count: 0, items: [] },
  },
};
