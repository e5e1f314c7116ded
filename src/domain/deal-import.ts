/**
 * Reading deals from a CSV export: Handoff's own export, HubSpot's deals
 * export, Pipedrive's deals export and Salesforce's opportunities report are recognised by
 * their headers, with no mapping. Amounts and dates are read by the same rules as `/deal new`.
 * Pure: which stages and owners the names mean is the service's to resolve.
 */

import { type CsvRecord, csvRecords, unprotectCell } from "./csv.ts";
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

/** What one reading of the whole file tells before any row is taken: whether it is one to import at all. */
export type ImportSurvey =
  | {
      readonly ok: true;
      readonly format: ImportFormat;
      readonly columnOf: Partial<Record<ImportField, number>>;
      /** The file's records after its header: rows to import and rows refused. */
      readonly records: number;
      /** The file's convention for slashed dates, when one of them decides it. */
      readonly dayFirst: boolean | undefined;
    }
  | Extract<ImportReading, { ok: false }>;

export type ImportItem = { readonly row: ImportRow } | { readonly refusal: ImportRefusal };

/** Reads the whole file: every row is either a row to import or a refusal naming its line. */
export function readDealImport(text: string, options: ImportOptions): ImportReading {
  const survey = surveyDealImport(text);
  if (!survey.ok) return survey;
  const rows: ImportRow[] = [];
  const refused: ImportRefusal[] = [];
  const stageNames: string[] = [];
  for (const item of dealImportItems(text, survey, options)) {
    if ("refusal" in item) {
      refused.push(item.refusal);
      continue;
    }
    const { stageName } = item.row;
    if (stageName && !stageNames.includes(stageName)) stageNames.push(stageName);
    rows.push(item.row);
  }
  return { ok: true, format: survey.format, rows, refused, stageNames };
}

/**
 * A first pass over the file that keeps nothing of its rows: the export it is, whether it can
 * be read to its end, how many rows it has and how its slashed dates read. A file refused
 * here is refused before any of its rows is imported.
 */
export function surveyDealImport(text: string): ImportSurvey {
  if (looksBinary(text)) return { ok: false, code: "not_csv" };
  let header: ReturnType<typeof recogniseHeader> | undefined;
  let records = 0;
  let dayFirst: boolean | undefined;
  let decided = false;
  for (const item of csvRecords(text)) {
    if (!item.ok) return { ok: false, code: "unclosed_quote", line: item.line };
    if (!header) {
      header = recogniseHeader(item.record.fields);
      continue;
    }
    records++;
    if (decided) continue;
    dayFirst = slashedDateIsDayFirst(cellOf(item.record, header.columnOf.closeDate));
    decided = dayFirst !== undefined;
  }
  if (!header) return { ok: false, code: "empty" };
  if (records > IMPORT_LIMITS.rows) {
    return { ok: false, code: "too_many_rows", rows: records, limit: IMPORT_LIMITS.rows };
  }
  if (header.columnOf.name === undefined) return { ok: false, code: "no_name_column" };
  return { ok: true, format: header.format, columnOf: header.columnOf, records, dayFirst };
}

/** The file's rows one at a time, in the file's order, each read (or refused) as it comes. */
export function* dealImportItems(
  text: string,
  survey: Extract<ImportSurvey, { ok: true }>,
  options: ImportOptions,
): Generator<ImportItem, void, undefined> {
  const { format, columnOf, dayFirst } = survey;
  const seenKeys = new Map<string, number>();
  let header = true;
  for (const item of csvRecords(text)) {
    if (!item.ok) return;
    if (header) {
      header = false;
      continue;
    }
    const record = item.record;
    const cell = (field: ImportField) => cellOf(record, columnOf[field]);
    const line = record.line;
    if (record.fields.length > IMPORT_LIMITS.cells) {
      yield {
        refusal: { code: "too_many_cells", line, count: record.fields.length, limit: IMPORT_LIMITS.cells },
      };
      continue;
    }
    const name = cell("name");
    if (!name) {
      yield { refusal: { code: "no_name", line } };
      continue;
    }
    const tooLong = firstTooLong(line, [
      ["name", name, "dealName"],
      ["company", cell("company"), "company"],
      ["nextStep", cell("nextStep"), "nextStep"],
      ["source", cell("source"), "source"],
    ]);
    if (tooLong) {
      yield { refusal: tooLong };
      continue;
    }
    const currencyCell = cell("currency")?.toUpperCase();
    if (currencyCell && !isCurrencyCode(currencyCell)) {
      yield { refusal: { code: "unknown_currency", line, value: currencyCell } };
      continue;
    }
    const amountCell = cell("amount");
    let money: Money | undefined;
    if (amountCell) {
      const amount = parseAmount(amountCell, currencyCell ?? options.defaultCurrency);
      if (!amount.ok) {
        yield { refusal: { code: "not_an_amount", line, value: amountCell, problem: amount.problem } };
        continue;
      }
      money = amount.money;
    }
    const dateCell = cell("closeDate");
    let closeDate: CalendarDate | undefined;
    if (dateCell) {
      const date = parseDate(calendarPart(dateCell, dayFirst), { today: options.today });
      if (!date.ok) {
        yield { refusal: { code: "not_a_date", line, value: dateCell, problem: date.problem } };
        continue;
      }
      closeDate = date.date;
    }
    const id = cell("id");
    const ref = format === "handoff" && id ? parseHandoffRef(id) : undefined;
    const key = id ? `${format}:${id}` : undefined;
    if (key) {
      const firstLine = seenKeys.get(key);
      if (firstLine !== undefined) {
        yield { refusal: { code: "duplicate_row", line, firstLine } };
        continue;
      }
      seenKeys.set(key, line);
    }
    const ownerCell = cell("owner");
    const ownerEmail = cell("ownerEmail") ?? (ownerCell?.includes("@") ? ownerCell : undefined);
    const ownerName = ownerCell && !ownerCell.includes("@") ? ownerCell : undefined;
    const contactName = cell("contact");
    const contactEmail = cell("contactEmail");
    yield {
      row: compact({
        line,
        key,
        ref,
        name,
        company: cell("company"),
        stageName: cell("stage"),
        money,
        closeDate,
        owner: ownerEmail || ownerName ? compact({ email: ownerEmail, name: ownerName }) : undefined,
        contact:
          contactName || contactEmail ? compact({ name: contactName, email: contactEmail }) : undefined,
        nextStep: cell("nextStep"),
        source: cell("source"),
      }),
    };
  }
}

/** A field's cell as one line of text (a line break inside a quoted cell becomes a space), or undefined when empty. */
function cellOf(record: CsvRecord, index: number | undefined): string | undefined {
  if (index === undefined) return undefined;
  const value = unprotectCell((record.fields[index] ?? "").replace(/\s+/g, " ").trim());
  return value === "" ? undefined : value;
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
 * Undefined while a cell leaves it open.
 */
function slashedDateIsDayFirst(cell: string | undefined): boolean | undefined {
  const match = cell && /^(\d{1,2})\/(\d{1,2})\/\d{2,4}/.exec(cell);
  if (!match) return undefined;
  if (Number(match[1]) > 12) return true;
  if (Number(match[2]) > 12) return false;
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
