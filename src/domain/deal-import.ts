/**
 * Reading deals from a CSV export: Handoff's own export, HubSpot's deals
 * export, Pipedrive's deals export and Salesforce's opportunities report are recognised by
 * their headers, with no mapping. Amounts and dates are read by the same rules as `/deal new`.
 * Pure: which stages and owners the names mean is the service's to resolve.
 */

import { type CsvRecord, parseCsv, unprotectCell } from "./csv.ts";
import { type CalendarDate, type DateProblem, parseDate } from "./dates.ts";
import { checkLength, type TextLimit } from "./limits.ts";
import { type AmountProblem, isCurrencyCode, type Money, parseAmount } from "./money.ts";

/** What one import may hold: a file Slack lets a person attach, and what a batch run finishes in a minute. */
export const IMPORT_LIMITS = {
  bytes: 10 * 1024 * 1024,
  rows: 50_000,
  /** Cells in one row: more is a broken file (or one written to hurt), refused by line. */
  cells: 200,
} as const;

export type ImportFormat = "handoff" | "hubspot" | "pipedrive" | "salesforce";

export type ImportField =
  | "id"
  | "name"
  | "company"
  | "stage"
  | "amount"
  | "currency"
  | "closeDate"
  | "owner"
  | "ownerEmail"
  | "contact"
  | "contactEmail"
  | "nextStep"
  | "source";

/** Handoff's export, column by column: what `/deal export` writes and an import reads back. */
export const HANDOFF_EXPORT_COLUMNS: ReadonlyArray<readonly [ImportField, string]> = [
  ["id", "Reference"],
  ["name", "Name"],
  ["company", "Company"],
  ["stage", "Stage"],
  ["amount", "Amount"],
  ["currency", "Currency"],
  ["closeDate", "Close date"],
  ["owner", "Owner"],
  ["ownerEmail", "Owner email"],
  ["contact", "Contact"],
  ["contactEmail", "Contact email"],
  ["nextStep", "Next step"],
  ["source", "Source"],
];

/** Each field's header names, lower case, as the four exports spell them. */
const ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  id: ["reference", "record id", "deal id", "id", "opportunity id"],
  name: ["name", "deal name", "title", "opportunity name", "deal title"],
  company: [
    "company",
    "associated company",
    "organization",
    "organisation",
    "account name",
    "organization name",
  ],
  stage: ["stage", "deal stage"],
  amount: ["amount", "value", "deal value"],
  currency: [
    "currency",
    "deal currency code",
    "amount currency",
    "opportunity currency",
    "currency code",
    "currency of value",
  ],
  closeDate: ["close date", "expected close date", "closing date"],
  owner: ["owner", "deal owner", "opportunity owner", "owner name"],
  ownerEmail: ["owner email", "deal owner email", "opportunity owner email"],
  contact: ["contact", "person", "contact person", "associated contact", "contact name", "primary contact"],
  contactEmail: ["contact email", "person - email", "person email", "email"],
  nextStep: ["next step"],
  source: ["source", "lead source", "original source", "deal source"],
};

/** The header that tells each export apart (checked in this order). */
const SIGNATURES: ReadonlyArray<readonly [ImportFormat, string]> = [
  ["hubspot", "deal name"],
  ["salesforce", "opportunity name"],
  ["pipedrive", "title"],
  ["handoff", "reference"],
];

export type ImportRefusal =
  | { readonly code: "no_name"; readonly line: number }
  | {
      readonly code: "not_an_amount";
      readonly line: number;
      readonly value: string;
      readonly problem: AmountProblem;
    }
  | { readonly code: "unknown_currency"; readonly line: number; readonly value: string }
  | {
      readonly code: "not_a_date";
      readonly line: number;
      readonly value: string;
      readonly problem: DateProblem;
    }
  | { readonly code: "duplicate_row"; readonly line: number; readonly firstLine: number }
  | { readonly code: "too_many_cells"; readonly line: number; readonly count: number; readonly limit: number }
  | {
      readonly code: "too_long";
      readonly line: number;
      readonly field: "name" | "company" | "nextStep" | "source";
      readonly length: number;
      readonly limit: number;
    };

export interface ImportRow {
  readonly line: number;
  /** The source system's id ("hubspot:1234"), for matching on a later import; Handoff's own is its ref. */
  readonly key?: string;
  /** A Handoff reference (D-12 → 12) from Handoff's own export. */
  readonly ref?: number;
  readonly name: string;
  readonly company?: string;
  readonly stageName?: string;
  readonly money?: Money;
  readonly closeDate?: CalendarDate;
  readonly owner?: { readonly email?: string; readonly name?: string };
  readonly contact?: { readonly name?: string; readonly email?: string };
  readonly nextStep?: string;
  readonly source?: string;
}

