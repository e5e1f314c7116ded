import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv, protectCell, toCsv, unprotectCell } from "../../../src/domain/csv.ts";

const fields = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`unclosed quote on line ${parsed.line}`);
  return parsed.records.map((r) => [r.line, ...r.fields]);
};

describe("parseCsv", () => {
  it("reads quoted commas, doubled quotes and line breaks inside quotes, with the line each record starts on", () => {
    expect(fields('a,b\r\n"Acme, Inc.","say ""hi"""\r\n"two\r\nlines",x\r\n')).toEqual([
      [1, "a", "b"],
      [2, "Acme, Inc.", 'say "hi"'],
      [3, "two\r\nlines", "x"],
    ]);
  });

  it("drops a byte-order mark, skips blank lines, and takes LF, CRLF or CR line ends and no final newline", () => {
    expect(fields("\uFEFFname\n\nÅsa\r\rZoë")).toEqual([
      [1, "name"],
      [3, "Åsa"],
      [5, "Zoë"],
    ]);
  });

  it("takes ; or a tab as the separator when the header line uses it", () => {
    expect(fields("Name;Amount\nAcme;12.000,50\n")).toEqual([
      [1, "Name", "Amount"],
      [2, "Acme", "12.000,50"],
    ]);
    expect(fields("Name\tAmount\nAcme, Inc.\t12000\n")[1]).toEqual([2, "Acme, Inc.", "12000"]);
  });

  it("keeps empty fields, and says which record left a quote open", () => {
    expect(fields("a,,c\n,,\n")).toEqual([
      [1, "a", "", "c"],
      [2, "", "", ""],
    ]);
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({ ok: false, line: 2, error: "unclosed_quote" });
  });
});

describe("toCsv", () => {
  it("reads back exactly what it wrote, whatever the cells hold", () => {
    // Mostly the characters CSV must escape, so the odd cases come up in every run.
    const tricky = fc.constantFrom('"', ",", ";", "\t", "\n", "\r", " ", "'", "=", "-", "a", "é", "日");
    const cell = fc.oneof(
      fc.string({ unit: tricky, maxLength: 6 }),
      fc.string({ unit: "grapheme", maxLength: 8 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const width = rows[0]!.length;
          const table = rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? "x"));
          const parsed = parseCsv(toCsv(table));
          if (!parsed.ok) return false;
          // An all-empty single-column row is a blank line, which readers skip.
          const expected = table.filter((row) => !(row.length === 1 && row[0] === ""));
          expect(parsed.records.map((r) => r.fields.map(unprotectCell))).toEqual(expected);
          return true;
        },
      ),
    );
  });

  it("keeps a spreadsheet from running a cell as a formula", () => {
    expect(toCsv([["=HYPERLINK(1)", "+1", "-2", "@x", "ok"]])).toBe("'=HYPERLINK(1),'+1,'-2,'@x,ok\r\n");
    expect(unprotectCell(protectCell("=1+2"))).toBe("=1+2");
    expect(unprotectCell("'quoted")).toBe("'quoted");
    expect(unprotectCell(protectCell("'=already"))).toBe("'=already");
  });
});
