/**
 * CSV as spreadsheets and CRMs write it (RFC 4180 and its common variations): a byte-order
 * mark, CRLF, LF or CR line ends, quoted fields holding commas, quotes ("") and line breaks,
 * blank lines, and `;` as the separator where a locale's decimal comma took `,`.
 */

export interface CsvRecord {
  /** The 1-based line of the file the record starts on, for "line 14: …" messages. */
  readonly line: number;
  readonly fields: readonly string[];
}

export type CsvParseResult =
  | { readonly ok: true; readonly records: readonly CsvRecord[]; readonly separator: "," | ";" | "\t" }
  | { readonly ok: false; readonly line: number; readonly error: "unclosed_quote" };

/** Reads every record; blank lines are skipped. The first record is usually the header. */
export function parseCsv(text: string): CsvParseResult {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const separator = guessSeparator(input);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;

  const endField = () => {
    fields.push(field);
    field = "";
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (char === "\n" || (char === "\r" && input[i + 1] !== "\n")) line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === separator) {
      endField();
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && input[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) return { ok: false, line: recordLine, error: "unclosed_quote" };
  if (field !== "" || fields.length > 0) endRecord();
  return { ok: true, records, separator };
}

/** The separator of the first line, outside quotes: the most frequent of `,`, `;` and tab. */
function guessSeparator(input: string): "," | ";" | "\t" {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const char of input) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","]) return "\t";
  return ",";
}

/**
 * Writes records as CSV with CRLF line ends, quoting only where needed. A cell that a
 * spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe, which
 * `unprotectCell` removes again on import, so an export reads back as it was.
 */
export function toCsv(records: readonly (readonly string[])[]): string {
  return (
    records.map((fields) => fields.map((value) => quoteCell(protectCell(value))).join(",")).join("\r\n") +
    "\r\n"
  );
}

/** Tabs are quoted too: unquoted, they would make a reader take tab for the separator. */
function quoteCell(value: string): string {
  return /[",\r\n;\t]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PROTECTED = /^'+[=+\-@\t\r]/;

/** A cell that already looks protected gets one more apostrophe, so reading back is exact. */
export function protectCell(value: string): string {
  return FORMULA_START.test(value) || PROTECTED.test(value) ? `'${value}` : value;
}

export function unprotectCell(value: string): string {
  return PROTECTED.test(value) ? value.slice(1) : value;
}
