import type { CalendarDate } from "../domain/dates.ts";
import type { DailyDigest, DigestFigures, WeeklyDigest } from "../domain/digest.ts";
import type { DigestKind, DigestSchedule } from "../domain/digest-schedule.ts";
import type { SlackEffectIntent } from "./slack-effects.ts";

/** What the digest use cases need from storage; db/digest-repository.ts implements it. */

export interface DigestSubscription {
  readonly id: string;
  readonly teamId: string;
  /** Shown as S-<number>. */
  readonly number: number;
  readonly channelId: string;
  readonly schedule: DigestSchedule;
  readonly createdById: string | null;
  readonly createdAt: Date;
  /** Made from HANDOFF_DIGEST_CHANNEL rather than by a person. */
  readonly isDefault: boolean;
}

export interface NewSubscription {
  readonly teamId: string;
  readonly channelId: string;
  readonly schedule: DigestSchedule;
  readonly createdById: string;
  readonly at: Date;
}

export type SubscribeResult = DigestSubscription & { readonly replaced: DigestSchedule | null };

/** The week's figures that are not the pipeline by stage or the forecast. */
export type WeeklyActivity = Omit<
  WeeklyDigest,
  "kind" | "asOf" | "today" | "timeZone" | "since" | "previousAsOf" | "stages" | "forecast"
>;

export interface WeeklyQuery {
  readonly now: Date;
  /** Start of the week the won, lost and completed figures cover. */
  readonly since: Date;
  readonly today: CalendarDate;
  readonly trailingDays: number;
  /** Longest list kept per section; the rest is a count. */
  readonly listLimit: number;
}

export interface DailyQuery {
  readonly now: Date;
  readonly today: CalendarDate;
  /** One person, or everyone in the workspace. */
  readonly userId: string | null;
  readonly listLimit: number;
}

export interface ScheduledRun {
  readonly teamId: string;
  readonly subscriptionId: string;
  readonly kind: DigestKind;
  readonly slot: Date;
  readonly figures: DigestFigures;
  readonly instance: string;
  /** The effects that post it, given the run's id. */
  readonly intents: (runId: string) => readonly SlackEffectIntent[];
}

export interface DigestRepository {
  weeklyActivity(teamId: string, query: WeeklyQuery): Promise<WeeklyActivity>;
  /** Each person's daily digest; people with nothing to report are left out. */
  dailyDigests(teamId: string, query: DailyQuery): Promise<DailyDigest[]>;

  /** The latest stored weekly digest before `before`: of this subscription, or of the workspace when null. */
  previousWeekly(
    teamId: string,
    subscriptionId: string | null,
    before: Date,
  ): Promise<{ asOf: Date; figures: WeeklyDigest } | undefined>;
  findRun(teamId: string, runId: string): Promise<DigestFigures | undefined>;
  hasRun(subscriptionId: string, slot: Date): Promise<boolean>;
  /**
   * In one transaction: claims the (digest:<subscription>, slot) job row, stores the run and
   * queues its effects. false when another instance or an earlier run already has the slot.
   */
  recordScheduledRun(run: ScheduledRun): Promise<boolean>;

  workspaces(): Promise<string[]>;
  /** Creates the default weekly subscription once per workspace; an unsubscribed one stays gone. */
  ensureDefault(teamId: string, channelId: string, schedule: DigestSchedule, at: Date): Promise<void>;
  /** Day and time of the default weekly subscription; false when there is none (no digest channel). */
  setDefaultWeekly(teamId: string, dayOfWeek: number, time: string): Promise<boolean>;
  /**
   * The channel's subscription of that kind, made or given the new schedule (a cancelled one
   * comes back under its old number): one per channel and kind. `replaced` is the schedule it
   * had while active, null when it is new or was cancelled.
   */
  subscribe(subscription: NewSubscription): Promise<SubscribeResult>;
  /** The channel's subscription of that kind, active or cancelled. */
  findForChannel(
    teamId: string,
    channelId: string,
    kind: DigestKind,
  ): Promise<(DigestSubscription & { readonly active: boolean }) | undefined>;
  listActive(teamId: string | null): Promise<DigestSubscription[]>;
  /** Active subscriptions whose number or id prefix matches. */
  findActive(teamId: string, ref: { number: number } | { idPrefix: string }): Promise<DigestSubscription[]>;
  /** false when it was already cancelled. */
  cancel(subscriptionId: string, at: Date): Promise<boolean>;
}
