import {
  endOfMonth,
  endOfQuarter,
  monthLabel,
  quarterLabel,
  startOfMonth,
  startOfQuarter,
  todayIn,
} from "../domain/dates.ts";
import {
  type DailyDigest,
  type DigestFigures,
  isEmptyDaily,
  stageChange,
  type WeeklyDigest,
} from "../domain/digest.ts";
import {
  DEFAULT_WEEKLY,
  type DigestSchedule,
  dueSlot,
  isClockTime,
  nextSlot,
  parseSubscribe,
} from "../domain/digest-schedule.ts";
import type { FieldProblemAt } from "../domain/limits.ts";
import { compareAmounts } from "../domain/money.ts";
import { openStages } from "../domain/stages.ts";
import type { Role } from "../domain/workspace.ts";
import { AppError } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import type { DigestRepository, DigestSubscription, SubscribeResult } from "./digest-ports.ts";
import { invalidFields } from "./field-errors.ts";
import type { PipelineRepository, StageRepository } from "./ports.ts";
import type { SlackEffectIntent } from "./slack-effects.ts";

/** Lists longer than this are cut in SQL; the view may show fewer and says "and N more". */
const LIST_LIMIT = 10;
/** Win rate and average days to close look back this far. */
export const TRAILING_DAYS = 90;
const WEEK_MS = 7 * 86_400_000;

export interface DigestActor {
  readonly teamId: string;
  readonly userId: string;
  readonly role: Role;
}

/**
 * Digests: the weekly manager digest, the daily personal one, subscriptions,
 * and the scheduled posting of each subscription's slot exactly once.
 */
export class DigestService {
  constructor(
    private readonly deps: {
      digests: DigestRepository;
      pipeline: PipelineRepository;
      stages: StageRepository;
      clock: Clock;
      onEffectsQueued?: () => void;
      /** Who may publish the weekly digest in a channel (managers and admins), to name them. */
      publishers?: (teamId: string) => Promise<readonly string[]>;
      /** Whether a conversation is a direct message with the app: its daily digest is personal. */
      isDirectMessage: (channelId: string) => boolean;
    },
  ) {}

  /**
   * The weekly digest is the managers': anyone may read it privately, but only
   * managers and admins share it in a channel or subscribe a channel to it.
   */
  async assertMayPublishWeekly(actor: DigestActor): Promise<void> {
    if (actor.role === "manager" || actor.role === "admin") return;
    const allowed = (await this.deps.publishers?.(actor.teamId)) ?? [];
    throw new AppError("digest.publish_weekly_forbidden", { allowed });
  }

  /** The weekly digest to post in a channel for everyone, by someone allowed to. */
  async weeklyToShare(actor: DigestActor, options: { timeZone: string }): Promise<WeeklyDigest> {
    await this.assertMayPublishWeekly(actor);
    return this.weekly(actor.teamId, options);
  }

  /** The weekly digest as of `at`, with the change since the previous stored one. */
  async weekly(
    teamId: string,
    options: { timeZone: string; at?: Date; subscriptionId?: string | null },
  ): Promise<WeeklyDigest> {
    const now = options.at ?? this.deps.clock.now();
    const today = todayIn(options.timeZone, now);
    const since = new Date(now.getTime() - WEEK_MS);
    const month = { start: startOfMonth(today), end: endOfMonth(today) };
    const quarter = { start: startOfQuarter(today), end: endOfQuarter(today) };
    const [stages, figures, activity, previous] = await Promise.all([
      this.deps.stages.list(teamId),
      this.deps.pipeline.figures(teamId, { month, quarter, now, timeZone: options.timeZone, staleLimit: 1 }),
      this.deps.digests.weeklyActivity(teamId, {
        now,
        since,
        today,
        trailingDays: TRAILING_DAYS,
        listLimit: LIST_LIMIT,
      }),
      this.deps.digests.previousWeekly(teamId, options.subscriptionId ?? null, now),
    ]);
    return {
      kind: "weekly",
      asOf: now.toISOString(),
      today,
      timeZone: options.timeZone,
      since: since.toISOString(),
      previousAsOf: previous ? previous.asOf.toISOString() : null,
      stages: openStages(stages).map((stage) => {
        const rows = figures.byStage.filter((r) => r.stageId === stage.id);
        const current = {
          count: rows.reduce((n, r) => n + r.count, 0),
          totals: rows
            .map((r) => ({ currency: r.currency.trim(), value: r.value, weighted: r.weighted }))
            .sort((a, b) => compareAmounts(b.value, a.value) || a.currency.localeCompare(b.currency)),
        };
        const before = previous?.figures.stages.find((s) => s.stageId === stage.id);
        return {
          stageId: stage.id,
          name: stage.name,
          probability: stage.probability,
          ...current,
          change: previous ? stageChange(current, before) : null,
        };
      }),
      forecast: {
        month: {
          label: monthLabel(today),
          ...month,
          won: [...figures.monthWon],
          weighted: [...figures.monthWeighted],
        },
        quarter: {
          label: quarterLabel(today),
          ...quarter,
          won: [...figures.quarterWon],
          weighted: [...figures.quarterWeighted],
        },
      },
      ...activity,
    };
  }

