/**
 * The digests as plain values. Their figures come from SQL aggregates; a posted
 * digest is stored as JSON (so a retried post shows the same numbers and the next digest can
 * show what changed), hence zod schemas as the single source of their types.
 */

import { z } from "zod";
import { addAmounts, subtractAmounts } from "./money.ts";

const ZAmount = z.object({ currency: z.string(), value: z.string() });
export type Amount = z.infer<typeof ZAmount>;

const ZStageTotal = z.object({ currency: z.string(), value: z.string(), weighted: z.string() });
export type StageTotal = z.infer<typeof ZStageTotal>;

const ZStageFigures = z.object({
  stageId: z.string(),
  name: z.string(),
  probability: z.number(),
  count: z.number(),
  /** Largest currency first. */
  totals: z.array(ZStageTotal),
});
export type StageFigures = z.infer<typeof ZStageFigures>;

/** Change of a stage since the previous digest: count and per-currency deltas (signed decimals). */
const ZStageChange = z.object({ count: z.number(), totals: z.array(ZStageTotal) });
export type StageChange = z.infer<typeof ZStageChange>;

const ZDealLine = z.object({
  number: z.number(),
  name: z.string(),
  ownerId: z.string(),
  /** A lead nobody has taken: `ownerId` is the app's. Optional, so digests stored before still parse. */
  awaitingOwner: z.boolean().optional(),
  amount: z.string().nullable(),
  currency: z.string(),
});
export type DealLine = z.infer<typeof ZDealLine>;

/** A list cut to what a message can show; `count` is how many there are in all. */
function capped<T extends z.ZodType>(item: T) {
  return z.object({ count: z.number(), items: z.array(item) });
}

const ZPeriod = z.object({
  label: z.string(),
  start: z.string(),
  end: z.string(),
  won: z.array(ZAmount),
  weighted: z.array(ZAmount),
});

export const ProjectHealths = ["on_track", "at_risk", "late"] as const;

const ZProjectLine = z.object({
  number: z.number(),
  name: z.string(),
  done: z.number(),
  total: z.number(),
  overdue: z.number(),
  health: z.enum(ProjectHealths),
});
export type ProjectLine = z.infer<typeof ZProjectLine>;

export const ZWeeklyDigest = z.object({
  kind: z.literal("weekly"),
  /** When the figures were taken (the slot, or the moment `/digest now` asked). */
  asOf: z.string(),
  today: z.string(),
  timeZone: z.string(),
  /** The week the "won", "lost" and "completed" figures cover: [since, asOf). */
  since: z.string(),
  /** When the digest the changes compare with was taken; null for the first one. */
  previousAsOf: z.string().nullable(),
  stages: z.array(ZStageFigures.extend({ change: ZStageChange.nullable() })),
  forecast: z.object({ month: ZPeriod, quarter: ZPeriod }),
  won: capped(ZDealLine).extend({ totals: z.array(ZAmount) }),
  lost: capped(ZDealLine.extend({ reason: z.string().nullable() })).extend({
    reasons: z.array(z.object({ reason: z.string(), count: z.number() })),
  }),
  trailing: z.object({
    days: z.number(),
    won: z.number(),
    lost: z.number(),
    /** Won ÷ (won + lost) of the deals closed in the window, in whole percent; null when none closed. */
    winRatePercent: z.number().nullable(),
    /** Mean days from creation to win, one decimal; null without wins. */
    avgDaysToClose: z.number().nullable(),
  }),
  stale: capped(ZDealLine.extend({ stageName: z.string(), quietDays: z.number() })),
  pastClose: capped(ZDealLine.extend({ closeDate: z.string() })),
  delivery: z.object({
    active: capped(ZProjectLine),
    tasksCompleted: z.number(),
    /** Open tasks past their due date, by assignee (null: nobody has it), most first. */
    overdueByPerson: z.array(z.object({ userId: z.string().nullable(), count: z.number() })),
    /** Ready to start and nobody on them. */
    unclaimed: z.number(),
    atRisk: capped(ZProjectLine),
  }),
});
export type WeeklyDigest = z.infer<typeof ZWeeklyDigest>;

export const AttentionReasons = ["stale", "past_close", "no_next_step"] as const;
export type AttentionReason = (typeof AttentionReasons)[number];

export const ZDailyDigest = z.object({
  kind: z.literal("daily"),
  userId: z.string(),
  today: z.string(),
  deals: capped(
    ZDealLine.extend({
      stageName: z.string(),
      closeDate: z.string().nullable(),
      reasons: z.array(z.enum(AttentionReasons)),
    }),
  ),
  tasks: capped(
    z.object({
      number: z.number(),
      title: z.string(),
      projectNumber: z.number(),
      projectName: z.string(),
      dueDate: z.string(),
    }),
  ),
});
export type DailyDigest = z.infer<typeof ZDailyDigest>;

/** What a daily run stores: one digest per person who has something. */
export const ZDailyRun = z.object({ kind: z.literal("daily"), people: z.array(ZDailyDigest) });
export type DailyRun = z.infer<typeof ZDailyRun>;

export const ZDigestFigures = z.discriminatedUnion("kind", [ZWeeklyDigest, ZDailyRun]);
export type DigestFigures = z.infer<typeof ZDigestFigures>;

/** Nobody gets an empty daily digest. */
export function isEmptyDaily(digest: DailyDigest): boolean {
  return digest.deals.count === 0 && digest.tasks.count === 0;
}

/**
 * Per stage, what changed since the previous digest. A stage the previous digest did not have
 * counts from zero; a currency that disappeared shows as a negative delta.
 */
export function stageChange(
  current: Pick<StageFigures, "count" | "totals">,
  previous: Pick<StageFigures, "count" | "totals"> | undefined,
): StageChange {
  const before = previous ?? { count: 0, totals: [] };
  const currencies = [...new Set([...current.totals, ...before.totals].map((t) => t.currency))];
  const totals = currencies.map((currency) => {
    const now = current.totals.find((t) => t.currency === currency) ?? { value: "0", weighted: "0" };
    const then = before.totals.find((t) => t.currency === currency) ?? { value: "0", weighted: "0" };
    return {
      currency,
      value: subtractAmounts(now.value, then.value),
      weighted: subtractAmounts(now.weighted, then.weighted),
    };
  });
  return { count: current.count - before.count, totals };
}

/** Per-currency sum of the open stages. */
export function pipelineTotals(stages: readonly Pick<StageFigures, "count" | "totals">[]): {
  count: number;
  totals: StageTotal[];
} {
  const sums = new Map<string, StageTotal>();
  let count = 0;
  for (const stage of stages) {
    count += stage.count;
    for (const t of stage.totals) {
      const sum = sums.get(t.currency) ?? { currency: t.currency, value: "0", weighted: "0" };
      sums.set(t.currency, {
        currency: t.currency,
        value: addAmounts(sum.value, t.value),
        weighted: addAmounts(sum.weighted, t.weighted),
      });
    }
  }
  return { count, totals: [...sums.values()] };
}
