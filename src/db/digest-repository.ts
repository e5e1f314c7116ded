import {
  type AttentionReason,
  type DailyDigest,
  type DigestFigures,
  type ProjectLine,
  type WeeklyDigest,
  ZDigestFigures,
  ZWeeklyDigest,
} from "../domain/digest.ts";
import type { DigestKind, DigestSchedule } from "../domain/digest-schedule.ts";
import { normaliseAmount } from "../domain/money.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import type {
  DailyQuery,
  DigestRepository,
  DigestSubscription,
  NewSubscription,
  ScheduledRun,
  SubscribeResult,
  WeeklyActivity,
  WeeklyQuery,
} from "../services/digest-ports.ts";
import type { PrismaClient } from "./client.ts";
import { PrismaEffectQueue } from "./deal-repository.ts";
import { Prisma } from "./generated/prisma/client.ts";

type SubscriptionRow = Prisma.DigestSubscriptionGetPayload<object>;

interface DealLineRow {
  number: number;
  name: string;
  owner_id: string;
  awaiting_owner: boolean;
  amount: string | null;
  currency: string;
  total: number;
}

interface ProjectRow {
  number: number;
  name: string;
  done: number;
  task_count: number;
  overdue: number;
  health: ProjectLine["health"];
  total: number;
}

function money(value: string | null): string | null {
  return value === null ? null : (normaliseAmount(value) ?? "0");
}

function dealLine(row: DealLineRow) {
  return {
    number: row.number,
    name: row.name,
    ownerId: row.owner_id,
    // Only when set: lines of owned deals read as they did before the flag.
    ...(row.awaiting_owner ? { awaitingOwner: true } : {}),
    amount: money(row.amount),
    currency: row.currency.trim(),
  };
}

function projectLine(row: ProjectRow): ProjectLine {
  return {
    number: row.number,
    name: row.name,
    done: row.done,
    total: row.task_count,
    overdue: row.overdue,
    health: row.health,
  };
}

function toKind(kind: DigestKind): "WEEKLY" | "DAILY" {
  return kind === "weekly" ? "WEEKLY" : "DAILY";
}

function toSubscription(row: SubscriptionRow): DigestSubscription {
  return {
    id: row.id,
    teamId: row.workspaceId,
    number: row.number,
    channelId: row.channelId,
    schedule: {
      kind: row.kind === "WEEKLY" ? "weekly" : "daily",
      dayOfWeek: row.dayOfWeek,
      time: row.time,
      timeZone: row.timeZone,
    },
    createdById: row.createdById,
    createdAt: row.createdAt,
    isDefault: row.defaultKey !== null,
  };
}

/**
 * Digest figures as grouped SQL (never every row loaded), subscriptions, and posted runs.
 * Lists are cut in SQL to `listLimit` rows, each carrying the full count (`count(*) over ()`).
 */
export class PrismaDigestRepository implements DigestRepository {
  constructor(
    private readonly db: PrismaClient,
    private readonly clock: Clock = systemClock,
  ) {}

