import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../../src/domain/csv.ts";
import { HANDOFF_EXPORT_COLUMNS, readDealImport } from "../../../src/domain/deal-import.ts";

const fixture = (name: string) =>
  readFileSync(path.resolve(import.meta.dirname, "../../fixtures/import", name), "utf8");
const options = { defaultCurrency: "USD", today: "2026-12-04" };
const read = (text: string) => {
  const reading = readDealImport(text, options);
  if (!reading.ok) throw new Error(`not read: ${reading.code}`);
  return reading;
};

describe("readDealImport: the four exports, recognised by their headers", () => {
  it("HubSpot (BOM, CRLF, a blank line, quoted commas, dates with times, owners by email or name)", () => {
    const reading = read(fixture("hubspot-deals.csv"));
    expect(reading.format).toBe("hubspot");
    expect(reading.rows[0]).toEqual({
      line: 2,
      key: "hubspot:18273645",
      name: "Acme Corp, renewal 2027",
      company: "Acme Corp, Inc.",
      stageName: "Proposal",
      money: { amount: "12000", currency: "USD" },
      closeDate: "2027-03-31",
      owner: { email: "ana@handoff.example" },
    });
    // 04/15/2027 decides the column is month-first, so 12/01/2026 is 1 December.
    expect(reading.rows.map((r) => [r.line, r.name, r.closeDate, r.money?.amount])).toEqual([
      [2, "Acme Corp, renewal 2027", "2027-03-31", "12000"],
      [3, "Zürich Versicherung pilot", "2027-04-15", "45000.5"],
      [5, "Søren & Co – onboarding", "2026-12-01", "8000"],
    ]);
    expect(reading.refused).toEqual([
      { code: "not_an_amount", line: 6, value: "12kk", problem: { kind: "unreadable", input: "12kk" } },
      { code: "no_name", line: 7 },
      {
        code: "not_a_date",
        line: 8,
        value: "31/02/2027",
        problem: { kind: "no_such_month", month: 31 },
      },
    ]);
    expect(reading.stageNames).toEqual(["Proposal", "Qualified", "Contract sent"]);
  });

  it("Pipedrive ('Deal - ' headers, a currency column, non-Latin names, a line break in a quoted title)", () => {
    const reading = read(fixture("pipedrive-deals.csv"));
    expect(reading.format).toBe("pipedrive");
    expect(reading.rows.map((r) => [r.key, r.name, r.company, r.money, r.contact])).toEqual([
      [
        "pipedrive:311",
        "Łódź logistics rollout",
        "Łódź Logistics, Sp. z o.o.",
        { amount: "25000", currency: "EUR" },
        { name: "Agnieszka Wójcik", email: "agnieszka@lodz.example" },
      ],
      [
        "pipedrive:312",
        "Multi-line note deal",
        "Kettle & Sons",
        { amount: "9900", currency: "GBP" },
        { name: "Tom Kettle", email: "tom@kettle.example" },
      ],
      [
        "pipedrive:313",
        "Tokyo office",
        "東京商事株式会社",
        { amount: "1500000", currency: "JPY" },
        { name: "山田 太郎", email: "yamada@tokyo.example" },
      ],
    ]);
    expect(reading.refused).toEqual([{ code: "unknown_currency", line: 6, value: "XYZ" }]);
  });

  it("Salesforce (day-first dates decided by the column, next step and lead source, no id column)", () => {
    const reading = read(fixture("salesforce-opportunities.csv"));
    expect(reading.format).toBe("salesforce");
    expect(reading.rows.map((r) => [r.name, r.closeDate, r.owner, r.nextStep, r.source, r.key])).toEqual([
      [
        "Globex – Q2 expansion",
        "2027-06-28",
        { name: "Ben Okafor" },
        "Send proposal, then call",
        "Web",
        undefined,
      ],
      ["Initech migration", "2027-09-03", { name: "Ana Souza" }, undefined, "Partner Referral", undefined],
      ["Hooli pilot", "2027-02-01", { name: "Maya Lind" }, undefined, "Trade Show", undefined],
    ]);
  });

  it("Handoff's own export, including a cell protected from running as a formula", () => {
    const reading = read(fixture("handoff-export.csv"));
    expect(reading.format).toBe("handoff");
    expect(reading.rows.map((r) => [r.ref, r.key, r.owner, r.nextStep])).toEqual([
      [1, "handoff:D-1", { email: "ana@handoff.example", name: "Ana Souza" }, "Call Tuesday, 10:00"],
      [2, "handoff:D-2", { email: "ben@handoff.example", name: "Ben Okafor" }, "=1+2 budget check"],
    ]);
  });
});

