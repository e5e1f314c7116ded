import type { CalendarDate } from "./dates.ts";

/**
 * Public holidays a workspace may start its calendar from, per country, for 2026 and 2027, as
 * the days offices close (a holiday on a weekend moves to the weekday it is observed on).
 * National days only: regional ones (a German state's, a US state's) are added by hand.
 */
export const HOLIDAY_PRESETS = {
  US: {
    name: "United States (federal)",
    dates: [
      "2026-01-01",
      "2026-01-19",
      "2026-02-16",
      "2026-05-25",
      "2026-06-19",
      "2026-07-03",
      "2026-09-07",
      "2026-10-12",
      "2026-11-11",
      "2026-11-26",
      "2026-12-25",
      "2027-01-01",
      "2027-01-18",
      "2027-02-15",
      "2027-05-31",
      "2027-06-18",
      "2027-07-05",
      "2027-09-06",
      "2027-10-11",
      "2027-11-11",
      "2027-11-25",
      "2027-12-24",
      "2027-12-31",
    ],
  },
  GB: {
    name: "United Kingdom (England and Wales)",
    dates: [
      "2026-01-01",
      "2026-04-03",
      "2026-04-06",
      "2026-05-04",
      "2026-05-25",
      "2026-08-31",
      "2026-12-25",
      "2026-12-28",
      "2027-01-01",
      "2027-03-26",
      "2027-03-29",
      "2027-05-03",
      "2027-05-31",
      "2027-08-30",
      "2027-12-27",
      "2027-12-28",
    ],
  },
  DE: {
    name: "Germany (national)",
    dates: [
      "2026-01-01",
      "2026-04-03",
      "2026-04-06",
      "2026-05-01",
      "2026-05-14",
      "2026-05-25",
      "2026-10-03",
      "2026-12-25",
      "2026-12-26",
      "2027-01-01",
      "2027-03-26",
      "2027-03-29",
      "2027-05-01",
      "2027-05-06",
      "2027-05-17",
      "2027-10-03",
      "2027-12-25",
      "2027-12-26",
    ],
  },
} as const satisfies Record<string, { name: string; dates: readonly CalendarDate[] }>;

export type HolidayCountry = keyof typeof HOLIDAY_PRESETS;

export function isHolidayCountry(code: string): code is HolidayCountry {
  return Object.hasOwn(HOLIDAY_PRESETS, code);
}
