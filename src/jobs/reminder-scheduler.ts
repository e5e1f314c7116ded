import { startOfWeek, todayIn } from "../domain/dates.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { ReminderService } from "../services/reminder-service.ts";
import type { WorkspaceService } from "../services/workspace-service.ts";
import { INSTANCE_ID, PeriodicJob } from "./periodic-job.ts";

export interface ReminderSchedulerOptions {
  reminders: ReminderService;
  workspaces: WorkspaceService;
  clock: Clock;
  logger: Logger;
  /** The workspaces this instance serves: it claims only their slots (all when absent). */
  workspaceIds?: readonly string[];
  /** Local hour (workspace time zone) from which the morning round runs. */
  morningHour?: number;
}

/**
 * Runs each workspace's morning round once per local day. Every instance ticks (node-cron,
 * every five minutes); the (job, slot) row decides which one runs it. A round missed while
 * the app was down runs at the first tick after it comes back that same local day, and
 * "08:00 local" stays 08:00 across daylight-saving changes because the slot is the local date.
 */
export class ReminderScheduler extends PeriodicJob {
  constructor(private readonly options: ReminderSchedulerOptions) {
    super("*/5 * * * *", "handoff-reminders");
  }

  protected async runDue(): Promise<void> {
    const { reminders, workspaces, clock, logger } = this.options;
    const morningHour = this.options.morningHour ?? 8;
    let teams: Array<{ id: string }>;
    try {
      teams = await reminders.workspaces();
    } catch (error) {
      logger.warn({ err: error }, "reminders: could not list workspaces; next tick will retry");
      return;
    }
    const served = this.options.workspaceIds;
    for (const { id } of teams) {
      // Another workspace on the same database is another installation's to run.
      if (served && !served.includes(id)) continue;
      const log = logger.child({ job: "morning-reminders", team: id });
      try {
        const settings = await workspaces.settings(id);
        const now = clock.now();
        if (localHour(now, settings.timeZone) < morningHour) continue;
        const today = todayIn(settings.timeZone, now);
        const job = `morning:${id}`;
        const slot = new Date(`${today}T00:00:00Z`);
        if (!(await reminders.claimSlot(job, slot, INSTANCE_ID))) continue;
        try {
          const sent = await reminders.runMorning({
            teamId: id,
            today,
            weekStart: startOfWeek(today),
            deliveryChannelId: settings.channels.delivery,
            now,
          });
          log.info({ today, ...sent }, "morning reminders queued");
        } catch (error) {
          // Give the slot back so the next tick (here or elsewhere) tries again.
          await reminders.releaseSlot(job, slot);
          throw error;
        }
      } catch (error) {
        log.error({ err: error }, "morning reminders failed");
      }
    }
  }
}

function localHour(at: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(at);
  return Number(hour);
}