  async weeklyActivity(teamId: string, q: WeeklyQuery): Promise<WeeklyActivity> {
    const trailingSince = new Date(q.now.getTime() - q.trailingDays * 86_400_000);
    const [won, wonTotals, lost, lostReasons, trailing, stale, pastClose, delivery] = await Promise.all([
      this.db.$queryRaw<DealLineRow[]>`
        select d.number, d.name, d.owner_id, d.awaiting_owner, d.amount::text as amount, d.currency, count(*) over ()::int as total
          from deal d join stage s on s.id = d.stage_id
         where d.workspace_id = ${teamId} and s.kind = 'WON'
           and d.closed_at >= ${q.since} and d.closed_at < ${q.now}
         order by d.amount desc nulls last, d.number
         limit ${q.listLimit}`,
      this.db.$queryRaw<{ currency: string; value: string }[]>`
        select d.currency, coalesce(sum(d.amount), 0)::text as value
          from deal d join stage s on s.id = d.stage_id
         where d.workspace_id = ${teamId} and s.kind = 'WON'
           and d.closed_at >= ${q.since} and d.closed_at < ${q.now}
         group by d.currency order by coalesce(sum(d.amount), 0) desc, d.currency`,
      this.db.$queryRaw<(DealLineRow & { reason: string | null })[]>`
        select d.number, d.name, d.owner_id, d.awaiting_owner, d.amount::text as amount, d.currency,
               nullif(btrim(d.lost_reason), '') as reason, count(*) over ()::int as total
          from deal d join stage s on s.id = d.stage_id
         where d.workspace_id = ${teamId} and s.kind = 'LOST'
           and d.closed_at >= ${q.since} and d.closed_at < ${q.now}
         order by d.amount desc nulls last, d.number
         limit ${q.listLimit}`,
      this.db.$queryRaw<{ reason: string; count: number }[]>`
        select coalesce(nullif(btrim(d.lost_reason), ''), 'No reason given') as reason, count(*)::int as count
          from deal d join stage s on s.id = d.stage_id
         where d.workspace_id = ${teamId} and s.kind = 'LOST'
           and d.closed_at >= ${q.since} and d.closed_at < ${q.now}
         group by 1 order by 2 desc, 1
         limit ${q.listLimit}`,
      this.db.$queryRaw<{ won: number; lost: number; rate: number | null; avg_days: number | null }[]>`
        select count(*) filter (where s.kind = 'WON')::int as won,
               count(*) filter (where s.kind = 'LOST')::int as lost,
               case when count(*) > 0
                    then round(100.0 * count(*) filter (where s.kind = 'WON') / count(*))::int end as rate,
               round((avg(extract(epoch from d.closed_at - d.created_at) / 86400)
                        filter (where s.kind = 'WON'))::numeric, 1)::float8 as avg_days
          from deal d join stage s on s.id = d.stage_id
         where d.workspace_id = ${teamId} and s.kind in ('WON', 'LOST')
           and d.closed_at >= ${trailingSince} and d.closed_at < ${q.now}`,
      // Per stage, least recently active first (an index): the list reads a few deals per
      // stage and the count only the index, not every open deal.
      this.db.$queryRaw<(DealLineRow & { stage_name: string; quiet_days: number })[]>`
        with s as (
          select id, name, stale_after_days,
                 ${q.now}::timestamptz - make_interval(days => stale_after_days) as stale_before
            from stage
           where workspace_id = ${teamId} and kind = 'OPEN' and stale_after_days is not null)
        select x.number, x.name, x.owner_id, x.awaiting_owner, x.amount, x.currency, x.stage_name, x.quiet_days,
               (select count(*) from deal d join s on s.id = d.stage_id
                 where d.workspace_id = ${teamId} and d.last_activity_at < s.stale_before)::int as total
          from s cross join lateral (
                 select d.number, d.name, d.owner_id, d.awaiting_owner, d.amount::text as amount, d.currency, s.name as stage_name,
                        floor(extract(epoch from ${q.now}::timestamptz - d.last_activity_at) / 86400)::int as quiet_days,
                        d.last_activity_at + make_interval(days => s.stale_after_days) as stale_since
                   from deal d
                  where d.workspace_id = ${teamId} and d.stage_id = s.id and d.last_activity_at < s.stale_before
                  order by d.last_activity_at, d.number
                  limit ${q.listLimit}) x
         order by x.stale_since, x.number
         limit ${q.listLimit}`,
      this.db.$queryRaw<(DealLineRow & { close_date: string })[]>`
        select d.number, d.name, d.owner_id, d.awaiting_owner, d.amount::text as amount, d.currency,
               to_char(d.expected_close_date, 'YYYY-MM-DD') as close_date, count(*) over ()::int as total
          from deal d join stage s on s.id = d.stage_id
         where d.workspace_id = ${teamId} and s.kind = 'OPEN' and d.expected_close_date < ${q.today}::date
         order by d.expected_close_date, d.number
         limit ${q.listLimit}`,
      this.delivery(teamId, q),
    ]);
    const t = trailing[0] ?? { won: 0, lost: 0, rate: null, avg_days: null };
    return {
      won: {
        count: won[0]?.total ?? 0,
        items: won.map(dealLine),
        totals: wonTotals.map((r) => ({ currency: r.currency.trim(), value: money(r.value) ?? "0" })),
      },
      lost: {
        count: lost[0]?.total ?? 0,
        items: lost.map((r) => ({ ...dealLine(r), reason: r.reason })),
        reasons: lostReasons,
      },
      trailing: {
        days: q.trailingDays,
        won: t.won,
        lost: t.lost,
        winRatePercent: t.rate,
        avgDaysToClose: t.avg_days === null ? null : Number(t.avg_days),
      },
      stale: {
        count: stale[0]?.total ?? 0,
        items: stale.map((r) => ({ ...dealLine(r), stageName: r.stage_name, quietDays: r.quiet_days })),
      },
      pastClose: {
        count: pastClose[0]?.total ?? 0,
        items: pastClose.map((r) => ({ ...dealLine(r), closeDate: r.close_date })),
      },
      delivery,
    };
  }

