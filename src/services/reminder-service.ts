import { addDays, type CalendarDate } from "../domain/dates.ts";
import type { ReminderRepository, UnitOfWork } from "./ports.ts";
import type { SlackEffectIntent } from "./slack-effects.ts";

/** The morning round, for one workspace and one local day. */
export interface MorningRound {
  readonly teamId: string;
  readonly today: CalendarDate;
  /** Monday of this week: a stale deal nudges its owner at most once per week. */
  readonly weekStart: CalendarDate;
  readonly deliveryChannelId: string | undefined;
  readonly now: Date;
}

/**
 * Reminders: a DM to each person with tasks overdue or due today; a nudge in the project
 * thread for ready tasks due within two days that nobody has; a DM to the owner of a deal
 * past its stage's stale period, at most once a week. Everything goes out through the queue.
 */
export class ReminderService {
  constructor(
    private readonly deps: {
      reminders: ReminderRepository;
      unitOfWork: UnitOfWork;
      onEffectsQueued?: () => void;
    },
  ) {}

  workspaces(): Promise<Array<{ id: string; timeZone: string | null }>> {
    return this.deps.reminders.workspaces();
  }

  /** Claims a job's slot: true for exactly one caller across instances and restarts. */
  claimSlot(job: string, slot: Date, instance: string): Promise<boolean> {
    return this.deps.reminders.claimSlot(job, slot, instance);
  }

  releaseSlot(job: string, slot: Date): Promise<void> {
    return this.deps.reminders.releaseSlot(job, slot);
  }

  async runMorning(
    round: MorningRound,
  ): Promise<{ taskDms: number; unclaimedNudges: number; staleDeals: number }> {
    const [dueByPerson, unclaimed, stale] = await Promise.all([
      this.deps.reminders.openTasksDueBy(round.teamId, round.today),
      this.deps.reminders.readyUnclaimedDueBy(round.teamId, addDays(round.today, 2)),
      this.deps.reminders.staleDeals(round.teamId, round.now),
    ]);
    const intents: SlackEffectIntent[] = [];
    for (const [userId, taskIds] of groupBy(
      dueByPerson,
      (t) => t.assigneeId,
      (t) => t.taskId,
    )) {
      intents.push({ kind: "reminder.tasks", userId, taskIds, day: round.today });
    }
    if (round.deliveryChannelId) {
      for (const [projectId, taskIds] of groupBy(
        unclaimed,
        (t) => t.projectId,
        (t) => t.taskId,
      )) {
        intents.push({ kind: "reminder.unclaimed", projectId, taskIds, channelId: round.deliveryChannelId });
      }
    }
    let staleDeals = 0;
    await this.deps.unitOfWork.run(async (tx) => {
      for (const deal of stale) {
        // At most once a week per deal, whatever instance or restart runs the round.
        if (!(await tx.requests.claim(`stale-nudge:${deal.dealId}:${round.weekStart}`))) continue;
        intents.push({ kind: "reminder.stale_deal", dealId: deal.dealId, userId: deal.ownerId });
        staleDeals++;
      }
      await tx.effects.enqueue(round.teamId, intents);
    });
    if (intents.length > 0) this.deps.onEffectsQueued?.();
    return {
      taskDms: intents.filter((i) => i.kind === "reminder.tasks").length,
      unclaimedNudges: intents.filter((i) => i.kind === "reminder.unclaimed").length,
      staleDeals,
    };
  }
}

function groupBy<T>(
  items: readonly T[],
  key: (item: T) => string,
  value: (item: T) => string,
): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), value(item)]);
  return groups;
}
