import { type CalendarDate, type DateProblem, type Holidays, parseDate } from "./dates.ts";
import { HOLIDAY_PRESETS, isHolidayCountry } from "./holiday-presets.ts";
import { DATE_RANGE } from "./limits.ts";

/** A workspace's holiday calendar as stored: its own dates, and a country's shipped list on top. */
export interface HolidayCalendar {
  readonly holidays: readonly CalendarDate[];
  readonly holidayPreset: string | null;
}

/** At most this many dates of its own per workspace: years of holidays, and short enough for the form to show them all. */
export const HOLIDAYS_MAX = 250;

/** The days off a workspace's business days skip: its list plus its country's (an unknown country adds none). */
export function workspaceHolidays(calendar: HolidayCalendar): Holidays {
  const preset =
    calendar.holidayPreset !== null && isHolidayCountry(calendar.holidayPreset)
      ? HOLIDAY_PRESETS[calendar.holidayPreset].dates
      : [];
  return new Set<CalendarDate>([...calendar.holidays, ...preset]);
}

export type HolidayLinesResult =
  | { readonly ok: true; readonly dates: CalendarDate[] }
  | { readonly ok: false; readonly line: number; readonly problem: DateProblem };

/**
 * The holidays field, one date per line (2026-12-24, 24 Dec 2026, anything parseDate reads);
 * blank lines are skipped. The first bad line is named by its number (1-based). Sorted, no repeats.
 */
export function parseHolidayLines(text: string, today: CalendarDate): HolidayLinesResult {
  const dates = new Set<CalendarDate>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === "") continue;
    const result = parseDate(raw, { today });
    if (!result.ok) return { ok: false, line: index + 1, problem: result.problem };
    if (result.date < DATE_RANGE.earliest || result.date > DATE_RANGE.latest)
      return { ok: false, line: index + 1, problem: { kind: "too_far", input: raw.trim() } };
    dates.add(result.date);
  }
  return { ok: true, dates: [...dates].sort() };
}