  private async delivery(teamId: string, q: WeeklyQuery): Promise<WeeklyActivity["delivery"]> {
    // Project health as domain/delivery-rules.ts projectHealth: late with an open task past
    // due; at risk with an open task due within two days that nobody has or that still waits.
    const health = Prisma.sql`
      with per_project as (
        select p.id, p.number, p.name,
               count(t.id)::int as task_count,
               count(t.id) filter (where t.status = 'DONE')::int as done,
               count(t.id) filter (where t.status = 'OPEN' and t.due_date < ${q.today}::date)::int as overdue,
               coalesce(bool_or(t.status = 'OPEN' and t.due_date between ${q.today}::date and ${q.today}::date + 2
                 and (t.assignee_id is null or exists (
                   select 1 from task_dependency dep join task b on b.id = dep.depends_on_id
                    where dep.task_id = t.id and b.status <> 'DONE'))), false) as risky
          from project p left join task t on t.project_id = p.id
         where p.workspace_id = ${teamId} and p.status = 'ACTIVE'
         group by p.id),
      rated as (
        select *, case when overdue > 0 then 'late' when risky then 'at_risk' else 'on_track' end as health
          from per_project)`;
    const [active, atRisk, completed, overdueByPerson, unclaimed] = await Promise.all([
      this.db.$queryRaw<ProjectRow[]>`
        ${health}
        select number, name, done, task_count, overdue, health, count(*) over ()::int as total
          from rated order by number limit ${q.listLimit}`,
      this.db.$queryRaw<ProjectRow[]>`
        ${health}
        select number, name, done, task_count, overdue, health, count(*) over ()::int as total
          from rated where health <> 'on_track'
         order by case health when 'late' then 0 else 1 end, overdue desc, number
         limit ${q.listLimit}`,
      this.db.$queryRaw<{ count: number }[]>`
        select count(*)::int as count from task t
         where t.workspace_id = ${teamId} and t.status = 'DONE'
           and t.completed_at >= ${q.since} and t.completed_at < ${q.now}`,
      this.db.$queryRaw<{ user_id: string | null; count: number }[]>`
        select t.assignee_id as user_id, count(*)::int as count
          from task t join project p on p.id = t.project_id
         where t.workspace_id = ${teamId} and t.status = 'OPEN' and p.status = 'ACTIVE'
           and t.due_date < ${q.today}::date
         group by t.assignee_id
         order by (t.assignee_id is null), count(*) desc, t.assignee_id
         limit ${q.listLimit}`,
      this.db.$queryRaw<{ count: number }[]>`
        select count(*)::int as count
          from task t join project p on p.id = t.project_id
         where t.workspace_id = ${teamId} and t.status = 'OPEN' and p.status = 'ACTIVE'
           and t.assignee_id is null
           and not exists (select 1 from task_dependency dep join task b on b.id = dep.depends_on_id
                            where dep.task_id = t.id and b.status <> 'DONE')`,
    ]);
    return {
      active: { count: active[0]?.total ?? 0, items: active.map(projectLine) },
      tasksCompleted: completed[0]?.count ?? 0,
      overdueByPerson: overdueByPerson.map((r) => ({ userId: r.user_id, count: r.count })),
      unclaimed: unclaimed[0]?.count ?? 0,
      atRisk: { count: atRisk[0]?.total ?? 0, items: atRisk.map(projectLine) },
    };
  }

