import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  addDays,
  type CalendarDate,
  compareDates,
  dayOfWeek,
  daysBetween,
  endOfMonth,
  endOfQuarter,
  findDateInText,
  formatDate,
  isValidCalendarDate,
  isValidTimeZone,
  monthLabel,
  parseDate,
  quarterLabel,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  todayIn,
} from "../../../src/domain/dates.ts";

// Wednesday.
const WED = "2026-12-02";

function parsed(text: string, today: CalendarDate, weekStartsOn?: 0 | 1): CalendarDate | string {
  const result = parseDate(text, weekStartsOn === undefined ? { today } : { today, weekStartsOn });
  return result.ok ? result.date : `error: ${result.problem.kind}`;
}

describe("parseDate: absolute dates", () => {
  it.each([
    ["2026-12-05", "2026-12-05"],
    ["2026-1-5", "2026-01-05"],
    ["2026/12/05", "2026-12-05"],
    ["2028-02-29", "2028-02-29"],
    ["5 Dec", "2026-12-05"],
    ["5 december", "2026-12-05"],
    ["Dec 5", "2026-12-05"],
    ["Dec. 5th", "2026-12-05"],
    ["5th of December", "2026-12-05"],
    ["December 5 2026", "2026-12-05"],
    ["December 5, 2026", "2026-12-05"],
    ["5 Dec 2027", "2027-12-05"],
    ["Fri 4 Dec 2026", "2026-12-04"],
    ["Friday, December 4", "2026-12-04"],
    ["sept 3", "2027-09-03"],
    ["  DEC   5  ", "2026-12-05"],
    ["on 5 Dec", "2026-12-05"],
    ["by Dec 5", "2026-12-05"],
    ["25/12", "2026-12-25"],
    ["12/25", "2026-12-25"],
    ["25/12/2027", "2027-12-25"],
    ["12/25/27", "2027-12-25"],
    ["5/5", "2027-05-05"],
    ["5.12.2026", "2026-12-05"],
    ["5.12.26", "2026-12-05"],
    ["5.12.", "2026-12-05"],
  ])("%j → %s (today Wed 2 Dec 2026)", (text, expected) => {
    expect(parsed(text, WED)).toBe(expected);
  });

  it("echoes with weekday and year", () => {
    expect(parseDate("5 Dec", { today: WED })).toEqual({
      ok: true,
      date: "2026-12-05",
      echo: "Sat 5 Dec 2026",
    });
    expect(parseDate("2027-01-01", { today: WED })).toEqual({
      ok: true,
      date: "2027-01-01",
      echo: "Fri 1 Jan 2027",
    });
  });

  it("a day and month without a year is the next one, or one from the last 30 days", () => {
    expect(parsed("Dec 2", WED)).toBe("2026-12-02"); // today counts
    expect(parsed("Nov 20", WED)).toBe("2026-11-20"); // 12 days ago
    expect(parsed("Nov 2", WED)).toBe("2026-11-02"); // exactly 30 days ago
    expect(parsed("Nov 1", WED)).toBe("2027-11-01"); // 31 days ago: next year's
    expect(parsed("Jan 15", WED)).toBe("2027-01-15");
    expect(parsed("Dec 20", "2027-01-05")).toBe("2026-12-20");
    expect(parsed("29 Feb", WED)).toBe("2028-02-29"); // the next leap day
    expect(parsed("29 Feb", "2028-03-15")).toBe("2028-02-29"); // 15 days ago
    expect(parsed("29 Feb", "2028-04-15")).toBe("2032-02-29");
  });
});

