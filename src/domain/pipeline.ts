import type { CalendarDate } from "./dates.ts";
import type { Deal } from "./deal.ts";
import type { Stage } from "./stages.ts";

/** Totals of one currency; amounts are exact decimal strings (money.ts). */
export interface CurrencyTotal {
  readonly currency: string;
  readonly value: string;
  readonly weighted: string;
}

export interface StageSummary {
  readonly stage: Stage;
  readonly count: number;
  /** One entry per currency present in the stage, largest value first. */
  readonly totals: readonly CurrencyTotal[];
}

export interface ForecastPeriod {
  readonly label: string; // "December 2026", "Q4 2026"
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /** Won in the period (closed), per currency. */
  readonly won: readonly { currency: string; value: string }[];
  /** Open deals expected to close in the period, weighted by their stage's probability. */
  readonly weighted: readonly { currency: string; value: string }[];
}

/** What /pipeline shows, for everyone or for one owner. */
export interface PipelineSummary {
  readonly scope: { readonly kind: "all" } | { readonly kind: "owner"; readonly userId: string };
  readonly stages: readonly StageSummary[];
  readonly month: ForecastPeriod;
  readonly quarter: ForecastPeriod;
  /** Open deals past their stage's stale period, most stale first (capped). */
  readonly stale: readonly Deal[];
  readonly staleCount: number;
  readonly today: CalendarDate;
}
