import { normaliseAmount } from "../domain/money.ts";
import type { PipelineFigures, PipelineQuery, PipelineRepository } from "../services/ports.ts";
import type { Db } from "./client.ts";
import { PrismaDealRepository } from "./deal-repository.ts";

type Total = { currency: string; value: string };

/** /pipeline's figures in a handful of grouped queries, never by loading every deal. */
export class PrismaPipelineRepository implements PipelineRepository {
  private readonly deals: PrismaDealRepository;

  constructor(private readonly db: Db) {
    this.deals = new PrismaDealRepository(db);
  }

  async figures(teamId: string, q: PipelineQuery): Promise<PipelineFigures> {
    const owner = q.ownerId ?? null;
    const [byStage, monthWon, monthWeighted, quarterWon, quarterWeighted, stale] = await Promise.all([
      this.db.$queryRaw<
        { stage_id: string; currency: string; count: number; value: string; weighted: string }[]
      >`
        select d.stage_id, d.currency, count(*)::int as count,
               coalesce(sum(d.amount), 0)::text as value,
               round(coalesce(sum(d.amount * s.probability), 0) / 100, 2)::text as weighted
        from deal d join stage s on s.id = d.stage_id
        where d.workspace_id = ${teamId} and s.kind = 'OPEN' and (${owner}::text is null or d.owner_id = ${owner})
        group by d.stage_id, d.currency`,
      this.wonBetween(teamId, owner, q.month, q.timeZone),
      this.weightedClosingBetween(teamId, owner, q.month),
      this.wonBetween(teamId, owner, q.quarter, q.timeZone),
      this.weightedClosingBetween(teamId, owner, q.quarter),
      this.db.$queryRaw<{ id: string; total: number }[]>`
        select d.id, count(*) over ()::int as total
        from deal d join stage s on s.id = d.stage_id
        where d.workspace_id = ${teamId} and s.kind = 'OPEN' and s.stale_after_days is not null
          and (${owner}::text is null or d.owner_id = ${owner})
          and d.last_activity_at < ${q.now}::timestamptz - make_interval(days => s.stale_after_days)
        order by d.last_activity_at + make_interval(days => s.stale_after_days) asc
        limit ${q.staleLimit}`,
    ]);
    return {
      byStage: byStage.map((r) => ({
        stageId: r.stage_id,
        currency: r.currency,
        count: r.count,
        value: norm(r.value),
        weighted: norm(r.weighted),
      })),
      monthWon,
      monthWeighted,
      quarterWon,
      quarterWeighted,
      stale: await this.deals.byIdsInOrder(stale.map((r) => r.id)),
      staleCount: stale[0]?.total ?? 0,
    };
  }

  private async wonBetween(
    teamId: string,
    owner: string | null,
    period: { start: string; end: string },
    timeZone: string,
  ): Promise<Total[]> {
    const rows = await this.db.$queryRaw<{ currency: string; value: string }[]>`
      select d.currency, coalesce(sum(d.amount), 0)::text as value
      from deal d join stage s on s.id = d.stage_id
      where d.workspace_id = ${teamId} and s.kind = 'WON' and (${owner}::text is null or d.owner_id = ${owner})
        and (d.closed_at at time zone ${timeZone})::date between ${period.start}::date and ${period.end}::date
      group by d.currency order by sum(d.amount) desc`;
    return rows.map((r) => ({ currency: r.currency, value: norm(r.value) }));
  }

  private async weightedClosingBetween(
    teamId: string,
    owner: string | null,
    period: { start: string; end: string },
  ): Promise<Total[]> {
    const rows = await this.db.$queryRaw<{ currency: string; value: string }[]>`
      select d.currency, round(coalesce(sum(d.amount * s.probability), 0) / 100, 2)::text as value
      from deal d join stage s on s.id = d.stage_id
      where d.workspace_id = ${teamId} and s.kind = 'OPEN' and (${owner}::text is null or d.owner_id = ${owner})
        and d.expected_close_date between ${period.start}::date and ${period.end}::date and d.amount is not null
      group by d.currency order by sum(d.amount * s.probability) desc`;
    return rows.map((r) => ({ currency: r.currency, value: norm(r.value) }));
  }
}

function norm(value: string): string {
  return normaliseAmount(value) ?? "0";
}