describe("parseDate: relative dates", () => {
  it.each([
    ["today", WED, "2026-12-02"],
    ["Today", WED, "2026-12-02"],
    ["tomorrow", WED, "2026-12-03"],
    ["TOMORROW ", WED, "2026-12-03"],
    ["tmrw", WED, "2026-12-03"],
    ["yesterday", WED, "2026-12-01"],
    ["tomorrow", "2026-12-31", "2027-01-01"],
    ["yesterday", "2028-03-01", "2028-02-29"],
    ["in 3 days", WED, "2026-12-05"],
    ["in 0 days", WED, "2026-12-02"],
    ["in 1 day", WED, "2026-12-03"],
    ["in 3d", WED, "2026-12-05"],
    ["in 2wks", WED, "2026-12-16"],
    ["3d ago", WED, "2026-11-29"],
    ["in 2 weeks", WED, "2026-12-16"],
    ["in two weeks", WED, "2026-12-16"],
    ["in a week", WED, "2026-12-09"],
    ["in a month", WED, "2027-01-02"],
    ["in 1 month", WED, "2027-01-02"],
    ["in 1 month", "2027-01-31", "2027-02-28"],
    ["in a month", "2028-01-31", "2028-02-29"],
    ["in 3 months", "2026-11-30", "2027-02-28"],
    ["in 1 year", "2028-02-29", "2029-02-28"],
    ["in 4 years", "2028-02-29", "2032-02-29"],
    ["in 3 business days", WED, "2026-12-07"],
    ["in 5 working days", WED, "2026-12-09"],
    ["in 1 business day", "2026-12-04", "2026-12-07"],
    ["2 weeks ago", WED, "2026-11-18"],
    ["a month ago", "2027-03-31", "2027-02-28"],
    ["3 days from now", WED, "2026-12-05"],
    ["end of month", WED, "2026-12-31"],
    ["end of the month", "2028-02-10", "2028-02-29"],
    ["eom", "2027-02-10", "2027-02-28"],
    ["eom", "2026-12-31", "2026-12-31"],
    ["end of quarter", "2026-02-10", "2026-03-31"],
    ["eoq", "2026-03-31", "2026-03-31"],
    ["eoq", "2026-04-01", "2026-06-30"],
    ["end of year", "2026-01-01", "2026-12-31"],
    ["eoy", WED, "2026-12-31"],
    ["end of week", WED, "2026-12-04"],
    ["eow", "2026-12-04", "2026-12-04"],
    ["eow", "2026-12-05", "2026-12-11"],
    ["end of next month", "2027-01-31", "2027-02-28"],
    ["end of next quarter", WED, "2027-03-31"],
    ["end of next year", WED, "2027-12-31"],
    ["end of next week", WED, "2026-12-11"],
    ["next month", WED, "2027-01-01"],
    ["next month", "2028-02-29", "2028-03-01"],
    ["next quarter", "2026-03-31", "2026-04-01"],
    ["next year", WED, "2027-01-01"],
    ["next week", WED, "2026-12-07"],
    ["next week", "2026-12-06", "2026-12-07"], // Sunday: Monday-start weeks
    ["next week", "2026-12-07", "2026-12-14"],
    ["Q4", WED, "2026-12-31"],
    ["Q1", WED, "2027-03-31"],
    ["end of Q3", "2026-09-30", "2026-09-30"],
    ["q1 2027", WED, "2027-03-31"],
    ["end of february", WED, "2027-02-28"],
    ["end of february 2028", WED, "2028-02-29"],
    ["end of december", WED, "2026-12-31"],
  ])("%j on %s → %s", (text, today, expected) => {
    expect(parsed(text, today)).toBe(expected);
  });
});

