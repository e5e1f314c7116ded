import { describe, expect, it } from "vitest";
import { HOLIDAY_PRESETS } from "../../../src/domain/holiday-presets.ts";
import { parseHolidayLines, workspaceHolidays } from "../../../src/domain/holidays.ts";

const TODAY = "2026-12-04";

describe("parseHolidayLines", () => {
  it("reads one date per line as parseDate does, skipping blank lines; sorted, without repeats", () => {
    expect(parseHolidayLines("2026-12-31\r\n\n  24 Dec 2026 \n2026-12-24\n", TODAY)).toEqual({
      ok: true,
      dates: ["2026-12-24", "2026-12-31"],
    });
    expect(parseHolidayLines("", TODAY)).toEqual({ ok: true, dates: [] });
  });

  it("names the first bad line by its number, counting blank lines", () => {
    expect(parseHolidayLines("2026-12-24\n\nnext holiday\n2026-02-30", TODAY)).toEqual({
      ok: false,
      line: 3,
      problem: { kind: "unreadable", input: "next holiday" },
    });
    const impossible = parseHolidayLines("2026-02-30", TODAY);
    expect(impossible.ok === false && impossible.line).toBe(1);
  });
});

describe("workspaceHolidays", () => {
  it("is the workspace's own dates plus its country's, and an unknown country adds none", () => {
    const days = workspaceHolidays({ holidays: ["2026-12-24"], holidayPreset: "GB" });
    expect(days.has("2026-12-24")).toBe(true);
    expect(days.has("2026-12-25")).toBe(true);
    expect(days.size).toBe(1 + HOLIDAY_PRESETS.GB.dates.length);
    expect([...workspaceHolidays({ holidays: [], holidayPreset: "XX" })]).toEqual([]);
  });
});