export type ImportReading =
  | {
      readonly ok: true;
      readonly format: ImportFormat;
      readonly rows: readonly ImportRow[];
      readonly refused: readonly ImportRefusal[];
      /** The file's stage names, once each, in order of first appearance. */
      readonly stageNames: readonly string[];
    }
  | {
      readonly ok: false;
      readonly code: "empty" | "no_name_column" | "unclosed_quote" | "not_csv";
      readonly line?: number;
    }
  | { readonly ok: false; readonly code: "too_many_rows"; readonly rows: number; readonly limit: number };

/** What an import would do, before it does it. */
export interface ImportPreview {
  readonly fileName: string;
  readonly format: ImportFormat;
  readonly rowsRead: number;
  readonly toCreate: number;
  readonly toUpdate: number;
  /** Rows matching a deal that stays as it is (update off, or nothing differs). */
  readonly unchanged: number;
  readonly refusedCount: number;
  /** The first refusals, by line. */
  readonly refusals: readonly ImportRefusal[];
  /** The file's stage names no stage has (mapped or not), and the stage their deals go to unless mapped. */
  readonly unmatchedStages: readonly string[];
  readonly fallbackStage: { readonly id: string; readonly name: string };
  readonly stages: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly owners: {
    readonly byEmail: number;
    readonly byName: number;
    /** Rows whose owner is nobody Handoff or Slack knows: the importer owns them. */
    readonly toImporter: number;
    readonly unknownNames: readonly string[];
  };
}

export interface ImportSummary {
  readonly fileName: string;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly refusedCount: number;
  readonly ownersToImporter: number;
}

export interface ImportOptions {
  readonly defaultCurrency: string;
  readonly today: CalendarDate;
}

/** Reads the whole file: every row is either a row to import or a refusal naming its line. */
export function readDealImport(text: string, options: ImportOptions): ImportReading {
  if (looksBinary(text)) return { ok: false, code: "not_csv" };
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, code: "unclosed_quote", line: parsed.line };
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, code: "empty" };
  if (records.length > IMPORT_LIMITS.rows) {
    return { ok: false, code: "too_many_rows", rows: records.length, limit: IMPORT_LIMITS.rows };
  }
  const { format, columnOf } = recogniseHeader(header.fields);
  if (columnOf.name === undefined) return { ok: false, code: "no_name_column" };

  const cell = (record: CsvRecord, field: ImportField): string | undefined => {
    const index = columnOf[field];
    // Every field is one line in Handoff: a line break inside a quoted cell becomes a space.
    const value =
      index === undefined
        ? undefined
        : unprotectCell((record.fields[index] ?? "").replace(/\s+/g, " ").trim());
    return value === "" ? undefined : value;
  };
  const dayFirst = slashedDatesAreDayFirst(records.map((r) => cell(r, "closeDate")));

  const rows: ImportRow[] = [];
  const refused: ImportRefusal[] = [];
  const stageNames: string[] = [];
  const seenKeys = new Map<string, number>();
  for (const record of records) {
    const line = record.line;
    if (record.fields.length > IMPORT_LIMITS.cells) {
      refused.push({ code: "too_many_cells", line, count: record.fields.length, limit: IMPORT_LIMITS.cells });
      continue;
    }
    const name = cell(record, "name");
    if (!name) {
      refused.push({ code: "no_name", line });
      continue;
    }
    const tooLong = firstTooLong(line, [
      ["name", name, "dealName"],
      ["company", cell(record, "company"), "company"],
      ["nextStep", cell(record, "nextStep"), "nextStep"],
      ["source", cell(record, "source"), "source"],
    ]);
    if (tooLong) {
      refused.push(tooLong);
      continue;
    }
    const currencyCell = cell(record, "currency")?.toUpperCase();
    if (currencyCell && !isCurrencyCode(currencyCell)) {
      refused.push({ code: "unknown_currency", line, value: currencyCell });
      continue;
    }
    const amountCell = cell(record, "amount");
    let money: Money | undefined;
    if (amountCell) {
      const amount = parseAmount(amountCell, currencyCell ?? options.defaultCurrency);
      if (!amount.ok) {
        refused.push({ code: "not_an_amount", line, value: amountCell, problem: amount.problem });
        continue;
      }
      money = amount.money;
    }
    const dateCell = cell(record, "closeDate");
    let closeDate: CalendarDate | undefined;
    if (dateCell) {
      const date = parseDate(calendarPart(dateCell, dayFirst), { today: options.today });
      if (!date.ok) {
        refused.push({ code: "not_a_date", line, value: dateCell, problem: date.problem });
        continue;
      }
      closeDate = date.date;
    }
    const id = cell(record, "id");
    const ref = format === "handoff" && id ? parseHandoffRef(id) : undefined;
    const key = id ? `${format}:${id}` : undefined;
    if (key) {
      const firstLine = seenKeys.get(key);
      if (firstLine !== undefined) {
        refused.push({ code: "duplicate_row", line, firstLine });
        continue;
      }
      seenKeys.set(key, line);
    }
    const stageName = cell(record, "stage");
    if (stageName && !stageNames.includes(stageName)) stageNames.push(stageName);
    const ownerCell = cell(record, "owner");
    const ownerEmail = cell(record, "ownerEmail") ?? (ownerCell?.includes("@") ? ownerCell : undefined);
    const ownerName = ownerCell && !ownerCell.includes("@") ? ownerCell : undefined;
    const contactName = cell(record, "contact");
    const contactEmail = cell(record, "contactEmail");
    rows.push(
      compact({
        line,
        key,
        ref,
        name,
        company: cell(record, "company"),
        stageName,
        money,
        closeDate,
        owner: ownerEmail || ownerName ? compact({ email: ownerEmail, name: ownerName }) : undefined,
        contact:
          contactName || contactEmail ? compact({ name: contactName, email: contactEmail }) : undefined,
        nextStep: cell(record, "nextStep"),
        source: cell(record, "source"),
      }),
    );
  }
  return {
    ok: true,
    format,
    rows,
    refused,
    stageNames,
  };
}