describe("parseDate: weekdays", () => {
  // Mon 30 Nov … Sun 6 Dec 2026, then Mon 7 Dec.
  it.each([
    // text, today, expected
    ["friday", WED, "2026-12-04"],
    ["fri", WED, "2026-12-04"],
    ["FRIDAY", WED, "2026-12-04"],
    ["monday", WED, "2026-12-07"],
    ["wednesday", WED, "2026-12-09"], // a weekday never means today…
    ["this wednesday", WED, "2026-12-02"], // …"this" does
    ["this friday", WED, "2026-12-04"],
    ["friday", "2026-12-04", "2026-12-11"],
    ["this friday", "2026-12-04", "2026-12-04"],
    ["next friday", WED, "2026-12-11"], // Friday of next week, not the coming one
    ["next friday", "2026-12-04", "2026-12-11"],
    ["next friday", "2026-12-06", "2026-12-11"], // Sunday still belongs to the Monday-start week
    ["next friday", "2026-12-07", "2026-12-18"],
    ["next monday", WED, "2026-12-07"],
    ["next sunday", WED, "2026-12-13"],
    ["last friday", WED, "2026-11-27"],
    ["last wednesday", WED, "2026-11-25"],
    ["friday", "2026-12-31", "2027-01-01"],
    ["thurs", WED, "2026-12-03"],
    ["sat", WED, "2026-12-05"],
    ["sun", WED, "2026-12-06"],
  ])("%j on %s → %s", (text, today, expected) => {
    expect(parsed(text, today)).toBe(expected);
  });

  it("weeks starting on Sunday move next friday and next week", () => {
    // Sunday 6 Dec starts a new week when weeks start on Sunday.
    expect(parsed("next friday", "2026-12-06", 0)).toBe("2026-12-18");
    expect(parsed("next friday", "2026-12-06", 1)).toBe("2026-12-11");
    expect(parsed("next week", WED, 0)).toBe("2026-12-06");
    expect(parsed("next week", WED, 1)).toBe("2026-12-07");
  });
});

describe("parseDate refuses", () => {
  it.each([
    ["", "empty"],
    ["blah", "unreadable"],
    ["2026-02-30", "month_too_short"],
    ["2027-02-29", "not_a_leap_year"],
    ["2026-13-01", "no_such_month"],
    ["2026-12-00", "no_such_day"],
    ["0000-01-01", "no_year_zero"],
    ["Mon 4 Dec 2026", "wrong_weekday"],
    ["13/13", "no_month_possible"],
    ["5/12", "day_or_month"],
    ["in 3 business weeks", "business_needs_days"],
    ["december", "needs_day"],
    ["in 99999 years", "too_far"],
  ])("%j: %s", (text, kind) => {
    const result = parseDate(text, { today: WED });
    expect(result.ok ? "ok" : result.problem.kind).toBe(kind);
  });

  it("throws only for an invalid today (a bug in the caller)", () => {
    expect(() => parseDate("friday", { today: "2026-02-30" })).toThrow(RangeError);
  });
});

describe("findDateInText", () => {
  it.each([
    ["Acme renewal 12k @ana next friday", "next friday", "2026-12-11"],
    ["Acme renewal, close friday.", "friday", "2026-12-04"],
    ["call on friday", "on friday", "2026-12-04"],
    ["kickoff (Dec 5, 2026) with Ana", "Dec 5, 2026", "2026-12-05"],
    ["due 2026-12-01 D-12", "due 2026-12-01", "2026-12-01"],
    ["D-12 renewal 5 Dec", "5 Dec", "2026-12-05"],
    ["Acme close in 2 weeks 12k", "in 2 weeks", "2026-12-16"],
    ["Acme eoq", "eoq", "2026-12-31"],
    ["Acme Q1 renewal", "Q1", "2027-03-31"],
    ["Acme tomorrow!", "tomorrow", "2026-12-03"],
    ["invoice 25/12 latest", "25/12", "2026-12-25"],
    ["kickoff 5.12.2026.", "5.12.2026", "2026-12-05"],
    ["Ünïcødé 👩‍👩‍👧 deal next week", "next week", "2026-12-07"],
  ])("%j → %j", (text, slice, date) => {
    const found = findDateInText(text, { today: WED });
    expect(found).toBeDefined();
    expect(text.slice(found!.start, found!.end)).toBe(slice);
    expect(found!.date).toBe(date);
    const reread = parseDate(slice, { today: WED });
    expect(reread.ok && reread.echo).toBe(found!.echo);
  });

  it.each([
    "Acme renewal 12k @ana",
    "Sun Microsystems deal",
    "we sat with them",
    "we may close soon",
    "revenue 5.12",
    "worth 1.5.",
    "see D-12 and #12",
    "meeting 5/12",
    "12k 300 seats",
    "",
    "x".repeat(100),
  ])("%j has no date", (text) => {
    expect(findDateInText(text, { today: WED })).toBeUndefined();
  });

  it("honours weekStartsOn", () => {
    expect(findDateInText("call next friday", { today: "2026-12-06", weekStartsOn: 0 })?.date).toBe(
      "2026-12-18",
    );
  });
});

