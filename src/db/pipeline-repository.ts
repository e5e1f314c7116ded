import { normaliseAmount } from "../domain/money.ts";
import type { PipelineFigures, PipelineQuery, PipelineRepository } from "../services/ports.ts";
import type { Db } from "./client.ts";
import { PrismaDealRepository } from "./deal-repository.ts";
import { Prisma } from "./generated/prisma/client.ts";

const sql = Prisma.sql;

type Total = { currency: string; value: string };

interface FigureRow {
  by_stage: Array<{ stage_id: string; currency: string; count: number; value: string; weighted: string }>;
  month_won: Total[];
  month_weighted: Total[];
  quarter_won: Total[];
  quarter_weighted: Total[];
  stale: { ids: string[]; total: number };
}

/**
 * /pipeline's figures in one statement of grouped subqueries, never by loading every deal:
 * one round trip, where six separate queries would each wait for a pooled connection.
 */
export class PrismaPipelineRepository implements PipelineRepository {
  private readonly deals: PrismaDealRepository;

  constructor(private readonly db: Db) {
    this.deals = new PrismaDealRepository(db);
  }

  async figures(teamId: string, q: PipelineQuery): Promise<PipelineFigures> {
    const owner = q.ownerId ?? null;
    const scope = sql`d.workspace_id = ${teamId} and (${owner}::text is null or d.owner_id = ${owner})`;
    const [row] = await this.db.$queryRaw<FigureRow[]>`
      select
        (select coalesce(json_agg(t), '[]') from (
           select d.stage_id, d.currency, count(*)::int as count,
                  coalesce(sum(d.amount), 0)::text as value,
                  round(coalesce(sum(d.amount * s.probability), 0) / 100, 2)::text as weighted
             from deal d join stage s on s.id = d.stage_id
            where ${scope} and s.kind = 'OPEN'
            group by d.stage_id, d.currency) t) as by_stage,
        ${wonBetween(scope, q.month, q.timeZone)} as month_won,
        ${weightedClosingBetween(scope, q.month)} as month_weighted,
        ${wonBetween(scope, q.quarter, q.timeZone)} as quarter_won,
        ${weightedClosingBetween(scope, q.quarter)} as quarter_weighted,
        (select json_build_object('ids', coalesce(json_agg(t.id order by t.stale_since), '[]'),
                                  'total', coalesce(max(t.total), 0))
           from (
             select d.id, d.last_activity_at + make_interval(days => s.stale_after_days) as stale_since,
                    count(*) over ()::int as total
               from deal d join stage s on s.id = d.stage_id
              where ${scope} and s.kind = 'OPEN' and s.stale_after_days is not null
                and d.last_activity_at < ${q.now}::timestamptz - make_interval(days => s.stale_after_days)
              order by stale_since asc
              limit ${q.staleLimit}) t) as stale`;
    const figures = row!;
    return {
      byStage: figures.by_stage.map((r) => ({
        stageId: r.stage_id,
        currency: r.currency,
        count: r.count,
        value: norm(r.value),
        weighted: norm(r.weighted),
      })),
      monthWon: totals(figures.month_won),
      monthWeighted: totals(figures.month_weighted),
      quarterWon: totals(figures.quarter_won),
      quarterWeighted: totals(figures.quarter_weighted),
      stale: await this.deals.byIdsInOrder(figures.stale.ids),
      staleCount: figures.stale.total,
    };
  }
}

/** Won in the period, by the date it closed in the workspace's time zone; largest first. */
function wonBetween(scope: Prisma.Sql, period: { start: string; end: string }, timeZone: string): Prisma.Sql {
  return sql`(select coalesce(json_agg(t order by t.total desc), '[]') from (
      select d.currency, coalesce(sum(d.amount), 0)::text as value, sum(d.amount) as total
        from deal d join stage s on s.id = d.stage_id
       where ${scope} and s.kind = 'WON'
         and (d.closed_at at time zone ${timeZone})::date between ${period.start}::date and ${period.end}::date
       group by d.currency) t)`;
}

/** Open deals expected to close in the period, weighted by their stage's probability; largest first. */
function weightedClosingBetween(scope: Prisma.Sql, period: { start: string; end: string }): Prisma.Sql {
  return sql`(select coalesce(json_agg(t order by t.total desc), '[]') from (
      select d.currency, round(coalesce(sum(d.amount * s.probability), 0) / 100, 2)::text as value,
             sum(d.amount * s.probability) as total
        from deal d join stage s on s.id = d.stage_id
       where ${scope} and s.kind = 'OPEN' and d.amount is not null
         and d.expected_close_date between ${period.start}::date and ${period.end}::date
       group by d.currency) t)`;
}

function totals(rows: readonly Total[]): Total[] {
  return rows.map((r) => ({ currency: r.currency, value: norm(r.value) }));
}

function norm(value: string): string {
  return normaliseAmount(value) ?? "0";
}