/**
 * A spreadsheet saved as .xlsx, a PDF or an image: NUL bytes, or many characters that were
 * not UTF-8 (the decoder's U+FFFD), which no CSV export has.
 */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 64 * 1024);
  if (sample.includes("\u0000")) return true;
  const replaced = sample.match(/\uFFFD/g)?.length ?? 0;
  return replaced > 8 && replaced > sample.length / 100;
}

function firstTooLong(
  line: number,
  cells: ReadonlyArray<readonly ["name" | "company" | "nextStep" | "source", string | undefined, TextLimit]>,
): ImportRefusal | undefined {
  for (const [field, value, limit] of cells) {
    const problem = value === undefined ? undefined : checkLength(value, limit);
    if (problem?.kind === "too_long") {
      return { code: "too_long", line, field, length: problem.length, limit: problem.limit };
    }
  }
  return undefined;
}

/** Which export the header is, and the column of each field it has. */
export function recogniseHeader(header: readonly string[]): {
  format: ImportFormat;
  columnOf: Partial<Record<ImportField, number>>;
} {
  const names = header.map(normaliseHeader);
  const columnOf: Partial<Record<ImportField, number>> = {};
  for (const [field, aliases] of Object.entries(ALIASES) as Array<[ImportField, readonly string[]]>) {
    for (const alias of aliases) {
      const index = names.indexOf(alias);
      if (index >= 0) {
        columnOf[field] = index;
        break;
      }
    }
  }
  const format = SIGNATURES.find(([, signature]) => names.includes(signature))?.[0] ?? "handoff";
  return { format, columnOf };
}

/** "Deal - Title" (Pipedrive), "Deal Name " and "deal  name" all read as "deal name" / "title". */
function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/^deal\s*-\s*/, "")
    .replace(/\s+/g, " ");
}

function parseHandoffRef(id: string): number | undefined {
  const match = /^D-(\d{1,9})$/i.exec(id.trim());
  return match ? Number(match[1]) : undefined;
}

/**
 * Slashed dates (03/04/2026) are read month-first in US exports and day-first elsewhere. A
 * file holds one convention, so its column decides: a first part above 12 means day-first.
 */
function slashedDatesAreDayFirst(cells: ReadonlyArray<string | undefined>): boolean | undefined {
  for (const cell of cells) {
    const match = cell && /^(\d{1,2})\/(\d{1,2})\/\d{2,4}/.exec(cell);
    if (!match) continue;
    if (Number(match[1]) > 12) return true;
    if (Number(match[2]) > 12) return false;
  }
  return undefined;
}

/** The date of "2026-03-31T00:00:00Z" or "3/31/2026 12:00 AM"; a slashed date in ISO order once the column decided. */
function calendarPart(cell: string, dayFirst: boolean | undefined): string {
  const date = cell
    .replace(/[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(AM|PM)?\s*(Z|[+-]\d{2}:?\d{2})?$/i, "")
    .trim();
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date);
  if (!slashed || dayFirst === undefined) return date;
  const [, first, second, year] = slashed;
  const [day, month] = dayFirst ? [first!, second!] : [second!, first!];
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