  /** My daily digest now; it may be empty (the caller says so rather than sending it). */
  async dailyFor(teamId: string, userId: string, timeZone: string): Promise<DailyDigest> {
    const now = this.deps.clock.now();
    const today = todayIn(timeZone, now);
    const [digest] = await this.deps.digests.dailyDigests(teamId, {
      now,
      today,
      userId,
      listLimit: LIST_LIMIT,
    });
    return (
      digest ?? {
        kind: "daily",
        userId,
        today,
        deals: { count: 0, items: [] },
        tasks: { count: 0, items: [] },
      }
    );
  }

  /** A posted digest's frozen figures, for the notifier. */
  async run(teamId: string, runId: string): Promise<DigestFigures> {
    const figures = await this.deps.digests.findRun(teamId, runId);
    if (!figures) throw new AppError("digest.gone", {});
    return figures;
  }

  // ───────────── Subscriptions ─────────────

  async subscribe(
    actor: DigestActor,
    target: { channelId: string; tokens: readonly string[]; defaultTimeZone: string },
  ): Promise<SubscribeResult> {
    const parsed = parseSubscribe(target.tokens, target.defaultTimeZone);
    if (!parsed.ok) throw new AppError("digest.schedule_invalid", { problem: parsed.problem });
    if (parsed.schedule.kind === "weekly") await this.assertMayPublishWeekly(actor);
    // One per channel and kind: subscribing again reschedules it, so whoever could cancel it may.
    const existing = await this.deps.digests.findForChannel(
      actor.teamId,
      target.channelId,
      parsed.schedule.kind,
    );
    if (existing?.active && !this.mayCancel(actor, existing))
      throw new AppError("digest.change_subscription_forbidden", {
        number: existing.number,
        createdById: existing.createdById,
      });
    return this.deps.digests.subscribe({
      teamId: actor.teamId,
      channelId: target.channelId,
      schedule: parsed.schedule,
      createdById: actor.userId,
      at: this.deps.clock.now(),
    });
  }

  async list(teamId: string): Promise<Array<{ subscription: DigestSubscription; next: Date }>> {
    const now = this.deps.clock.now();
    const subscriptions = await this.deps.digests.listActive(teamId);
    return subscriptions.map((subscription) => ({
      subscription,
      next: nextSlot(subscription.schedule, now),
    }));
  }

  /** `S-3`, `3`, or the first characters (at least 4) of its id. */
  async unsubscribe(actor: DigestActor, ref: string): Promise<DigestSubscription> {
    const parsed = parseSubscriptionRef(ref);
    if (!parsed) throw new AppError("digest.subscription_ref_invalid", { ref });
    let found = await this.deps.digests.findActive(actor.teamId, parsed);
    // "12345678" may be the start of an id rather than a number.
    if (found.length === 0 && "number" in parsed && /^\d{4,8}$/.test(ref.trim()))
      found = await this.deps.digests.findActive(actor.teamId, { idPrefix: ref.trim() });
    if (found.length === 0) throw new AppError("digest.subscription_not_found", { ref });
    if (found.length > 1)
      throw new AppError("digest.subscription_ambiguous", {
        ref,
        matchCount: found.length,
        firstNumber: found[0]!.number,
      });
    const subscription = found[0]!;
    if (!this.mayCancel(actor, subscription))
      throw new AppError("digest.cancel_forbidden", { number: subscription.number });
    if (!(await this.deps.digests.cancel(subscription.id, this.deps.clock.now())))
      throw new AppError("digest.already_cancelled", { number: subscription.number });
    return subscription;
  }

  private mayCancel(actor: DigestActor, subscription: DigestSubscription): boolean {
    return actor.role === "admin" || actor.role === "manager" || subscription.createdById === actor.userId;
  }

  // ───────────── Scheduling ─────────────

