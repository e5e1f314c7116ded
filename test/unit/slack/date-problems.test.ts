import { describe, expect, it } from "vitest";
import { parseDate } from "../../../src/domain/dates.ts";
import { dateProblemText } from "../../../src/slack/field-problems.ts";

// Wednesday.
const WED = "2026-12-02";

describe("parseDate's problems, in words", () => {
  it.each([
    ["", "Enter a date — for example 2026-12-05, 5 Dec, friday"],
    ["  ", "Enter a date"],
    [
      "blah",
      `"blah" isn't a date I can read — try 2026-12-05, 5 Dec, friday, next friday, in 2 weeks or end of month.`,
    ],
    ["2026-02-30", "February 2026 has only 28 days."],
    ["2027-02-29", "2027 isn't a leap year — February 2027 has only 28 days."],
    ["29 Feb 2027", "2027 isn't a leap year"],
    ["2026-04-31", "April 2026 has only 30 days."],
    ["2026-13-01", "There's no month 13 — months go from 1 to 12."],
    ["2026-00-10", "There's no month 0"],
    ["2026-12-00", "There's no day 0"],
    ["0000-01-01", "There's no year 0"],
    ["Feb 30", "February never has 30 days — at most 29."],
    ["31 apr", "April has only 30 days."],
    ["32 Dec", "December has only 31 days."],
    ["5/12", `"5/12" could be 5 December or May 12 — write 2026-12-05 or 2027-05-12.`],
    ["1/2/2027", `"1/2/2027" could be 1 February or January 2 — write 2027-02-01 or 2027-01-02.`],
    ["13/13", "neither number can be a month"],
    ["31/2", "February never has 31 days"],
    ["5.12", "isn't a date I can read"],
    ["Mon 4 Dec 2026", "4 Dec 2026 is a Friday, not a Monday."],
    ["december", `"december" needs a day — try 5 Dec or end of december.`],
    ["in 3 business weeks", "only days can be business days"],
    ["in 99999 years", "is too far away"],
    ["999999 days ago", "is too far away"],
    ["in 3", "isn't a date I can read"],
    ["in ad", "isn't a date I can read"],
    ["in twod", "isn't a date I can read"],
    ["next", "isn't a date I can read"],
    ["friday 3pm", "isn't a date I can read"],
    ["Q5", "isn't a date I can read"],
    ["2026-12-05T10:00", "isn't a date I can read"],
    ["20261205", "isn't a date I can read"],
    ["x".repeat(200), "isn't a date I can read"],
  ])("%j", (text, message) => {
    const result = parseDate(text, { today: WED });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(dateProblemText(result.problem)).toContain(message);
  });

  it("quotes long input shortened", () => {
    const input = `friday ${"x".repeat(300)}`;
    const result = parseDate(input, { today: WED });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const words = dateProblemText(result.problem);
      expect(words).toContain(`"friday ${"x".repeat(32)}…"`);
      expect(words.length).toBeLessThan(160);
    }
  });
});