describe("date helpers", () => {
  it.each([
    ["2026-12-31", 1, "2027-01-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2027-02-28", 1, "2027-03-01"],
    ["2028-03-01", -1, "2028-02-29"],
    ["2026-12-02", 0, "2026-12-02"],
    ["2026-12-02", 365, "2027-12-02"],
    ["2026-03-08", 1, "2026-03-09"], // US DST starts: calendar days don't care
    ["2026-03-29", 1, "2026-03-30"], // EU DST starts
    ["2026-10-25", -1, "2026-10-24"], // EU DST ends
    ["1970-01-01", -1, "1969-12-31"],
    ["0001-01-01", 0, "0001-01-01"],
    ["9999-12-30", 1, "9999-12-31"],
  ])("addDays(%s, %i) = %s", (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    ["2026-12-04", 1, "2026-12-07"], // Fri + 1 → Mon
    ["2026-12-05", 1, "2026-12-07"], // Sat + 1 → Mon
    ["2026-12-06", 1, "2026-12-07"], // Sun + 1 → Mon
    ["2026-12-02", 5, "2026-12-09"], // Wed + 5 → Wed
    ["2026-12-05", 5, "2026-12-11"], // Sat + 5 → Fri
    ["2026-12-07", -1, "2026-12-04"], // Mon − 1 → Fri
    ["2026-12-06", -1, "2026-12-04"], // Sun − 1 → Fri
    ["2026-12-05", 0, "2026-12-05"],
    ["2026-12-31", 2, "2027-01-04"],
    ["2026-12-02", 10, "2026-12-16"],
    ["2026-12-02", -10, "2026-11-18"],
  ])("addBusinessDays(%s, %i) = %s", (date, n, expected) => {
    expect(addBusinessDays(date, n)).toBe(expected);
  });

  it("measures and compares", () => {
    expect(daysBetween("2026-12-02", "2026-12-25")).toBe(23);
    expect(daysBetween("2026-12-25", "2026-12-02")).toBe(-23);
    expect(daysBetween("2028-01-01", "2029-01-01")).toBe(366);
    expect(daysBetween("2026-03-01", "2026-04-01")).toBe(31); // across a DST change
    expect(compareDates("2026-12-02", "2026-12-03")).toBe(-1);
    expect(compareDates("2026-12-03", "2026-12-02")).toBe(1);
    expect(compareDates("2026-12-02", "2026-12-02")).toBe(0);
    expect(dayOfWeek("2026-12-02")).toBe(3);
    expect(dayOfWeek("2028-02-29")).toBe(2);
    expect(dayOfWeek("1970-01-01")).toBe(4);
  });

  it.each([
    ["2026-12-02", "2026-12-01", "2026-12-31", "2026-10-01", "2026-12-31"],
    ["2028-02-29", "2028-02-01", "2028-02-29", "2028-01-01", "2028-03-31"],
    ["2027-02-14", "2027-02-01", "2027-02-28", "2027-01-01", "2027-03-31"],
    ["2026-04-01", "2026-04-01", "2026-04-30", "2026-04-01", "2026-06-30"],
    ["2026-09-30", "2026-09-01", "2026-09-30", "2026-07-01", "2026-09-30"],
  ])("month and quarter of %s", (date, monthStart, monthEnd, quarterStart, quarterEnd) => {
    expect(startOfMonth(date)).toBe(monthStart);
    expect(endOfMonth(date)).toBe(monthEnd);
    expect(startOfQuarter(date)).toBe(quarterStart);
    expect(endOfQuarter(date)).toBe(quarterEnd);
  });

  it("startOfWeek", () => {
    expect(startOfWeek("2026-12-06")).toBe("2026-11-30");
    expect(startOfWeek("2026-12-06", 0)).toBe("2026-12-06");
    expect(startOfWeek("2026-12-02", 0)).toBe("2026-11-29");
  });

  it("formatDate", () => {
    expect(formatDate("2026-12-05")).toBe("Sat 5 Dec");
    expect(formatDate("2026-12-05", { today: WED })).toBe("Sat 5 Dec");
    expect(formatDate("2027-01-08", { today: WED })).toBe("Fri 8 Jan 2027");
    expect(formatDate("2025-12-05", { today: WED })).toBe("Fri 5 Dec 2025");
    expect(formatDate("2026-12-05", { withYear: true })).toBe("Sat 5 Dec 2026");
    expect(formatDate("2028-02-29")).toBe("Tue 29 Feb");
  });

  it.each([
    ["2026-12-05", true],
    ["2028-02-29", true],
    ["2000-02-29", true],
    ["1900-02-29", false],
    ["2027-02-29", false],
    ["2026-02-30", false],
    ["2026-13-01", false],
    ["2026-00-01", false],
    ["2026-12-00", false],
    ["0000-01-01", false],
    ["2026-1-05", false],
    ["2026-12-05T00:00", false],
    [" 2026-12-05", false],
    ["", false],
  ])("isValidCalendarDate(%j) = %s", (value, valid) => {
    expect(isValidCalendarDate(value)).toBe(valid);
  });

  it("helpers throw RangeError on a malformed date or past the calendar's ends", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
    expect(() => addDays("0001-01-01", -1)).toThrow(RangeError);
    expect(() => formatDate("tomorrow")).toThrow(RangeError);
    expect(() => daysBetween("2026-12-02", "2026-12-32")).toThrow(RangeError);
  });
});