  async dailyDigests(teamId: string, q: DailyQuery): Promise<DailyDigest[]> {
    const [deals, tasks] = await Promise.all([
      this.db.$queryRaw<
        (DealLineRow & {
          stage_name: string;
          close_date: string | null;
          stale: boolean;
          past_close: boolean;
          no_next_step: boolean;
        })[]
      >`
        with flagged as (
          select d.number, d.name, d.owner_id, d.awaiting_owner, d.amount::text as amount, d.currency, s.name as stage_name,
                 to_char(d.expected_close_date, 'YYYY-MM-DD') as close_date,
                 coalesce(s.stale_after_days is not null
                   and d.last_activity_at < ${q.now}::timestamptz - make_interval(days => s.stale_after_days), false) as stale,
                 coalesce(d.expected_close_date < ${q.today}::date, false) as past_close,
                 coalesce(btrim(d.next_step), '') = '' as no_next_step
            from deal d join stage s on s.id = d.stage_id
           where d.workspace_id = ${teamId} and s.kind = 'OPEN'
             and not d.awaiting_owner -- held by the app until taken: nobody's to attend to
             and (${q.userId}::text is null or d.owner_id = ${q.userId})),
        ranked as (
          select *, row_number() over (partition by owner_id order by past_close desc, stale desc, number) as rn,
                 count(*) over (partition by owner_id)::int as total
            from flagged where stale or past_close or no_next_step)
        select * from ranked where rn <= ${q.listLimit} order by owner_id, rn`,
      this.db.$queryRaw<
        {
          user_id: string;
          number: number;
          title: string;
          project_number: number;
          project_name: string;
          due_date: string;
          total: number;
        }[]
      >`
        with due as (
          select t.assignee_id as user_id, t.number, t.title, p.number as project_number, p.name as project_name,
                 to_char(t.due_date, 'YYYY-MM-DD') as due_date,
                 row_number() over (partition by t.assignee_id order by t.due_date, t.number) as rn,
                 count(*) over (partition by t.assignee_id)::int as total
            from task t join project p on p.id = t.project_id
           where t.workspace_id = ${teamId} and t.status = 'OPEN' and p.status = 'ACTIVE'
             and t.assignee_id is not null and t.due_date <= ${q.today}::date
             and (${q.userId}::text is null or t.assignee_id = ${q.userId}))
        select * from due where rn <= ${q.listLimit} order by user_id, rn`,
    ]);
    const people = new Map<string, DailyDigest>();
    const digestOf = (userId: string): DailyDigest => {
      let digest = people.get(userId);
      if (!digest) {
        digest = {
          kind: "daily",
          userId,
          today: q.today,
          deals: { count: 0, items: [] },
          tasks: { count: 0, items: [] },
        };
        people.set(userId, digest);
      }
      return digest;
    };
    for (const row of deals) {
      const digest = digestOf(row.owner_id);
      const reasons: AttentionReason[] = [];
      if (row.past_close) reasons.push("past_close");
      if (row.stale) reasons.push("stale");
      if (row.no_next_step) reasons.push("no_next_step");
      digest.deals.count = row.total;
      digest.deals.items.push({
        ...dealLine(row),
        stageName: row.stage_name,
        closeDate: row.close_date,
        reasons,
      });
    }
    for (const row of tasks) {
      const digest = digestOf(row.user_id);
      digest.tasks.count = row.total;
      digest.tasks.items.push({
        number: row.number,
        title: row.title,
        projectNumber: row.project_number,
        projectName: row.project_name,
        dueDate: row.due_date,
      });
    }
    return [...people.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  }

  async previousWeekly(
    teamId: string,
    subscriptionId: string | null,
    before: Date,
  ): Promise<{ asOf: Date; figures: WeeklyDigest } | undefined> {
    const row = await this.db.digestRun.findFirst({
      where: {
        workspaceId: teamId,
        kind: "WEEKLY",
        slot: { lt: before },
        ...(subscriptionId ? { subscriptionId } : {}),
      },
      orderBy: { slot: "desc" },
      select: { slot: true, figures: true },
    });
    if (!row) return undefined;
    const parsed = ZWeeklyDigest.safeParse(row.figures);
    // A digest stored by an older version that no longer parses is no baseline: show no change.
    return parsed.success ? { asOf: row.slot, figures: parsed.data } : undefined;
  }

  async findRun(teamId: string, runId: string): Promise<DigestFigures | undefined> {
    const row = await this.db.digestRun.findFirst({
      where: { id: runId, workspaceId: teamId },
      select: { figures: true },
    });
    if (!row) return undefined;
    const parsed = ZDigestFigures.safeParse(row.figures);
    return parsed.success ? parsed.data : undefined;
  }

  async hasRun(subscriptionId: string, slot: Date): Promise<boolean> {
    return (await this.db.digestRun.count({ where: { subscriptionId, slot } })) > 0;
  }

  recordScheduledRun(run: ScheduledRun): Promise<boolean> {
    return this.db.$transaction(
      async (tx) => {
        const claimed = await tx.$executeRaw`
          insert into job_run (job, slot, claimed_by, finished_at)
          values (${`digest:${run.subscriptionId}`}, ${run.slot}, ${run.instance}, ${new Date()})
          on conflict (job, slot) do nothing`;
        if (claimed !== 1) return false;
        const stored = await tx.digestRun.create({
          data: {
            workspaceId: run.teamId,
            subscriptionId: run.subscriptionId,
            kind: toKind(run.kind),
            slot: run.slot,
            figures: run.figures as unknown as Prisma.InputJsonValue,
          },
          select: { id: true },
        });
        await new PrismaEffectQueue(tx, this.clock).enqueue(run.teamId, run.intents(stored.id));
        return true;
      },
      { maxWait: 5_000, timeout: 15_000 },
    );
  }

  async workspaces(): Promise<string[]> {
    return (await this.db.workspace.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map(
      (w) => w.id,
    );
  }

  async ensureDefault(teamId: string, channelId: string, schedule: DigestSchedule, at: Date): Promise<void> {
    const key = `default-weekly:${teamId}`;
    const existing = await this.db.digestSubscription.findUnique({
      where: { defaultKey: key },
      select: { id: true, channelId: true, timeZone: true, cancelledAt: true },
    });
    if (existing) {
      // The default follows the settings (HANDOFF_DIGEST_CHANNEL, /handoff settings) unless it was unsubscribed.
      if (
        !existing.cancelledAt &&
        (existing.channelId !== channelId || existing.timeZone !== schedule.timeZone)
      ) {
        try {
          await this.db.digestSubscription.update({
            where: { id: existing.id },
            data: { channelId, timeZone: schedule.timeZone },
          });
        } catch (error) {
          // The new channel already has its weekly subscription: it keeps that one.
          if (!isUniqueViolation(error)) throw error;
        }
      }
      return;
    }
    await this.db.$transaction(async (tx) => {
      const number = await allocateNumber(tx, teamId);
      // Two instances may get here at once: the unique default key keeps one.
      await tx.$executeRaw`
        insert into digest_subscription
          (id, workspace_id, number, kind, channel_id, day_of_week, time, time_zone, created_at, default_key)
        values (gen_random_uuid(), ${teamId}, ${number}, 'WEEKLY', ${channelId}, ${schedule.dayOfWeek},
                ${schedule.time}, ${schedule.timeZone}, ${at}, ${key})
        on conflict do nothing`;
      // Also when the channel already has a person's weekly subscription: one digest is enough.
    });
  }

  async setDefaultWeekly(teamId: string, dayOfWeek: number, time: string): Promise<boolean> {
    const updated = await this.db.digestSubscription.updateMany({
      where: { defaultKey: `default-weekly:${teamId}`, cancelledAt: null },
      data: { dayOfWeek, time },
    });
    return updated.count === 1;
  }

  async subscribe(s: NewSubscription): Promise<SubscribeResult> {
    return this.db.$transaction(async (tx) => {
      // The workspace row serialises subscribing (numbers come from it too): of two people
      // subscribing a channel at once, the second changes what the first made.
      await tx.$queryRaw`select 1 from workspace where id = ${s.teamId} for update`;
      const schedule = {
        dayOfWeek: s.schedule.dayOfWeek,
        time: s.schedule.time,
        timeZone: s.schedule.timeZone,
      };
      const existing = await tx.digestSubscription.findUnique({
        where: {
          workspaceId_channelId_kind: {
            workspaceId: s.teamId,
            channelId: s.channelId,
            kind: toKind(s.schedule.kind),
          },
        },
      });
      if (existing) {
        const row = await tx.digestSubscription.update({
          where: { id: existing.id },
          data: existing.cancelledAt
            ? { ...schedule, cancelledAt: null, createdById: s.createdById }
            : schedule,
        });
        return {
          ...toSubscription(row),
          replaced: existing.cancelledAt ? null : toSubscription(existing).schedule,
        };
      }
      const number = await allocateNumber(tx, s.teamId);
      const row = await tx.digestSubscription.create({
        data: {
          workspaceId: s.teamId,
          number,
          kind: toKind(s.schedule.kind),
          channelId: s.channelId,
          ...schedule,
          createdById: s.createdById,
          createdAt: s.at,
        },
      });
      return { ...toSubscription(row), replaced: null };
    });
  }

  async findForChannel(
    teamId: string,
    channelId: string,
    kind: DigestKind,
  ): Promise<(DigestSubscription & { readonly active: boolean }) | undefined> {
    const row = await this.db.digestSubscription.findUnique({
      where: { workspaceId_channelId_kind: { workspaceId: teamId, channelId, kind: toKind(kind) } },
    });
    return row ? { ...toSubscription(row), active: row.cancelledAt === null } : undefined;
  }

  async listActive(teamId: string | null): Promise<DigestSubscription[]> {
    const rows = await this.db.digestSubscription.findMany({
      where: { cancelledAt: null, ...(teamId ? { workspaceId: teamId } : {}) },
      orderBy: [{ workspaceId: "asc" }, { number: "asc" }],
    });
    return rows.map(toSubscription);
  }

  async findActive(
    teamId: string,
    ref: { number: number } | { idPrefix: string },
  ): Promise<DigestSubscription[]> {
    const rows =
      "number" in ref
        ? await this.db.digestSubscription.findMany({
            where: { workspaceId: teamId, cancelledAt: null, number: ref.number },
          })
        : await this.db.$queryRaw<{ id: string }[]>`
            select id from digest_subscription
             where workspace_id = ${teamId} and cancelled_at is null
               and id::text like ${`${ref.idPrefix.toLowerCase()}%`}`.then((ids) =>
            this.db.digestSubscription.findMany({ where: { id: { in: ids.map((r) => r.id) } } }),
          );
    return rows.map(toSubscription);
  }

  async cancel(subscriptionId: string, at: Date): Promise<boolean> {
    const { count } = await this.db.digestSubscription.updateMany({
      where: { id: subscriptionId, cancelledAt: null },
      data: { cancelledAt: at },
    });
    return count === 1;
  }
}

/** Prisma's "Unique constraint failed" (P2002), with or without a driver adapter. */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

async function allocateNumber(tx: Prisma.TransactionClient, teamId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    update workspace set last_digest_subscription_number = last_digest_subscription_number + 1
     where id = ${teamId} returning last_digest_subscription_number as n`;
  if (!rows[0]) throw new Error(`workspace ${teamId} does not exist`);
  return rows[0].n;
}
