/**
 * When digests go out: a weekly day and time, or a daily time, as wall-clock time
 * in an IANA zone. Slots are computed on local calendar dates and only then turned into an
 * instant, so "Monday 09:00 Europe/Berlin" is 09:00 local on both sides of a daylight-saving
 * change. Pure: Intl is the only source of zone rules.
 */

import { addDays, type CalendarDate, dayOfWeek, isValidTimeZone, todayIn, zonedParts } from "./dates.ts";

export type DigestKind = "weekly" | "daily";

export interface DigestSchedule {
  readonly kind: DigestKind;
  /** 0 = Sunday … 6 = Saturday; weekly only. */
  readonly dayOfWeek: number | null;
  /** "HH:MM", 24-hour, in timeZone. */
  readonly time: string;
  readonly timeZone: string;
}

/** A slot missed while the app was down is still posted within this long of its time. */
export const CATCH_UP_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_WEEKLY = { dayOfWeek: 1, time: "09:00" } as const;
export const DEFAULT_DAILY = { time: "08:30" } as const;

const DAY_MS = 86_400_000;

// ───────────── Wall-clock time ↔ instants ─────────────

/** The wall-clock time at an instant in a zone, as if it were UTC (milliseconds). */
function wallClockMs(at: number, timeZone: string): number {
  const p = zonedParts(new Date(at), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's offset from UTC at an instant, in milliseconds (Berlin in summer: +2 h). */
function offsetAt(at: number, timeZone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  return wallClockMs(whole, timeZone) - whole;
}

/** "HH:MM" on a 24-hour clock, 00:00 to 23:59: the only times a schedule may hold. */
export function isClockTime(time: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(time);
}

/**
 * The instant a local date and time happen in a zone. A time skipped by a spring-forward gap
 * is moved forward by the gap (02:30 → 03:30), and a time that happens twice when clocks go
 * back is the first of the two — what Temporal calls "compatible", and what people expect.
 */
export function zonedTimeToInstant(date: CalendarDate, time: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const { hours, minutes } = splitTime(time);
  const local = Date.UTC(year!, month! - 1, day!, hours, minutes);
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const candidates = [local - before, local - after].filter(
    (instant) => wallClockMs(instant, timeZone) === local,
  );
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In the gap: the offset from before the change lands as far past the gap as we were into it.
  return new Date(local - before);
}

function splitTime(time: string): { hours: number; minutes: number } {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new RangeError(`not an HH:MM time: ${time}`);
  return { hours: Number(match[1]), minutes: Number(match[2]) };
}

// ───────────── Slots ─────────────

function isSlotDay(schedule: DigestSchedule, date: CalendarDate): boolean {
  return schedule.kind === "daily" || dayOfWeek(date) === schedule.dayOfWeek;
}

/** The latest slot at or before `now` (it may be long past if the schedule is weekly). */
export function latestSlot(schedule: DigestSchedule, now: Date): Date {
  let date = todayIn(schedule.timeZone, now);
  // A slot day is at most 7 days back; one more week covers "today, but later than now".
  for (let i = 0; i < 15; i++, date = addDays(date, -1)) {
    if (!isSlotDay(schedule, date)) continue;
    const slot = zonedTimeToInstant(date, schedule.time, schedule.timeZone);
    if (slot.getTime() <= now.getTime()) return slot;
  }
  throw new RangeError("no slot in the last two weeks");
}

/** The first slot strictly after `now`. */
export function nextSlot(schedule: DigestSchedule, now: Date): Date {
  let date = todayIn(schedule.timeZone, now);
  for (let i = 0; i < 15; i++, date = addDays(date, 1)) {
    if (!isSlotDay(schedule, date)) continue;
    const slot = zonedTimeToInstant(date, schedule.time, schedule.timeZone);
    if (slot.getTime() > now.getTime()) return slot;
  }
  throw new RangeError("no slot in the next two weeks");
}

/**
 * The slot to post now, if any: the latest one, when it is less than 24 hours old and not
 * older than the subscription itself (subscribing at 09:05 does not post the 09:00 slot).
 */
export function dueSlot(schedule: DigestSchedule, now: Date, createdAt: Date): Date | undefined {
  const slot = latestSlot(schedule, now);
  if (slot.getTime() < createdAt.getTime()) return undefined;
  if (now.getTime() - slot.getTime() >= CATCH_UP_MS) return undefined;
  return slot;
}

// ───────────── Parsing `/digest subscribe` ─────────────

const DAYS: ReadonlyArray<readonly string[]> = [
  ["sunday", "sun"],
  ["monday", "mon"],
  ["tuesday", "tue", "tues"],
  ["wednesday", "wed"],
  ["thursday", "thu", "thur", "thurs"],
  ["friday", "fri"],
  ["saturday", "sat"],
];

function parseDay(token: string): number | undefined {
  const lower = token.toLowerCase().replace(/s$/, "");
  const index = DAYS.findIndex((names) => names.includes(lower) || names.includes(token.toLowerCase()));
  return index === -1 ? undefined : index;
}

/** "9:00", "09:00", "17:30", "9am", "5:30pm" → "HH:MM"; a near miss is not ok, anything else undefined. */
function parseTime(token: string): { ok: true; time: string } | { ok: false } | undefined {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(token);
  if (!match || (match[2] === undefined && match[3] === undefined)) {
    return /^\d/.test(token) ? { ok: false } : undefined;
  }
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const meridiem = match[3]?.toLowerCase();
  if (meridiem) {
    if (hours < 1 || hours > 12) return { ok: false };
    hours = (hours % 12) + (meridiem === "pm" ? 12 : 0);
  }
  if (hours > 23 || minutes > 59) return { ok: false };
  return { ok: true, time: `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}` };
}

function looksLikeZone(token: string): boolean {
  return token.includes("/") || /^(utc|gmt|z)$/i.test(token);
}

/** Why `/digest subscribe`'s words are not a schedule; `token` is the word as typed. */
export type SubscribeProblem =
  | { readonly kind: "not_a_time"; readonly token: string }
  | { readonly kind: "unknown_time_zone"; readonly token: string }
  | { readonly kind: "unknown_word"; readonly token: string }
  | { readonly kind: "weekly_and_daily" }
  | { readonly kind: "two_days" }
  | { readonly kind: "two_times" }
  | { readonly kind: "day_on_daily" };

export type SubscribeParseResult =
  | { readonly ok: true; readonly schedule: DigestSchedule }
  | { readonly ok: false; readonly problem: SubscribeProblem };

/**
 * `[weekly|daily] [day] [HH:MM] [zone]`, each part optional and in any order: weekly,
 * Monday, 09:00 and the workspace's zone unless said otherwise; daily at 08:30.
 */
export function parseSubscribe(tokens: readonly string[], defaultTimeZone: string): SubscribeParseResult {
  let kind: DigestKind | undefined;
  let day: number | undefined;
  let time: string | undefined;
  let timeZone: string | undefined;
  const fail = (problem: SubscribeProblem): SubscribeParseResult => ({ ok: false, problem });
  for (const token of tokens) {
    const lower = token.toLowerCase();
    if (lower === "weekly" || lower === "daily") {
      if (kind && kind !== lower) return fail({ kind: "weekly_and_daily" });
      kind = lower;
      continue;
    }
    const dayIndex = parseDay(token);
    if (dayIndex !== undefined) {
      if (day !== undefined && day !== dayIndex) return fail({ kind: "two_days" });
      day = dayIndex;
      continue;
    }
    const parsedTime = parseTime(token);
    if (parsedTime) {
      if (!parsedTime.ok) return fail({ kind: "not_a_time", token });
      if (time !== undefined && time !== parsedTime.time) return fail({ kind: "two_times" });
      time = parsedTime.time;
      continue;
    }
    if (looksLikeZone(token)) {
      const zone = /^(gmt|z)$/i.test(token) ? "UTC" : token;
      if (!isValidTimeZone(zone)) return fail({ kind: "unknown_time_zone", token });
      timeZone = canonicalZone(zone);
      continue;
    }
    return fail({ kind: "unknown_word", token });
  }
  const resolvedKind = kind ?? "weekly";
  if (resolvedKind === "daily" && day !== undefined) return fail({ kind: "day_on_daily" });
  return {
    ok: true,
    schedule: {
      kind: resolvedKind,
      dayOfWeek: resolvedKind === "weekly" ? (day ?? DEFAULT_WEEKLY.dayOfWeek) : null,
      time: time ?? (resolvedKind === "weekly" ? DEFAULT_WEEKLY.time : DEFAULT_DAILY.time),
      timeZone: timeZone ?? defaultTimeZone,
    },
  };
}

function canonicalZone(zone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
}