describe("todayIn", () => {
  it.each([
    ["UTC", "2026-12-02T23:59:59Z", "2026-12-02"],
    ["UTC", "2026-12-03T00:00:00Z", "2026-12-03"],
    ["Pacific/Auckland", "2026-12-02T12:00:00Z", "2026-12-03"],
    ["America/Los_Angeles", "2026-12-02T03:00:00Z", "2026-12-01"],
    ["Asia/Kolkata", "2026-12-31T18:30:00Z", "2027-01-01"],
    ["Pacific/Kiritimati", "2028-02-28T10:00:00Z", "2028-02-29"],
    // Around DST changes the date still flips at local midnight.
    ["America/New_York", "2026-03-08T04:59:00Z", "2026-03-07"],
    ["America/New_York", "2026-03-08T05:00:00Z", "2026-03-08"],
    ["Europe/Berlin", "2026-10-24T21:59:00Z", "2026-10-24"],
    ["Europe/Berlin", "2026-10-24T22:00:00Z", "2026-10-25"],
  ])("in %s at %s it is %s", (zone, instant, expected) => {
    expect(todayIn(zone, new Date(instant))).toBe(expected);
  });

  it("throws for an unknown zone, which isValidTimeZone reports", () => {
    expect(() => todayIn("Mars/Olympus", new Date())).toThrow(RangeError);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const MIN_DAY = -719_162; // 0001-01-01 as days since 1970-01-01
const MAX_DAY = 2_932_896; // 9999-12-31

const anyDate = fc.integer({ min: MIN_DAY, max: MAX_DAY }).map((n) => addDays("1970-01-01", n));
const nearDate = fc.integer({ min: 0, max: 365 * 200 }).map((n) => addDays("1950-01-01", n));

describe("properties", () => {
  it("addDays(addDays(d, n), -n) === d, and daysBetween measures n", () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -100_000, max: 100_000 }), (date, n) => {
        const moved = (() => {
          try {
            return addDays(date, n);
          } catch {
            return undefined; // past the calendar's ends
          }
        })();
        fc.pre(moved !== undefined);
        expect(isValidCalendarDate(moved!)).toBe(true);
        expect(addDays(moved!, -n)).toBe(date);
        expect(daysBetween(date, moved!)).toBe(n);
        expect(compareDates(date, moved!)).toBe(Math.sign(n) === 0 ? 0 : -Math.sign(n));
      }),
      { numRuns: 3000 },
    );
  });

  it("consecutive days are consecutive calendar dates", () => {
    fc.assert(
      fc.property(nearDate, (date) => {
        const next = addDays(date, 1);
        expect(next > date).toBe(true);
        expect((dayOfWeek(date) + 1) % 7).toBe(dayOfWeek(next));
        if (next.slice(5, 7) !== date.slice(5, 7)) expect(date).toBe(endOfMonth(date));
      }),
      { numRuns: 2000 },
    );
  });

  it("addBusinessDays agrees with counting weekdays one at a time", () => {
    fc.assert(
      fc.property(nearDate, fc.integer({ min: -60, max: 60 }), (date, n) => {
        let expected = date;
        const step = n > 0 ? 1 : -1;
        for (let left = Math.abs(n); left > 0; ) {
          expected = addDays(expected, step);
          if (dayOfWeek(expected) !== 0 && dayOfWeek(expected) !== 6) left--;
        }
        expect(addBusinessDays(date, n)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("parseDate reads back its own ISO form and its echo", () => {
    fc.assert(
      fc.property(nearDate, nearDate, (date, today) => {
        expect(parseDate(date, { today })).toMatchObject({ ok: true, date });
        const echo = formatDate(date, { withYear: true });
        expect(parseDate(echo, { today })).toEqual({ ok: true, date, echo });
      }),
      { numRuns: 2000 },
    );
  });

  const dateish = fc.string({
    unit: fc.constantFrom(
      ..."0123456789/-. ,".split(""),
      "dec",
      "feb",
      "friday",
      "next",
      "in",
      "days",
      "weeks",
      "month",
      "end of",
      "eoq",
      "q4",
      "ago",
      "today",
    ),
    maxLength: 12,
  });

  it("parseDate never throws and answers a valid date or a non-empty error", () => {
    for (const arbitrary of [
      fc.string({ maxLength: 5000 }),
      fc.string({ unit: "binary", maxLength: 5000 }),
      fc.string({ unit: "grapheme", maxLength: 200 }),
      dateish,
    ]) {
      fc.assert(
        fc.property(arbitrary, nearDate, (text, today) => {
          const result = parseDate(text, { today });
          if (result.ok) {
            expect(isValidCalendarDate(result.date)).toBe(true);
            expect(result.echo).toBe(formatDate(result.date, { withYear: true }));
          } else {
            expect(result.problem.kind.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it("findDateInText never throws, and what it finds reads back the same", () => {
    const prose = fc
      .array(fc.oneof(dateish, fc.constantFrom("Acme", "12k", "@ana", "D-12", "(", ")", ",")), {
        maxLength: 10,
      })
      .map((words) => words.join(" "));
    for (const arbitrary of [
      prose,
      fc.string({ maxLength: 5000 }),
      fc.string({ unit: "binary", maxLength: 5000 }),
    ]) {
      fc.assert(
        fc.property(arbitrary, (text) => {
          const found = findDateInText(text, { today: WED });
          if (!found) return;
          const reread = parseDate(text.slice(found.start, found.end), { today: WED });
          expect(reread).toEqual({ ok: true, date: found.date, echo: found.echo });
        }),
        { numRuns: 200 },
      );
    }
  });
});

describe("forecast period labels", () => {
  it.each([
    ["2026-12-04", "December 2026", "Q4 2026"],
    ["2027-01-01", "January 2027", "Q1 2027"],
    ["2027-03-31", "March 2027", "Q1 2027"],
    ["2027-04-01", "April 2027", "Q2 2027"],
  ])("%s is in %s, %s", (date, month, quarter) => {
    expect(monthLabel(date)).toBe(month);
    expect(quarterLabel(date)).toBe(quarter);
  });
});
