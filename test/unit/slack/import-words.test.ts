import { describe, expect, it } from "vitest";
import type { ImportPreview, ImportRefusal } from "../../../src/domain/deal-import.ts";
import { AppError } from "../../../src/lib/app-error.ts";
import { appErrorText } from "../../../src/slack/error-messages.ts";
import { importPreviewText, importRefusalText } from "../../../src/slack/import-words.ts";

describe("importRefusalText: one line per refused row, naming its line and what to fix", () => {
  it.each<[ImportRefusal, string]>([
    [{ code: "no_name", line: 7 }, "line 7: no deal name"],
    [
      { code: "not_an_amount", line: 14, value: "12kk", problem: { kind: "unreadable", input: "12kk" } },
      'line 14: "12kk" is not an amount',
    ],
    [
      { code: "unknown_currency", line: 6, value: "XYZ" },
      'line 6: "XYZ" is not a currency code (use an ISO code like USD, EUR or GBP)',
    ],
    [
      {
        code: "not_a_date",
        line: 8,
        value: "31st of Smarch",
        problem: { kind: "unreadable", input: "31st of Smarch" },
      },
      'line 8: "31st of Smarch" is not a date',
    ],
    [
      {
        code: "not_a_date",
        line: 8,
        value: "31/02/2027",
        problem: { kind: "month_too_short", day: 31, month: 2, year: 2027, days: 28 },
      },
      "line 8: February 2027 has only 28 days.",
    ],
    [{ code: "duplicate_row", line: 9, firstLine: 3 }, "line 9: the same deal as line 3"],
    [
      { code: "too_many_cells", line: 4, count: 500, limit: 200 },
      "line 4: 500 cells, more than the 200 a row may have",
    ],
    [
      { code: "too_long", line: 5, field: "name", length: 201, limit: 200 },
      "line 5: the deal name has 201 characters, more than 200",
    ],
  ])("%j", (refusal, text) => {
    expect(importRefusalText(refusal)).toBe(text);
  });
});

describe("importPreviewText", () => {
  const preview: ImportPreview = {
    fileName: "deals.csv",
    format: "pipedrive",
    rowsRead: 1_230,
    toCreate: 1_200,
    toUpdate: 0,
    unchanged: 0,
    refusedCount: 30,
    refusals: Array.from({ length: 20 }, (_, i) => ({ code: "no_name" as const, line: i + 2 })),
    unmatchedStages: [],
    fallbackStage: { id: "s1", name: "Lead" },
    stages: [],
    owners: { byEmail: 3, byName: 1, toImporter: 0, unknownNames: [] },
  };

  it("lists the first 20 refusals and counts the rest", () => {
    const text = importPreviewText(preview, { update: false });
    expect(text).toContain("deals.csv (Pipedrive deals export): 1,230 rows read.");
    expect(text).toContain("1,200 deals to create, 0 deals to update.");
    expect(text).toContain("30 rows refused:\n  line 2: no deal name");
    expect(text).toContain("  … and 10 more rows");
    expect(text).not.toContain("Warning");
  });
});

describe("the words of a file refused whole", () => {
  it("says the size, the limit and what to do", () => {
    const error = new AppError("import.file_too_large", {
      fileName: "big.csv",
      bytes: 20 * 1024 * 1024,
      limit: 10 * 1024 * 1024,
    });
    expect(appErrorText(error)).toBe(
      "big.csv is 20 MB; an import takes files up to 10 MB. Split it into smaller files and import each. Nothing was imported.",
    );
  });

  it("names the header it needs when there is no name column", () => {
    const error = new AppError("import.unreadable", {
      fileName: "x.csv",
      problem: "no_name_column",
      line: undefined,
    });
    expect(appErrorText(error)).toContain(
      "has no column for the deal's name (Name, Deal Name, Title or Opportunity Name)",
    );
  });
});