describe("readDealImport: what it refuses", () => {
  it("says why a file cannot be read at all", () => {
    expect(readDealImport("", options)).toEqual({ ok: false, code: "empty" });
    expect(readDealImport("Amount,Stage\n12k,Lead\n", options)).toEqual({
      ok: false,
      code: "no_name_column",
    });
    expect(readDealImport('Name\n"Acme\n', options)).toEqual({ ok: false, code: "unclosed_quote", line: 2 });
  });

  it("refuses a second row with the same id, naming the first", () => {
    const reading = read("Record ID,Deal Name\n7,Acme\n7,Acme again\n");
    expect(reading.rows.map((r) => r.name)).toEqual(["Acme"]);
    expect(reading.refused).toEqual([{ code: "duplicate_row", line: 3, firstLine: 2 }]);
  });

  it("reads Handoff's export format back as it was written", () => {
    const header = HANDOFF_EXPORT_COLUMNS.map(([, title]) => title);
    const row = [
      "D-9",
      'Ünïcode, "quoted" deal',
      "Ça va SA",
      "Demo",
      "1500.5",
      "EUR",
      "2027-01-31",
      "Ana",
      "ana@x.example",
      "Zoë",
      "zoe@x.example",
      "-5% discount?",
      "Web",
    ];
    const reading = read(toCsv([header, row]));
    expect(reading.rows[0]).toEqual({
      line: 2,
      key: "handoff:D-9",
      ref: 9,
      name: 'Ünïcode, "quoted" deal',
      company: "Ça va SA",
      stageName: "Demo",
      money: { amount: "1500.5", currency: "EUR" },
      closeDate: "2027-01-31",
      owner: { email: "ana@x.example", name: "Ana" },
      contact: { name: "Zoë", email: "zoe@x.example" },
      nextStep: "-5% discount?",
      source: "Web",
    });
  });
});

describe("readDealImport: bad files", () => {
  it("refuses a file that is not text (a spreadsheet saved as .xlsx)", () => {
    const zip = `PK\u0003\u0004\u0014\u0000\u0006\u0000${"\uFFFD".repeat(40)}[Content_Types].xml`;
    expect(readDealImport(zip, options)).toEqual({ ok: false, code: "not_csv" });
  });

  it("refuses more than 50,000 rows, saying how many the file has", () => {
    const text = `Deal Name\n${"Acme\n".repeat(60_000)}`;
    expect(readDealImport(text, options)).toEqual({
      ok: false,
      code: "too_many_rows",
      rows: 60_000,
      limit: 50_000,
    });
  });

  it("refuses a row of 500 cells by its line, and reads the others", () => {
    const wide = ["Wide", ...Array.from({ length: 499 }, (_, i) => `x${i}`)].join(",");
    const reading = read(`Deal Name,Amount\nAcme,100\n${wide}\nGlobex,200\n`);
    expect(reading.rows.map((r) => r.name)).toEqual(["Acme", "Globex"]);
    expect(reading.refused).toEqual([{ code: "too_many_cells", line: 3, count: 500, limit: 200 }]);
  });

  it("refuses a name longer than a deal's name may be, by line", () => {
    const reading = read(`Deal Name\n${"N".repeat(201)}\n`);
    expect(reading.refused).toEqual([{ code: "too_long", line: 2, field: "name", length: 201, limit: 200 }]);
  });
});
