import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { DigestService } from "../services/digest-service.ts";
import type { WorkspaceService } from "../services/workspace-service.ts";
import { INSTANCE_ID, PeriodicJob } from "./periodic-job.ts";

export interface DigestSchedulerOptions {
  digests: DigestService;
  workspaces: WorkspaceService;
  clock: Clock;
  logger: Logger;
  /** The workspaces this instance serves: it claims only their slots (all when absent). */
  workspaceIds?: readonly string[];
}

/**
 * Posts each digest subscription's slot exactly once. Every instance ticks each
 * minute (node-cron); slots are worked out from the clock in each subscription's own zone
 * (domain/digest-schedule.ts), so the tick's own zone does not matter and daylight-saving
 * changes move nothing. The slot's claim, its stored figures and its queued posts commit in
 * one transaction: a second instance, a restart or a crash in between cannot post it twice,
 * and a slot missed while the app was down is posted at the first tick within 24 hours.
 */
export class DigestScheduler extends PeriodicJob {
  constructor(private readonly options: DigestSchedulerOptions) {
    super("* * * * *", "handoff-digests");
  }

  protected async runDue(): Promise<void> {
    const { digests, workspaces, clock, logger } = this.options;
    const log = logger.child({ job: "digests" });
    // Another workspace on the same database is another installation's to run.
    const served = (teamId: string) =>
      !this.options.workspaceIds || this.options.workspaceIds.includes(teamId);
    try {
      for (const teamId of (await digests.workspaces()).filter(served)) {
        const settings = await workspaces.settings(teamId);
        if (settings.channels.digest)
          await digests.ensureDefault(teamId, settings.channels.digest, settings.timeZone);
      }
    } catch (error) {
      log.warn({ err: error }, "digests: could not ensure the default subscriptions; next tick will retry");
    }
    let subscriptions: Awaited<ReturnType<DigestService["activeSubscriptions"]>>;
    try {
      subscriptions = await digests.activeSubscriptions();
    } catch (error) {
      log.warn({ err: error }, "digests: could not list subscriptions; next tick will retry");
      return;
    }
    const now = clock.now();
    for (const subscription of subscriptions.filter((s) => served(s.teamId))) {
      const slot = digests.dueSlot(subscription, now);
      if (!slot) continue;
      const slotLog = log.child({ team: subscription.teamId, subscription: subscription.number });
      try {
        if (await digests.postSlot(subscription, slot, INSTANCE_ID))
          slotLog.info({ slot: slot.toISOString() }, "digest queued");
      } catch (error) {
        // Nothing was claimed (the claim commits with the run): the next tick tries again.
        slotLog.error({ err: error, slot: slot.toISOString() }, "digest failed");
      }
    }
  }
}
