import type { CalendarDate } from "../domain/dates.ts";
import type { ReminderRepository } from "../services/ports.ts";
import type { Db } from "./client.ts";

export class PrismaReminderRepository implements ReminderRepository {
  constructor(private readonly db: Db) {}

  workspaces(): Promise<Array<{ id: string; timeZone: string | null }>> {
    return this.db.workspace.findMany({ select: { id: true, timeZone: true } });
  }

  async claimSlot(job: string, slot: Date, instance: string): Promise<boolean> {
    const inserted = await this.db.$executeRaw`
      insert into job_run (job, slot, claimed_by) values (${job}, ${slot}, ${instance}) on conflict (job, slot) do nothing`;
    return inserted === 1;
  }

  async releaseSlot(job: string, slot: Date): Promise<void> {
    await this.db.jobRun.deleteMany({ where: { job, slot } });
  }

  async openTasksDueBy(
    teamId: string,
    day: CalendarDate,
  ): Promise<Array<{ taskId: string; assigneeId: string }>> {
    return this.db.$queryRaw`
      select t.id as "taskId", t.assignee_id as "assigneeId"
        from task t join project p on p.id = t.project_id
       where t.workspace_id = ${teamId} and t.status = 'OPEN' and p.status = 'ACTIVE'
         and t.assignee_id is not null and t.due_date <= ${day}::date
       order by t.due_date, t.number`;
  }

  async readyUnclaimedDueBy(
    teamId: string,
    day: CalendarDate,
  ): Promise<Array<{ taskId: string; projectId: string }>> {
    return this.db.$queryRaw`
      select t.id as "taskId", t.project_id as "projectId"
        from task t join project p on p.id = t.project_id
       where t.workspace_id = ${teamId} and t.status = 'OPEN' and p.status = 'ACTIVE'
         and t.assignee_id is null and t.due_date <= ${day}::date
         and not exists (select 1 from task_dependency d join task b on b.id = d.depends_on_id
                          where d.task_id = t.id and b.status <> 'DONE')
       order by t.due_date, t.number`;
  }

  async staleDeals(teamId: string, now: Date): Promise<Array<{ dealId: string; ownerId: string }>> {
    return this.db.$queryRaw`
      select d.id as "dealId", d.owner_id as "ownerId"
        from deal d join stage s on s.id = d.stage_id
       where d.workspace_id = ${teamId} and s.kind = 'OPEN' and s.stale_after_days is not null
         and not d.awaiting_owner -- the app holds an untaken lead: there is nobody to nudge
         and d.last_activity_at < ${now}::timestamptz - make_interval(days => s.stale_after_days)
       order by d.last_activity_at`;
  }
}
