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

/**
 * A CSV file's text, its byte-order mark dropped: that one character would make the engine
 * keep the whole text at two bytes a character, twice the file's size for as long as it is read.
 */
export function csvText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

export type CsvItem =
  | { readonly ok: true; readonly record: CsvRecord }
  | { readonly ok: false; readonly line: number; readonly error: "unclosed_quote" };

/** Reads every record; blank lines are skipped. The first record is usually the header. */
export function parseCsv(text: string): CsvParseResult {
  const records: CsvRecord[] = [];
  for (const item of csvRecords(text)) {
    if (!item.ok) return item;
    records.push(item.record);
  }
  return { ok: true, records, separator: guessSeparator(withoutBom(text)) };
}

/**
 * The records one at a time, as they are read: a caller that handles each and lets it go holds
 * one record, not the whole file twice over. An unclosed quote ends the reading. Fields are
 * sliced out of the text, never built a character at a time: at 50,000 rows, one string per
 * character made hundreds of megabytes of garbage.
 */
export function* csvRecords(text: string): Generator<CsvItem, void, undefined> {
  const input = withoutBom(text);
  const separator = guessSeparator(input);
  const end = input.length;
  let line = 1;
  let i = 0;
  while (i < end) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (input[i] === '"') {
        const parts: string[] = [];
        let from = i + 1;
        for (;;) {
          const quote = input.indexOf('"', from);
          if (quote < 0) {
            yield { ok: false, line: recordLine, error: "unclosed_quote" };
            return;
          }
          parts.push(input.slice(from, quote));
          if (input[quote + 1] !== '"') {
            i = quote + 1;
            break;
          }
          parts.push('"');
          from = quote + 2;
        }
        value = parts.join("");
        line += lineBreaks(value);
        // Text after the closing quote belongs to the field, as spreadsheets read it.
        const rest = fieldEnd(input, i, separator);
        value += input.slice(i, rest);
        i = rest;
      } else {
        const stop = fieldEnd(input, i, separator);
        value = input.slice(i, stop);
        i = stop;
      }
      fields.push(value);
      if (i < end && input[i] === separator) {
        i++;
        continue;
      }
      break;
    }
    if (i < end) {
      if (input[i] === "\r" && input[i + 1] === "\n") i++;
      i++;
      line++;
    }
    if (!(fields.length === 1 && fields[0] === "")) yield { ok: true, record: { line: recordLine, fields } };
  }
}

function withoutBom(text: string): string {
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/** Where an unquoted stretch ends: the separator, a line end, or the end of the text. */
function fieldEnd(input: string, from: number, separator: string): number {
  let i = from;
  while (i < input.length) {
    const char = input[i];
    if (char === separator || char === "\n" || char === "\r") break;
    i++;
  }
  return i;
}

/** Line breaks inside a quoted field (CRLF, LF or a lone CR), so later records keep their line numbers. */
function lineBreaks(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "\n" || (value[i] === "\r" && value[i + 1] !== "\n")) count++;
  }
  return count;
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
