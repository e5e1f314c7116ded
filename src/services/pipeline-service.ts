import {
  endOfMonth,
  endOfQuarter,
  monthLabel,
  quarterLabel,
  startOfMonth,
  startOfQuarter,
  todayIn,
} from "../domain/dates.ts";
import { compareAmounts } from "../domain/money.ts";
import type { CurrencyTotal, PipelineSummary } from "../domain/pipeline.ts";
import { openStages } from "../domain/stages.ts";
import type { Clock } from "../lib/clock.ts";
import type { PipelineRepository, StageRepository } from "./ports.ts";

const STALE_SHOWN = 10;

export class PipelineService {
  constructor(
    private readonly deps: { pipeline: PipelineRepository; stages: StageRepository; clock: Clock },
  ) {}

  async summarise(teamId: string, options: { ownerId?: string; timeZone: string }): Promise<PipelineSummary> {
    const now = this.deps.clock.now();
    const today = todayIn(options.timeZone, now);
    const month = { start: startOfMonth(today), end: endOfMonth(today) };
    const quarter = { start: startOfQuarter(today), end: endOfQuarter(today) };
    const [stages, figures] = await Promise.all([
      this.deps.stages.list(teamId),
      this.deps.pipeline.figures(teamId, {
        ...(options.ownerId ? { ownerId: options.ownerId } : {}),
        month,
        quarter,
        now,
        timeZone: options.timeZone,
        staleLimit: STALE_SHOWN,
      }),
    ]);
    return {
      scope: options.ownerId ? { kind: "owner", userId: options.ownerId } : { kind: "all" },
      stages: openStages(stages).map((stage) => {
        const rows = figures.byStage.filter((r) => r.stageId === stage.id);
        const totals: CurrencyTotal[] = rows
          .map((r) => ({ currency: r.currency, value: r.value, weighted: r.weighted }))
          .sort((a, b) => compareAmounts(b.value, a.value));
        return { stage, count: rows.reduce((n, r) => n + r.count, 0), totals };
      }),
      month: { label: monthLabel(today), ...month, won: figures.monthWon, weighted: figures.monthWeighted },
      quarter: {
        label: quarterLabel(today),
        ...quarter,
        won: figures.quarterWon,
        weighted: figures.quarterWeighted,
      },
      stale: figures.stale,
      staleCount: figures.staleCount,
      today,
    };
  }
}
