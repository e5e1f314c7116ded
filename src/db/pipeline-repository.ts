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
  stale_count: number;
  stale_ids: string[];
}

/**
 * /pipeline's figures in one statement that reads the workspace's open and won deals once:
 * grouping sets give the per-stage rows and the per-currency totals of the same scan, and
 * filtered aggregates the month's and quarter's sums and the stale count. Period and staleness
 * bounds are worked out per stage or per query, not per deal. The stale list reads at most ten
 * deals per stage from the (workspace, stage, last activity) index.
 */
export class PrismaPipelineRepository implements PipelineRepository {
  private readonly deals: PrismaDealRepository;

  constructor(private readonly db: Db) {
    this.deals = new PrismaDealRepository(db);
  }

  async figures(teamId: string, q: PipelineQuery): Promise<PipelineFigures> {
    const owner = q.ownerId ?? null;
    const mine = sql`(${owner}::text is null or d.owner_id = ${owner})`;
    // Closed on a day of the period in the workspace's zone: from its first midnight there to
    // the midnight after its last, so no deal's timestamp needs converting.
    const closedIn = (period: Period) =>
      sql`s.kind = 'WON' and d.closed_at >= (${period.start}::date)::timestamp at time zone ${q.timeZone}
          and d.closed_at < (${period.end}::date + 1)::timestamp at time zone ${q.timeZone}`;
    const closingIn = (period: Period) =>
      sql`s.kind = 'OPEN' and d.amount is not null and d.expected_close_date between ${period.start}::date and ${period.end}::date`;
    const [row] = await this.db.$queryRaw<FigureRow[]>`
      with s as (
        select id, kind, probability, stale_after_days,
               ${q.now}::timestamptz - make_interval(days => stale_after_days) as stale_before
          from stage where workspace_id = ${teamId} and kind in ('OPEN', 'WON')),
      sums as (
        select d.stage_id, d.currency, grouping(d.stage_id) = 1 as per_currency,
               count(*) filter (where s.kind = 'OPEN')::int as open_count,
               coalesce(sum(d.amount) filter (where s.kind = 'OPEN'), 0) as open_value,
               coalesce(sum(d.amount * s.probability) filter (where s.kind = 'OPEN'), 0) as open_weighted,
               count(*) filter (where ${closedIn(q.month)}) as month_won_deals,
               coalesce(sum(d.amount) filter (where ${closedIn(q.month)}), 0) as month_won,
               count(*) filter (where ${closedIn(q.quarter)}) as quarter_won_deals,
               coalesce(sum(d.amount) filter (where ${closedIn(q.quarter)}), 0) as quarter_won,
               count(*) filter (where ${closingIn(q.month)}) as month_closing_deals,
               coalesce(sum(d.amount * s.probability) filter (where ${closingIn(q.month)}), 0) as month_weighted,
               count(*) filter (where ${closingIn(q.quarter)}) as quarter_closing_deals,
               coalesce(sum(d.amount * s.probability) filter (where ${closingIn(q.quarter)}), 0) as quarter_weighted,
               count(*) filter (where s.kind = 'OPEN' and d.last_activity_at < s.stale_before)::int as stale
          from deal d join s on s.id = d.stage_id
         where d.workspace_id = ${teamId} and ${mine}
         group by grouping sets ((d.stage_id, d.currency), (d.currency)))
      select
        (select coalesce(json_agg(json_build_object(
                  'stage_id', stage_id, 'currency', currency, 'count', open_count,
                  'value', open_value::text, 'weighted', round(open_weighted / 100, 2)::text)), '[]')
           from sums where not per_currency and open_count > 0) as by_stage,
        ${currencyTotals("month_won", "month_won_deals")} as month_won,
        ${currencyTotals("month_weighted", "month_closing_deals", { weighted: true })} as month_weighted,
        ${currencyTotals("quarter_won", "quarter_won_deals")} as quarter_won,
        ${currencyTotals("quarter_weighted", "quarter_closing_deals", { weighted: true })} as quarter_weighted,
        (select coalesce(sum(stale), 0)::int from sums where per_currency) as stale_count,
        (select coalesce(json_agg(t.id order by t.stale_since), '[]')
           from (
             select x.id, x.stale_since
               from s cross join lateral (
                 select d.id, d.last_activity_at + make_interval(days => s.stale_after_days) as stale_since
                   from deal d
                  where d.workspace_id = ${teamId} and d.stage_id = s.id and ${mine}
                    and d.last_activity_at < s.stale_before
                  order by d.last_activity_at
                  limit ${q.staleLimit}) x
              where s.kind = 'OPEN' and s.stale_after_days is not null
              order by x.stale_since
              limit ${q.staleLimit}) t) as stale_ids`;
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
      stale: await this.deals.byIdsInOrder(figures.stale_ids),
      staleCount: figures.stale_count,
    };
  }
}

type Period = { start: string; end: string };

/**
 * One `sums` column as per-currency totals, largest first, for the currencies with a deal
 * counted in `deals`. Weighted sums are amount × probability and become amounts here.
 */
function currencyTotals(column: string, deals: string, options: { weighted?: boolean } = {}): Prisma.Sql {
  const sum = Prisma.raw(column);
  const value = options.weighted ? sql`round(${sum} / 100, 2)` : sum;
  return sql`(select coalesce(json_agg(json_build_object('currency', currency, 'value', ${value}::text)
                order by ${sum} desc), '[]')
                from sums where per_currency and ${Prisma.raw(deals)} > 0)`;
}

function totals(rows: readonly Total[]): Total[] {
  return rows.map((r) => ({ currency: r.currency, value: norm(r.value) }));
}

function norm(value: string): string {
  return normaliseAmount(value) ?? "0";
}
