import { toCsv } from "../domain/csv.ts";
import type { Deal } from "../domain/deal.ts";
import { HANDOFF_EXPORT_COLUMNS, type ImportField } from "../domain/deal-import.ts";
import type { Clock } from "../lib/clock.ts";
import type { DealImportStore } from "./ports.ts";

/** Who owns a deal, in words an export (and a later import) can use. */
export interface ExportPeople {
  profileOf(teamId: string, userId: string): Promise<{ name?: string; email?: string }>;
}

export interface DealExportFilter {
  readonly ownerId?: string;
  readonly stageIds?: readonly string[];
}

export interface DealExport {
  readonly fileName: string;
  /** Handoff's export format (HANDOFF_EXPORT_COLUMNS), CRLF, cells that would run as formulas protected. */
  readonly csv: string;
  readonly count: number;
}

const PAGE = 1_000;

/**
 * A lead nobody has taken has empty owner cells: the app's name there would read as an owner,
 * and an import leaves an owner it is not given as it is (never the importer's on an update).
 */
const NOT_TAKEN: { name?: string; email?: string } = {};

/**
 * Deals as CSV in Handoff's own export format, which `/handoff import` reads back without loss.
 * Slack sends it as a file; the REST API can serve the same text.
 */
export class ExportService {
  constructor(private readonly deps: { imports: DealImportStore; people: ExportPeople; clock: Clock }) {}

  async dealsCsv(teamId: string, filter: DealExportFilter): Promise<DealExport> {
    const owners = new Map<string, Promise<{ name?: string; email?: string }>>();
    const ownerOf = (userId: string) => {
      if (!owners.has(userId)) owners.set(userId, this.deps.people.profileOf(teamId, userId));
      return owners.get(userId)!;
    };
    const records: string[][] = [HANDOFF_EXPORT_COLUMNS.map(([, title]) => title)];
    for (let after = 0; ; ) {
      const deals = await this.deps.imports.exportPage(teamId, filter, after, PAGE);
      for (const deal of deals)
        records.push(exportRow(deal, deal.awaitingOwner ? NOT_TAKEN : await ownerOf(deal.ownerId)));
      if (deals.length < PAGE) break;
      after = deals.at(-1)!.number;
    }
    const day = this.deps.clock.now().toISOString().slice(0, 10);
    return { fileName: `handoff-deals-${day}.csv`, csv: toCsv(records), count: records.length - 1 };
  }
}

function exportRow(deal: Deal, owner: { name?: string; email?: string }): string[] {
  const [contact] = deal.contacts;
  const values: Record<ImportField, string | null | undefined> = {
    id: `D-${deal.number}`,
    name: deal.name,
    company: deal.accountName,
    stage: deal.stage.name,
    amount: deal.amount,
    currency: deal.currency,
    closeDate: deal.expectedCloseDate,
    owner: owner.name,
    ownerEmail: owner.email,
    contact: contact?.name,
    contactEmail: contact?.email,
    nextStep: deal.nextStep,
    source: deal.source,
  };
  return HANDOFF_EXPORT_COLUMNS.map(([field]) => values[field] ?? "");
}