  workspaces(): Promise<string[]> {
    return this.deps.digests.workspaces();
  }

  /** The weekly subscription to HANDOFF_DIGEST_CHANNEL, Monday 09:00 in the workspace's zone. */
  ensureDefault(teamId: string, channelId: string, timeZone: string): Promise<void> {
    const schedule: DigestSchedule = { kind: "weekly", ...DEFAULT_WEEKLY, timeZone };
    return this.deps.digests.ensureDefault(teamId, channelId, schedule, this.deps.clock.now());
  }

  /** The default weekly subscription, if the workspace has one (it needs a digest channel). */
  async defaultWeekly(teamId: string): Promise<DigestSubscription | undefined> {
    return (await this.deps.digests.listActive(teamId)).find((s) => s.isDefault);
  }

  /** Moves the default weekly digest (from `/handoff settings`); the caller has checked the admin. */
  /** The weekly digest's day (0 = Sunday … 6) and "HH:MM", or the fields' problems. */
  checkWeeklySchedule(dayOfWeek: number, time: string): void {
    const problems: FieldProblemAt[] = [];
    if (!Number.isInteger(dayOfWeek) || dayOfWeek < 0 || dayOfWeek > 6)
      problems.push({ field: "digestDay", problem: { kind: "unknown_choice" } });
    if (!isClockTime(time)) problems.push({ field: "digestTime", problem: { kind: "invalid_time" } });
    if (problems.length > 0) throw invalidFields(problems);
  }

  async setDefaultWeekly(teamId: string, dayOfWeek: number, time: string): Promise<boolean> {
    // A stored "25:99" would make the settings modal unopenable (Slack refuses its initial_time).
    this.checkWeeklySchedule(dayOfWeek, time);
    return this.deps.digests.setDefaultWeekly(teamId, dayOfWeek, time);
  }

  activeSubscriptions(): Promise<DigestSubscription[]> {
    return this.deps.digests.listActive(null);
  }

  /**
   * The slot due now for a subscription, if any. The default subscription has always existed
   * as far as its schedule goes (it is configuration), so it catches up on a slot from before
   * the app first made its row.
   */
  dueSlot(subscription: DigestSubscription, now: Date): Date | undefined {
    return dueSlot(subscription.schedule, now, subscription.isDefault ? new Date(0) : subscription.createdAt);
  }

  /**
   * Posts a subscription's slot once: figures are taken as of the slot, then the claim, the
   * stored run and the queued posts commit together. false when it was posted already (by
   * another instance, or before a restart) or had nobody to tell.
   */
  async postSlot(subscription: DigestSubscription, slot: Date, instance: string): Promise<boolean> {
    if (await this.deps.digests.hasRun(subscription.id, slot)) return false;
    const { teamId, schedule } = subscription;
    let figures: DigestFigures;
    let intents: (runId: string) => SlackEffectIntent[];
    if (schedule.kind === "weekly") {
      figures = await this.weekly(teamId, {
        timeZone: schedule.timeZone,
        at: slot,
        subscriptionId: subscription.id,
      });
      intents = (runId) => [{ kind: "digest.post", runId, channelId: subscription.channelId }];
    } else {
      // From a DM with the app the daily digest is that person's; from a channel, everyone's.
      const personal = this.deps.isDirectMessage(subscription.channelId) && subscription.createdById !== null;
      const people = (
        await this.deps.digests.dailyDigests(teamId, {
          now: slot,
          today: todayIn(schedule.timeZone, slot),
          userId: personal ? subscription.createdById : null,
          listLimit: LIST_LIMIT,
        })
      ).filter((d) => !isEmptyDaily(d));
      figures = { kind: "daily", people };
      intents = (runId) => people.map((d) => ({ kind: "digest.dm", runId, userId: d.userId }) as const);
    }
    const posted = await this.deps.digests.recordScheduledRun({
      teamId,
      subscriptionId: subscription.id,
      kind: schedule.kind,
      slot,
      figures,
      instance,
      intents,
    });
    if (posted) this.deps.onEffectsQueued?.();
    return posted;
  }
}

export function parseSubscriptionRef(ref: string): { number: number } | { idPrefix: string } | undefined {
  const text = ref.trim();
  const numbered = /^(?:s-?)?(\d{1,9})$/i.exec(text);
  if (numbered) return { number: Number(numbered[1]) };
  if (/^[0-9a-f]{4,8}(-[0-9a-f-]{0,28})?$/i.test(text)) return { idPrefix: text.toLowerCase() };
  return undefined;
}
