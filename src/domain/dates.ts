/**
 * Calendar dates ("2026-12-05") with no time and no zone: a close date is a day, the same day for
 * everyone, so arithmetic is on day numbers and daylight saving can't shift anything. Time zones
 * appear once, in `todayIn`, to decide which day it is for a workspace.
 *
 * Conventions for reading dates (each is tested):
 * - A weekday ("friday", "fri") is the next one after today: on a Friday, "friday" is a week
 *   away — say "today" or "this friday" for today.
 * - "next friday" is the Friday of next week (weeks start on Monday, or Sunday with
 *   `weekStartsOn: 0`): on Wednesday 2 Dec 2026 "friday" is 4 Dec and "next friday" is 11 Dec.
 * - "next week" is next week's first day; "next month/quarter/year" the first day of it.
 * - A day and month without a year ("5 Dec") is the next such date, today included, except that
 *   one up to 30 days ago is taken as meant (setting a close date after the fact).
 * - Numbers with slashes are read only when unambiguous: "25/12" and "12/25" are Christmas,
 *   "5/5" is 5 May, but "5/12" could be 5 December or May 12 and is refused with both ISO
 *   readings offered. Dots are European day-first ("5.12.2026"; "5.12." too, but not "5.12",
 *   which is a decimal number).
 * - "in 1 month" clamps to the month's end (31 Jan → 28 Feb); "end of week"/"eow" is the next
 *   Friday, today included.
 */

export type CalendarDate = string;

export interface DateParseOptions {
  readonly today: CalendarDate;
  /** 1 = Monday (default), 0 = Sunday: decides what "next friday" and "next week" mean. */
  readonly weekStartsOn?: 0 | 1;
}

export type DateParseResult =
  | { readonly ok: true; readonly date: CalendarDate; readonly echo: string }
  | { readonly ok: false; readonly problem: DateProblem };

/**
 * Why typed text is not a date, with what is needed to say so and to suggest what would work;
 * `input` is the text as typed. Worded for people in src/slack/field-problems.ts.
 */
export type DateProblem =
  | { readonly kind: "empty" }
  | { readonly kind: "unreadable"; readonly input: string }
  | { readonly kind: "too_far"; readonly input: string }
  | { readonly kind: "no_year_zero" }
  | { readonly kind: "no_such_month"; readonly month: number }
  | { readonly kind: "no_such_day"; readonly day: number }
  | { readonly kind: "not_a_leap_year"; readonly year: number }
  /** `year` is null when none was given ("31 apr"): the month is too short in every year. */
  | {
      readonly kind: "month_too_short";
      readonly day: number;
      readonly month: number;
      readonly year: number | null;
      readonly days: number;
    }
  | {
      readonly kind: "wrong_weekday";
      readonly date: CalendarDate;
      readonly claimed: Weekday;
      readonly actual: Weekday;
    }
  | { readonly kind: "no_month_possible"; readonly input: string }
  | {
      readonly kind: "day_or_month";
      readonly input: string;
      readonly dayFirst: CalendarDate;
      readonly monthFirst: CalendarDate;
    }
  | { readonly kind: "business_needs_days"; readonly input: string }
  /** `monthWord` as typed ("dec", "december"). */
  | {
      readonly kind: "needs_day";
      readonly input: string;
      readonly month: number;
      readonly monthWord: string;
    };

/** 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface DateInText {
  readonly date: CalendarDate;
  readonly echo: string;
  /** UTF-16 offsets into the searched text; `end` is exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface FormatDateOptions {
  /** Adds the year when the date is in another year than this one. */
  readonly today?: CalendarDate;
  /** Always add the year. */
  readonly withYear?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Day numbers: days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithms).

interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function toDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function fromDayNumber(dayNumber: number): Ymd {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

const FIRST_DAY = toDayNumber(1, 1, 1);
const LAST_DAY = toDayNumber(9999, 12, 31);

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function toCalendarDate({ year, month, day }: Ymd): CalendarDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function fromDay(dayNumber: number): CalendarDate {
  if (dayNumber < FIRST_DAY || dayNumber > LAST_DAY) {
    throw new RangeError("Date out of range: calendar dates run from 0001-01-01 to 9999-12-31");
  }
  return toCalendarDate(fromDayNumber(dayNumber));
}

function parseYmd(date: CalendarDate): Ymd | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function ymdOrThrow(date: CalendarDate): Ymd {
  const ymd = parseYmd(date);
  if (!ymd) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date.slice(0, 40))}`);
  return ymd;
}

function dayOf(date: CalendarDate): number {
  const { year, month, day } = ymdOrThrow(date);
  return toDayNumber(year, month, day);
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

// ---------------------------------------------------------------------------------------------
// Helpers. They throw RangeError for a malformed date or one past year 9999: that is a bug in
// the caller, not bad user input (user input goes through parseDate).

/** "YYYY-MM-DD" naming a real day between 0001-01-01 and 9999-12-31. */
export function isValidCalendarDate(value: string): boolean {
  return parseYmd(value) !== undefined;
}

/** The calendar date it is at `now` in an IANA time zone. Throws RangeError for an unknown zone. */
export function todayIn(timeZone: string, now: Date): CalendarDate {
  const { year, month, day } = zonedParts(now, timeZone);
  return toCalendarDate({ year, month, day });
}

/** The wall-clock reading of an instant in a zone. Throws RangeError for an unknown zone. */
export function zonedParts(
  at: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = zonedFormatter(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part("year"),
    month: part("month"),
    day: part("day"),
    hour: part("hour"),
    minute: part("minute"),
    second: part("second"),
  };
}

// Building an Intl.DateTimeFormat costs far more than using one; every card and digest asks.
const zonedFormatters = new Map<string, Intl.DateTimeFormat>();

function zonedFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = zonedFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zonedFormatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDay(dayOf(date) + days);
}

function isWeekendDay(dayNumber: number): boolean {
  const weekday = weekdayOfDay(dayNumber);
  return weekday === 0 || weekday === 6;
}

function addBusinessDaysTo(dayNumber: number, businessDays: number): number {
  if (businessDays === 0) return dayNumber;
  const step = businessDays > 0 ? 1 : -1;
  let current = dayNumber;
  // From a weekend, counting starts at the weekday on the far side: Saturday + 1 is Monday.
  while (isWeekendDay(current)) current -= step;
  const remaining = Math.abs(businessDays);
  current += step * 7 * Math.floor(remaining / 5);
  for (let left = remaining % 5; left > 0; ) {
    current += step;
    if (!isWeekendDay(current)) left--;
  }
  return current;
}

/** Days off besides weekends: a workspace's holiday calendar. */
export type Holidays = ReadonlySet<CalendarDate>;

const NO_HOLIDAYS: Holidays = new Set();

/** Monday to Friday, and not one of the holidays. */
export function isWorkingDay(date: CalendarDate, holidays: Holidays = NO_HOLIDAYS): boolean {
  return !isWeekendDay(dayOf(date)) && !holidays.has(date);
}

/** The day itself when it is a working day, else the next one (a Saturday's due date is Monday). */
export function nextWorkingDay(date: CalendarDate, holidays: Holidays = NO_HOLIDAYS): CalendarDate {
  let day = date;
  while (!isWorkingDay(day, holidays)) day = addDays(day, 1);
  return day;
}

/**
 * Moves n working days (Monday to Friday, skipping `holidays`). From a day off, +1 is the next
 * working day.
 */
export function addBusinessDays(
  date: CalendarDate,
  days: number,
  holidays: Holidays = NO_HOLIDAYS,
): CalendarDate {
  if (holidays.size === 0) return fromDay(addBusinessDaysTo(dayOf(date), days));
  const step = days > 0 ? 1 : -1;
  let current = date;
  for (let left = Math.abs(days); left > 0; ) {
    current = addDays(current, step);
    if (isWorkingDay(current, holidays)) left--;
  }
  return current;
}

function addMonthsTo({ year, month, day }: Ymd, months: number): Ymd {
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  return { year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) };
}

/** Days from a to b: positive when b is later. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return dayOf(b) - dayOf(a);
}

export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const difference = daysBetween(b, a);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return weekdayOfDay(dayOf(date));
}

export function startOfMonth(date: CalendarDate): CalendarDate {
  const { year, month } = ymdOrThrow(date);
  return toCalendarDate({ year, month, day: 1 });
}

export function endOfMonth(date: CalendarDate): CalendarDate {
  const { year, month } = ymdOrThrow(date);
  return toCalendarDate({ year, month, day: daysInMonth(year, month) });
}

/** Calendar quarters: January, April, July, October. */
export function startOfQuarter(date: CalendarDate): CalendarDate {
  const { year, month } = ymdOrThrow(date);
  return toCalendarDate({ year, month: month - ((month - 1) % 3), day: 1 });
}

export function endOfQuarter(date: CalendarDate): CalendarDate {
  const { year, month } = ymdOrThrow(date);
  const lastMonth = month - ((month - 1) % 3) + 2;
  return toCalendarDate({ year, month: lastMonth, day: daysInMonth(year, lastMonth) });
}

/** The first day of date's week; weeks start on Monday unless `weekStartsOn` is 0. */
export function startOfWeek(date: CalendarDate, weekStartsOn: 0 | 1 = 1): CalendarDate {
  return fromDay(weekStart(dayOf(date), weekStartsOn));
}

function weekStart(dayNumber: number, weekStartsOn: 0 | 1): number {
  return dayNumber - ((weekdayOfDay(dayNumber) - weekStartsOn + 7) % 7);
}

const WEEKDAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
export const WEEKDAY_LONG = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
export const MONTH_LONG = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "Fri 5 Dec", with the year when asked or when it isn't `today`'s year: "Fri 5 Dec 2027". */
export function formatDate(date: CalendarDate, options: FormatDateOptions = {}): string {
  const { year, month, day } = ymdOrThrow(date);
  const weekday = WEEKDAY_SHORT[weekdayOfDay(toDayNumber(year, month, day))]!;
  const base = `${weekday} ${day} ${MONTH_SHORT[month - 1]!}`;
  const showYear =
    options.withYear || (options.today !== undefined && ymdOrThrow(options.today).year !== year);
  return showYear ? `${base} ${year}` : base;
}

// ---------------------------------------------------------------------------------------------
// Reading dates.

export const DATE_EXAMPLES = "2026-12-05, 5 Dec, friday, next friday, in 2 weeks or end of month";
const MAX_INPUT_LENGTH = 60;
/** A date without a year this many days back is taken as meant rather than moved to next year. */
const RECENT_PAST_DAYS = 30;

const WEEKDAY_NAMES: Readonly<Record<string, number>> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tues: 2,
  tue: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thurs: 4,
  thur: 4,
  thu: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};

/** In prose "sat" and "sun" are usually words, so a bare one isn't a date there. */
const PROSE_AMBIGUOUS_WEEKDAYS: ReadonlySet<string> = new Set(["sat", "sun"]);

const MONTH_NAMES: Readonly<Record<string, number>> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

function alternation(words: Readonly<Record<string, number>>): string {
  return Object.keys(words)
    .sort((a, b) => b.length - a.length)
    .join("|");
}

const WEEKDAY = alternation(WEEKDAY_NAMES);
const MONTH = alternation(MONTH_NAMES);
/** "3 days", "3d", "two weeks": a word needs its space, digits may do without ("in ad" is no date). */
const COUNT = `(?:(\\d{1,6}) ?|(${alternation(NUMBER_WORDS)}) )`;
const UNIT = "days|day|d|weeks|week|wks|wk|w|months|month|mos|mo|years|year|yrs|yr|y";
const ORDINAL = "(?:st|nd|rd|th)?";

const DAY_MONTH = new RegExp(`^(?:(${WEEKDAY}) )?(\\d{1,2})${ORDINAL}(?: of)? (${MONTH})\\.?(?: (\\d{4}))?$`);
const MONTH_DAY = new RegExp(`^(?:(${WEEKDAY}) )?(${MONTH})\\.? (\\d{1,2})${ORDINAL}(?: (\\d{4}))?$`);
const MONTH_ONLY = new RegExp(`^(${MONTH})\\.?(?: (\\d{4}))?$`);
const END_OF_NAMED_MONTH = new RegExp(`^end of (${MONTH})\\.?(?: (\\d{4}))?$`);
const WEEKDAY_ALONE = new RegExp(`^(?:(this|next|last) )?(${WEEKDAY})$`);
const IN_COUNT = new RegExp(`^in ${COUNT}(?:(business|working) )?(${UNIT})$`);
const COUNT_AGO = new RegExp(`^${COUNT}(?:(business|working) )?(${UNIT}) (ago|from now|from today)$`);

type Outcome =
  | { readonly ok: true; readonly day: number }
  | { readonly ok: false; readonly problem: DateProblem };

interface Context {
  readonly today: number;
  readonly todayYmd: Ymd;
  readonly weekStartsOn: 0 | 1;
  /** Reading prose (findDateInText) rather than a date field: a few words mean less there. */
  readonly prose: boolean;
}

function ok(day: number): Outcome {
  return { ok: true, day };
}

function fail(problem: DateProblem): Outcome {
  return { ok: false, problem };
}

/** A specific reason when year-month-day isn't a real day, or undefined when it is. */
function invalidDayReason(year: number, month: number, day: number): DateProblem | undefined {
  if (year < 1) return { kind: "no_year_zero" };
  if (month < 1 || month > 12) return { kind: "no_such_month", month };
  if (day < 1) return { kind: "no_such_day", day };
  const length = daysInMonth(year, month);
  if (day <= length) return undefined;
  if (month === 2 && day === 29) return { kind: "not_a_leap_year", year };
  return { kind: "month_too_short", day, month, year, days: length };
}

function exactDay(year: number, month: number, day: number): Outcome {
  const reason = invalidDayReason(year, month, day);
  return reason ? fail(reason) : ok(toDayNumber(year, month, day));
}

/** Day and month without a year: the next one (today counts), or one from the last 30 days. */
function dayWithoutYear(month: number, day: number, context: Context): Outcome {
  if (month < 1 || month > 12) return fail({ kind: "no_such_month", month });
  if (day < 1) return fail({ kind: "no_such_day", day });
  const longest = month === 2 ? 29 : daysInMonth(2000, month);
  if (day > longest) return fail({ kind: "month_too_short", day, month, year: null, days: longest });
  const thisYear = context.todayYmd.year;
  // Eight years ahead always holds a 29 February.
  for (let year = thisYear - 1; year <= thisYear + 8; year++) {
    if (day > daysInMonth(year, month)) continue;
    const candidate = toDayNumber(year, month, day);
    if (candidate >= context.today - RECENT_PAST_DAYS) return ok(candidate);
  }
  return fail({ kind: "unreadable", input: `${day}/${month}` });
}

function withYear(month: number, day: number, yearText: string | undefined, context: Context): Outcome {
  if (yearText === undefined) return dayWithoutYear(month, day, context);
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  return exactDay(year, month, day);
}

/** "Fri 5 Dec 2026" must really be a Friday. */
function checkWeekday(outcome: Outcome, weekdayText: string | undefined): Outcome {
  if (!outcome.ok || weekdayText === undefined) return outcome;
  const expected = WEEKDAY_NAMES[weekdayText]!;
  const actual = weekdayOfDay(outcome.day);
  if (expected === actual) return outcome;
  return fail({
    kind: "wrong_weekday",
    date: fromDay(outcome.day),
    claimed: expected as Weekday,
    actual: actual as Weekday,
  });
}

/** "5/12": refused when both numbers could be the month, with both readings offered. */
function slashDate(
  first: number,
  second: number,
  yearText: string | undefined,
  context: Context,
  text: string,
) {
  if (first > 12 && second > 12) return fail({ kind: "no_month_possible", input: text });
  if (first > 12 || first === second) return withYear(second, first, yearText, context);
  if (second > 12) return withYear(first, second, yearText, context);
  const dayFirst = withYear(second, first, yearText, context);
  const monthFirst = withYear(first, second, yearText, context);
  if (!dayFirst.ok || !monthFirst.ok) return dayFirst.ok ? monthFirst : dayFirst;
  return fail({
    kind: "day_or_month",
    input: text,
    dayFirst: fromDay(dayFirst.day),
    monthFirst: fromDay(monthFirst.day),
  });
}

function countOf(text: string): number {
  return NUMBER_WORDS[text] ?? Number(text);
}

function shift(context: Context, count: number, business: boolean, unit: string, text: string): Outcome {
  if (business && !unit.startsWith("d")) {
    return fail({ kind: "business_needs_days", input: text });
  }
  // Far enough to leave the calendar for any count we accept; checked before any arithmetic.
  if (
    Math.abs(count) >
    3_000_000 / (unit.startsWith("y") ? 366 : unit.startsWith("m") ? 31 : unit.startsWith("w") ? 7 : 1)
  ) {
    return fail({ kind: "too_far", input: text });
  }
  if (unit.startsWith("d")) {
    return ok(business ? addBusinessDaysTo(context.today, count) : context.today + count);
  }
  if (unit.startsWith("w")) return ok(context.today + 7 * count);
  const months = unit.startsWith("m") ? count : 12 * count;
  const result = addMonthsTo(context.todayYmd, months);
  return ok(toDayNumber(result.year, result.month, result.day));
}

function dayOfYmd(ymd: Ymd): number {
  return toDayNumber(ymd.year, ymd.month, ymd.day);
}

function endOfMonthDay(year: number, month: number): number {
  return toDayNumber(year, month, daysInMonth(year, month));
}

function endOfQuarterDay(year: number, month: number): number {
  const lastMonth = month - ((month - 1) % 3) + 2;
  return endOfMonthDay(year, lastMonth);
}

/** The end or start of this or next week, month, quarter or year. */
function period(context: Context, unit: string, which: "end" | "end-next" | "start-next"): number {
  const { year, month } = context.todayYmd;
  const thisWeek = weekStart(context.today, context.weekStartsOn);
  const fridayOffset = (5 - context.weekStartsOn + 7) % 7;
  switch (unit) {
    case "week":
      if (which === "start-next") return thisWeek + 7;
      // This week's end is the next Friday, today included; next week's is its Friday.
      return which === "end"
        ? context.today + ((5 - weekdayOfDay(context.today) + 7) % 7)
        : thisWeek + 7 + fridayOffset;
    case "month": {
      const next = addMonthsTo({ year, month, day: 1 }, 1);
      if (which === "start-next") return dayOfYmd(next);
      return which === "end" ? endOfMonthDay(year, month) : endOfMonthDay(next.year, next.month);
    }
    case "quarter": {
      const nextStart = endOfQuarterDay(year, month) + 1;
      if (which === "start-next") return nextStart;
      if (which === "end") return endOfQuarterDay(year, month);
      const next = fromDayNumber(nextStart);
      return endOfQuarterDay(next.year, next.month);
    }
    default:
      if (which === "start-next") return toDayNumber(year + 1, 1, 1);
      return toDayNumber(which === "end" ? year : year + 1, 12, 31);
  }
}

const PERIOD_ABBREVIATIONS: Readonly<Record<string, string>> = {
  eow: "week",
  eom: "month",
  eoq: "quarter",
  eoy: "year",
};

function interpret(text: string, context: Context): Outcome | undefined {
  const { today } = context;
  if (text === "today") return ok(today);
  if (/^(?:tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow)$/.test(text)) return ok(today + 1);
  if (text === "yesterday") return ok(today - 1);

  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(text);
  if (m) return exactDay(Number(m[1]), Number(m[3]), Number(m[4]));

  m = WEEKDAY_ALONE.exec(text);
  if (m) {
    const [, which, name] = m;
    if (context.prose && which === undefined && PROSE_AMBIGUOUS_WEEKDAYS.has(name!)) return undefined;
    const target = WEEKDAY_NAMES[name!]!;
    const current = weekdayOfDay(today);
    if (which === "next") {
      const nextWeek = weekStart(today, context.weekStartsOn) + 7;
      return ok(nextWeek + ((target - context.weekStartsOn + 7) % 7));
    }
    if (which === "last") return ok(today - ((current - target + 7) % 7 || 7));
    if (which === "this") return ok(today + ((target - current + 7) % 7));
    return ok(today + ((target - current + 7) % 7 || 7));
  }

  m = DAY_MONTH.exec(text);
  if (m) return checkWeekday(withYear(MONTH_NAMES[m[3]!]!, Number(m[2]), m[4], context), m[1]);
  m = MONTH_DAY.exec(text);
  if (m) return checkWeekday(withYear(MONTH_NAMES[m[2]!]!, Number(m[3]), m[4], context), m[1]);

  m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?$/.exec(text);
  if (m) return slashDate(Number(m[1]), Number(m[2]), m[3], context, text);
  // In prose "5.12." may be a number ending a sentence, so dots there need the year.
  m = context.prose
    ? /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/.exec(text)
    : /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?$/.exec(text);
  if (m) return withYear(Number(m[2]), Number(m[1]), m[3], context);

  m = IN_COUNT.exec(text);
  if (m) return shift(context, countOf(m[1] ?? m[2]!), m[3] !== undefined, m[4]!, text);
  m = COUNT_AGO.exec(text);
  if (m) {
    const count = countOf(m[1] ?? m[2]!);
    return shift(context, m[5] === "ago" ? -count : count, m[3] !== undefined, m[4]!, text);
  }

  m = /^(?:end of (?:the )?(week|month|quarter|year)|(eow|eom|eoq|eoy))$/.exec(text);
  if (m) return ok(period(context, m[1] ?? PERIOD_ABBREVIATIONS[m[2]!]!, "end"));
  m = /^end of next (week|month|quarter|year)$/.exec(text);
  if (m) return ok(period(context, m[1]!, "end-next"));
  m = /^next (week|month|quarter|year)$/.exec(text);
  if (m) return ok(period(context, m[1]!, "start-next"));

  // "Q4", "end of Q1 2027": the quarter's last day, this year's unless it has passed.
  m = /^(?:end of )?q([1-4])(?: (\d{4}))?$/.exec(text);
  if (m) {
    const lastMonth = Number(m[1]) * 3;
    const year = m[2] === undefined ? context.todayYmd.year : Number(m[2]);
    const end = endOfMonthDay(year, lastMonth);
    return ok(m[2] === undefined && end < today ? endOfMonthDay(year + 1, lastMonth) : end);
  }

  m = END_OF_NAMED_MONTH.exec(text);
  if (m) {
    const month = MONTH_NAMES[m[1]!]!;
    if (m[2] !== undefined) return ok(endOfMonthDay(Number(m[2]), month));
    const thisYear = endOfMonthDay(context.todayYmd.year, month);
    return ok(thisYear >= today ? thisYear : endOfMonthDay(context.todayYmd.year + 1, month));
  }
  m = MONTH_ONLY.exec(text);
  if (m && !context.prose) {
    return fail({ kind: "needs_day", input: text, month: MONTH_NAMES[m[1]!]!, monthWord: m[1]! });
  }
  return undefined;
}

function contextOf(options: DateParseOptions, prose: boolean): Context {
  const todayYmd = ymdOrThrow(options.today);
  return { today: dayOfYmd(todayYmd), todayYmd, weekStartsOn: options.weekStartsOn ?? 1, prose };
}

function read(input: string, context: Context): DateParseResult {
  const text = input
    .trim()
    .toLowerCase()
    .replace(/\s*,\s*/g, " ")
    .replace(/\s+/g, " ")
    .replace(/^(?:on|by|due) /, "");
  if (text === "") return { ok: false, problem: { kind: "empty" } };
  if (text.length > MAX_INPUT_LENGTH)
    return { ok: false, problem: { kind: "unreadable", input: input.trim() } };
  const outcome = interpret(text, context);
  if (!outcome) return { ok: false, problem: { kind: "unreadable", input: input.trim() } };
  if (!outcome.ok) return outcome;
  if (outcome.day < FIRST_DAY || outcome.day > LAST_DAY) {
    return { ok: false, problem: { kind: "too_far", input: input.trim() } };
  }
  const date = fromDay(outcome.day);
  return { ok: true, date, echo: formatDate(date, { withYear: true }) };
}

/**
 * Reads a date as people type it; see the conventions at the top of this file. Case and spaces
 * don't matter. Throws RangeError only when `options.today` is not a valid date.
 */
export function parseDate(text: string, options: DateParseOptions): DateParseResult {
  return read(text, contextOf(options, false));
}

const MAX_WORDS = 6;
const LEADING_PUNCTUATION = /^[("'“‘[]+/;
const TRAILING_PUNCTUATION = /[)"'”’\].,;:!?]+$/;

/**
 * The first date expression in free text ("Acme renewal 12k @ana next friday" → next friday),
 * for prefilling a form. The earliest start wins, and from there the longest reading (so
 * "next friday", not "friday"). In prose "sat", "sun" and "may" alone aren't dates, and dotted
 * dates need their year.
 */
export function findDateInText(text: string, options: DateParseOptions): DateInText | undefined {
  const context = contextOf(options, true);
  const words = [...text.matchAll(/\S+/g)].map((match) => {
    const lead = LEADING_PUNCTUATION.exec(match[0])?.[0].length ?? 0;
    return { start: match.index + lead, end: match.index + match[0].length };
  });
  for (let first = 0; first < words.length; first++) {
    const start = words[first]!.start;
    for (let last = Math.min(words.length, first + MAX_WORDS) - 1; last >= first; last--) {
      const raw = text.slice(start, words[last]!.end);
      const candidate = raw.replace(TRAILING_PUNCTUATION, "");
      if (candidate === "" || candidate.length > MAX_INPUT_LENGTH) continue;
      const result = read(candidate, context);
      if (result.ok) return { date: result.date, echo: result.echo, start, end: start + candidate.length };
    }
  }
  return undefined;
}

/** The month `date` falls in, as forecasts name it: "December 2026". */
export function monthLabel(date: CalendarDate): string {
  const [year, month] = date.split("-").map(Number);
  return new Date(Date.UTC(year!, month! - 1, 1)).toLocaleString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** The calendar quarter `date` falls in: "Q4 2026". */
export function quarterLabel(date: CalendarDate): string {
  const [year, month] = date.split("-").map(Number);
  return `Q${Math.floor((month! - 1) / 3) + 1} ${year}`;
}
