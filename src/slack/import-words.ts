import { truncateText } from "../domain/command-text.ts";
import type { ImportFormat, ImportPreview, ImportRefusal, ImportSummary } from "../domain/deal-import.ts";
import type { AppErrorDetails } from "../lib/app-error.ts";
import { amountProblemText, dateProblemText } from "./field-problems.ts";

/**
 * The words of an import, in plain text: Slack shows them as plain_text and the command line
 * prints them, so both say exactly the same thing.
 */

const FORMAT_NAMES: Record<ImportFormat, string> = {
  handoff: "Handoff export",
  hubspot: "HubSpot deals export",
  pipedrive: "Pipedrive deals export",
  salesforce: "Salesforce opportunities report",
};

const FIELD_NAMES: Record<Extract<ImportRefusal, { code: "too_long" }>["field"], string> = {
  name: "deal name",
  company: "company",
  nextStep: "next step",
  source: "source",
};

/** A cell of the file quoted back: one line, cut short. */
function cell(text: string): string {
  return `"${truncateText(text.replace(/\s+/g, " ").trim(), 40)}"`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

export function importRefusalText(refusal: ImportRefusal): string {
  const at = `line ${refusal.line}: `;
  switch (refusal.code) {
    case "no_name":
      return `${at}no deal name`;
    case "not_an_amount":
      return `${at}${refusal.problem.kind === "unreadable" ? `${cell(refusal.value)} is not an amount` : amountProblemText(refusal.problem)}`;
    case "unknown_currency":
      return `${at}${cell(refusal.value)} is not a currency code (use an ISO code like USD, EUR or GBP)`;
    case "not_a_date":
      return `${at}${refusal.problem.kind === "unreadable" ? `${cell(refusal.value)} is not a date` : dateProblemText(refusal.problem)}`;
    case "duplicate_row":
      return `${at}the same deal as line ${refusal.firstLine}`;
    case "too_many_cells":
      return `${at}${count(refusal.count, "cell")}, more than the ${refusal.limit} a row may have`;
    case "too_long":
      return `${at}the ${FIELD_NAMES[refusal.field]} has ${refusal.length} characters, more than ${refusal.limit}`;
  }
}

export function importPreviewText(preview: ImportPreview, options: { update: boolean }): string {
  const lines = [
    `${preview.fileName} (${FORMAT_NAMES[preview.format]}): ${count(preview.rowsRead, "row")} read.`,
    `${count(preview.toCreate, "deal")} to create, ${count(preview.toUpdate, "deal")} to update${
      preview.unchanged > 0
        ? `, ${count(preview.unchanged, "deal")} already in Handoff${options.update ? " and unchanged" : " (left as they are)"}`
        : ""
    }.`,
  ];
  if (preview.refusedCount > 0) {
    lines.push(`${count(preview.refusedCount, "row")} refused:`);
    lines.push(...preview.refusals.map((r) => `  ${importRefusalText(r)}`));
    if (preview.refusedCount > preview.refusals.length) {
      lines.push(`  … and ${count(preview.refusedCount - preview.refusals.length, "more row")}`);
    }
  }
  if (preview.unmatchedStages.length > 0) {
    lines.push(
      `Stages no Handoff stage matches (their deals go to ${preview.fallbackStage.name} unless you map them): ${preview.unmatchedStages.map(cell).join(", ")}.`,
    );
  }
  const { byEmail, byName, toImporter, unknownNames } = preview.owners;
  lines.push(`Owners matched: ${byEmail} by email, ${byName} by name.`);
  if (toImporter > 0) {
    lines.push(
      `Warning: ${count(toImporter, "deal")} name an owner nobody here matches (${unknownNames.map(cell).join(", ")}); you will own them.`,
    );
  }
  return lines.join("\n");
}

export function importProgressText(fileName: string, done: number, total: number): string {
  return `Importing ${fileName}: ${done.toLocaleString("en-US")} of ${count(total, "deal")}…`;
}

export function importSummaryText(summary: ImportSummary): string {
  const parts = [
    `Imported ${summary.fileName}: ${count(summary.created, "deal")} created, ${count(summary.updated, "deal")} updated`,
  ];
  if (summary.unchanged > 0) parts.push(`${count(summary.unchanged, "deal")} left as they were`);
  if (summary.refusedCount > 0) parts.push(`${count(summary.refusedCount, "row")} refused`);
  const warning =
    summary.ownersToImporter > 0
      ? ` You own ${count(summary.ownersToImporter, "deal")} whose owner nobody here matched.`
      : "";
  return `${parts.join(", ")}.${warning}`;
}

const UNREADABLE: Record<AppErrorDetails["import.unreadable"]["problem"], string> = {
  empty: "is empty",
  no_name_column:
    "has no column for the deal's name (Name, Deal Name, Title or Opportunity Name) in its first line",
  unclosed_quote: "has a quote that is never closed",
  not_csv: "is not a CSV file (save it from your spreadsheet as CSV, UTF-8)",
};

export function importUnreadableText(details: AppErrorDetails["import.unreadable"]): string {
  const where = details.line ? ` (from line ${details.line})` : "";
  return `${details.fileName} ${UNREADABLE[details.problem]}${where}. Nothing was imported.`;
}

export function importTooLargeText(details: AppErrorDetails["import.file_too_large"]): string {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
  return `${details.fileName} is ${mb(details.bytes)}; an import takes files up to ${mb(details.limit)}. Split it into smaller files and import each. Nothing was imported.`;
}

export function importTooManyRowsText(details: AppErrorDetails["import.too_many_rows"]): string {
  return `${details.fileName} has ${count(details.rows, "row")}; an import takes up to ${details.limit.toLocaleString("en-US")}. Split it into smaller files and import each. Nothing was imported.`;
}
