import { createHash } from "node:crypto";
import type { ContactInput } from "../domain/contacts.ts";
import type { CalendarDate } from "../domain/dates.ts";
import { type Deal, dealFieldValues } from "../domain/deal.ts";
import {
  IMPORT_LIMITS,
  type ImportPreview,
  type ImportRefusal,
  type ImportRow,
  type ImportSummary,
  readDealImport,
} from "../domain/deal-import.ts";
import { DEFAULT_CURRENCY } from "../domain/money.ts";
import { firstOpenStage, matchStage, type Stage, stageNameKey } from "../domain/stages.ts";
import type { Role } from "../domain/workspace.ts";
import { AppError } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";

export type { ImportPreview, ImportSummary } from "../domain/deal-import.ts";

import type {
  DealFieldChanges,
  DealImportStore,
  ImportedDealRecord,
  StageRepository,
  TransactionRepositories,
  UnitOfWork,
} from "./ports.ts";

/** Who imports: an admin in Slack, or the server's operator on the command line. */
export interface ImportActor {
  readonly teamId: string;
  readonly userId: string;
  readonly role: Role;
}

export interface ImportFile {
  readonly name: string;
  readonly text: string;
  /** The file's size as uploaded, checked before anything else is read. */
  readonly bytes: number;
}

export interface ImportChoices {
  /** Deals the file already made (or that match it) get the file's values. */
  readonly update: boolean;
  /** The file's stage names the importer mapped, by name, to a stage id. */
  readonly stageMapping: Readonly<Record<string, string>>;
  /** The same by a name's place in the preview's `unmatchedStages` (what Slack's selects carry). */
  readonly stageChoices?: Readonly<Record<string, string>>;
}

/** Slack's directory, asked once per email per import. */
export interface ImportPeople {
  /** The Slack user with that email, or undefined when the workspace has none. */
  userIdByEmail(teamId: string, email: string): Promise<string | undefined>;
  /** The workspace's people by their names (full and display), asked once per import. */
  peopleByName?(teamId: string): Promise<Array<{ userId: string; name: string }>>;
}

export interface PreparedImport {
  readonly preview: ImportPreview;
  run(onProgress?: (progress: ImportProgress) => Promise<void> | void): Promise<ImportSummary>;
}

export interface ImportProgress {
  readonly done: number;
  readonly total: number;
}

/** How many refusals a preview lists by line. */
export const LISTED_REFUSALS = 20;
const BATCH_SIZE = 500;
const BATCH_ATTEMPTS = 3;

type Planned = {
  readonly row: ImportRow;
  readonly creationKey: string;
  readonly existing: Deal | undefined;
  readonly stage: Stage;
  /** Only when the file named its stage: an update leaves the stage alone otherwise. */
  readonly stageGiven: boolean;
  readonly ownerId: string;
  readonly ownerMatched: boolean;
  readonly changes: ImportChanges | undefined;
};

/** What an update changes: the fields, and the stage when the file moves the deal. */
type ImportChanges = DealFieldChanges & { readonly stageId?: string };

interface Plan {
  readonly preview: ImportPreview;
  readonly rows: readonly Planned[];
  readonly refusedCount: number;
}

/**
 * Deals from a CSV file: a preview of what the file would do, then the import in batches, each
 * in one transaction. A batch that fails is retried; a file imported twice creates nothing
 * twice, because every created deal carries the file row's identity as its creation key.
 */
export class ImportService {
  constructor(
    private readonly deps: {
      imports: DealImportStore;
      stages: StageRepository;
      unitOfWork: UnitOfWork;
      clock: Clock;
      people: ImportPeople;
      admins: (teamId: string) => Promise<readonly string[]>;
    },
  ) {}

  /** The gate before the import modal opens: only admins import. */
  async checkMayImport(actor: ImportActor): Promise<void> {
    if (actor.role === "admin") return;
    throw new AppError("admin.required", {
      action: "import_deals",
      admins: await this.deps.admins(actor.teamId),
    });
  }

  async preview(actor: ImportActor, file: ImportFile, choices: ImportChoices): Promise<ImportPreview> {
    return (await this.plan(actor, file, choices)).preview;
  }

  async run(
    actor: ImportActor,
    file: ImportFile,
    choices: ImportChoices,
    onProgress?: (progress: ImportProgress) => Promise<void> | void,
  ): Promise<ImportSummary> {
    return (await this.prepare(actor, file, choices)).run(onProgress);
  }

  /**
   * The preview, and the import it describes, from one reading of the file: the command line
   * shows the one and runs the other without reading (and holding) 50,000 rows twice.
   */
  async prepare(actor: ImportActor, file: ImportFile, choices: ImportChoices): Promise<PreparedImport> {
    const plan = await this.plan(actor, file, choices);
    const id = fileId(file);
    return {
      preview: plan.preview,
      run: (onProgress = () => {}) => this.runPlan(actor, { name: file.name, id }, plan, choices, onProgress),
    };
  }

  private async runPlan(
    actor: ImportActor,
    file: { name: string; id: string },
    plan: Plan,
    choices: ImportChoices,
    onProgress: (progress: ImportProgress) => Promise<void> | void,
  ): Promise<ImportSummary> {
    const work = plan.rows.filter((p) => !p.existing || (choices.update && p.changes));
    let created = 0;
    let updated = 0;
    for (let start = 0; start < work.length; start += BATCH_SIZE) {
      const batch = work.slice(start, start + BATCH_SIZE);
      const done = await this.withRetries(() => this.importBatch(actor, file.name, batch));
      created += done.created;
      updated += done.updated;
      await onProgress({ done: start + batch.length, total: work.length });
    }
    const summary: ImportSummary = {
      fileName: file.name,
      created,
      updated,
      unchanged: plan.rows.length - created - updated,
      refusedCount: plan.refusedCount,
      ownersToImporter: plan.preview.owners.toImporter,
    };
    await this.deps.unitOfWork.run((tx) =>
      tx.audit.record({
        teamId: actor.teamId,
        actorId: actor.userId,
        action: "deals.imported",
        entityType: "import",
        entityId: file.id,
        before: null,
        after: { file: file.name, format: plan.preview.format, rows: plan.preview.rowsRead, ...summary },
        at: this.deps.clock.now(),
      }),
    );
    return summary;
  }

  private async withRetries<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (attempt >= BATCH_ATTEMPTS || error instanceof AppError) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  /**
   * One batch, all or nothing. The rows' deals are looked up again inside the transaction:
   * another import of the same file (or this batch's own earlier attempt) may have made them.
   */
  private importBatch(
    actor: ImportActor,
    fileName: string,
    batch: readonly Planned[],
  ): Promise<{ created: number; updated: number }> {
    const now = this.deps.clock.now();
    return this.deps.unitOfWork.run(async (tx) => {
      const existing = await findExisting(tx.imports, actor.teamId, batch);
      const toCreate: ImportedDealRecord[] = [];
      let updated = 0;
      for (const planned of batch) {
        const deal = existing.byCreationKey.get(planned.creationKey) ?? matchOf(existing, planned.row);
        if (!deal) {
          toCreate.push(newRecord(actor, planned, now));
        } else if (planned.existing && planned.changes) {
          await applyUpdate(tx, actor, deal, planned, now);
          updated++;
        }
      }
      await tx.imports.createImported(actor.teamId, toCreate, {
        authorId: actor.userId,
        body: `imported from ${fileName}`,
        at: now,
      });
      return { created: toCreate.length, updated };
    });
  }

  private async plan(actor: ImportActor, file: ImportFile, choices: ImportChoices): Promise<Plan> {
    await this.checkMayImport(actor);
    if (file.bytes > IMPORT_LIMITS.bytes) {
      throw new AppError("import.file_too_large", {
        fileName: file.name,
        bytes: file.bytes,
        limit: IMPORT_LIMITS.bytes,
      });
    }
    const today = this.deps.clock.now().toISOString().slice(0, 10) as CalendarDate;
    const reading = readDealImport(file.text, { defaultCurrency: DEFAULT_CURRENCY, today });
    if (!reading.ok) {
      if (reading.code === "too_many_rows") {
        throw new AppError("import.too_many_rows", {
          fileName: file.name,
          rows: reading.rows,
          limit: reading.limit,
        });
      }
      throw new AppError("import.unreadable", {
        fileName: file.name,
        problem: reading.code,
        line: reading.line,
      });
    }
    const stages = await this.deps.stages.list(actor.teamId);
    const fallback = firstOpenStage(stages);
    const stageOf = new Map<string, Stage>();
    const unmatchedStages: string[] = [];
    for (const name of reading.stageNames) {
      const exact = exactStage(stages, name);
      if (exact) stageOf.set(name, exact);
      else unmatchedStages.push(name);
    }
    const mapped = (name: string, index: number) =>
      choices.stageMapping[name] ?? choices.stageChoices?.[String(index)];
    unmatchedStages.forEach((name, index) => {
      const stage = stages.find((s) => s.id === mapped(name, index));
      if (stage) stageOf.set(name, stage);
    });

    const refused: ImportRefusal[] = [...reading.refused];
    const identities = new Map<string, number>();
    const keyed: Array<{ row: ImportRow; creationKey: string }> = [];
    for (const row of reading.rows) {
      const creationKey = creationKeyOf(row);
      const firstLine = identities.get(creationKey);
      if (firstLine !== undefined) {
        refused.push({ code: "duplicate_row", line: row.line, firstLine });
        continue;
      }
      identities.set(creationKey, row.line);
      keyed.push({ row, creationKey });
    }

    const existing = await findExisting(this.deps.imports, actor.teamId, keyed);
    const owners = await this.ownerResolver(actor);
    const rows: Planned[] = [];
    for (const { row, creationKey } of keyed) {
      const deal = existing.byCreationKey.get(creationKey) ?? matchOf(existing, row);
      const owner = await owners.resolve(row.owner);
      const stage = (row.stageName && stageOf.get(row.stageName)) || deal?.stage || fallback;
      const planned = {
        row,
        creationKey,
        existing: deal,
        stage,
        stageGiven: row.stageName !== undefined,
        ownerId: owner.userId,
        ownerMatched: owner.matched !== "importer",
      };
      rows.push({ ...planned, changes: deal ? changesOf(deal, planned) : undefined });
    }
    refused.sort((a, b) => a.line - b.line);
    const toUpdate = choices.update ? rows.filter((p) => p.existing && p.changes).length : 0;
    const toCreate = rows.filter((p) => !p.existing).length;
    return {
      rows,
      refusedCount: refused.length,
      preview: {
        fileName: file.name,
        format: reading.format,
        rowsRead: reading.rows.length + reading.refused.length,
        toCreate,
        toUpdate,
        unchanged: rows.length - toCreate - toUpdate,
        refusedCount: refused.length,
        refusals: refused.slice(0, LISTED_REFUSALS),
        unmatchedStages,
        fallbackStage: { id: fallback.id, name: fallback.name },
        stages: stages.map((s) => ({ id: s.id, name: s.name })),
        owners: owners.counts(),
      },
    };
  }

  /** Owners by email (Slack's directory, each email asked once), else by a name Handoff knows. */
  private async ownerResolver(actor: ImportActor) {
    // A name two people share matches neither: the importer owns the deal and is told.
    const byName = new Map<string, string | null>();
    const named = [
      ...(await this.deps.imports.peopleWithNames(actor.teamId)),
      ...((await this.deps.people.peopleByName?.(actor.teamId)) ?? []),
    ];
    for (const person of named) {
      const key = stageNameKey(person.name);
      const known = byName.get(key);
      byName.set(key, known === undefined || known === person.userId ? person.userId : null);
    }
    const emails = new Map<string, Promise<string | undefined>>();
    const counts = { byEmail: 0, byName: 0, toImporter: 0 };
    const unknownNames = new Set<string>();
    return {
      resolve: async (owner: ImportRow["owner"]) => {
        const email = owner?.email?.toLowerCase();
        if (email) {
          if (!emails.has(email)) {
            emails.set(email, this.deps.people.userIdByEmail(actor.teamId, email));
          }
          const userId = await emails.get(email);
          if (userId) {
            counts.byEmail++;
            return { userId, matched: "email" as const };
          }
        }
        const byItsName = owner?.name ? byName.get(stageNameKey(owner.name)) : undefined;
        if (byItsName) {
          counts.byName++;
          return { userId: byItsName, matched: "name" as const };
        }
        if (owner) {
          counts.toImporter++;
          unknownNames.add(owner.name ?? owner.email ?? "");
        }
        return { userId: actor.userId, matched: "importer" as const };
      },
      counts: () => ({ ...counts, unknownNames: [...unknownNames].slice(0, 10) }),
    };
  }
}

/** A stage the file names exactly (case, spacing and width aside): no prefix guessing in bulk. */
function exactStage(stages: readonly Stage[], name: string): Stage | undefined {
  const match = matchStage(stages, name);
  return match.ok && stageNameKey(match.stage.name) === stageNameKey(name) ? match.stage : undefined;
}

/** The row's identity: its export's id column, else its deal name and company. */
function creationKeyOf(row: ImportRow): string {
  if (row.key) return `import:${row.key}`;
  return `import:name:${nameAndCompanyKey(row.name, row.company)}`;
}

function nameAndCompanyKey(name: string, company: string | null | undefined): string {
  const key = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");
  return `${key(name)}|${key(company ?? "")}`;
}

function fileId(file: ImportFile): string {
  return createHash("sha256").update(file.text).digest("hex").slice(0, 32);
}

interface Existing {
  readonly byCreationKey: Map<string, Deal>;
  readonly byNumber: Map<number, Deal>;
  readonly byNameAndCompany: Map<string, Deal>;
}

async function findExisting(
  store: DealImportStore,
  teamId: string,
  rows: ReadonlyArray<{ row: ImportRow; creationKey: string }>,
): Promise<Existing> {
  const found = await store.findExisting(teamId, {
    creationKeys: rows.map((r) => r.creationKey),
    numbers: rows.flatMap((r) => (r.row.ref === undefined ? [] : [r.row.ref])),
    namesAndCompanies: rows
      .filter((r) => !r.row.key)
      .map((r) => nameAndCompanyKey(r.row.name, r.row.company)),
  });
  const existing: Existing = { byCreationKey: new Map(), byNumber: new Map(), byNameAndCompany: new Map() };
  for (const { deal, creationKey } of found) {
    if (creationKey) existing.byCreationKey.set(creationKey, deal);
    existing.byNumber.set(deal.number, deal);
    existing.byNameAndCompany.set(nameAndCompanyKey(deal.name, deal.accountName), deal);
  }
  return existing;
}

/** A deal of this workspace the row means: Handoff's own reference, else the same name and company. */
function matchOf(existing: Existing, row: ImportRow): Deal | undefined {
  if (row.ref !== undefined) return existing.byNumber.get(row.ref);
  if (row.key) return undefined;
  return existing.byNameAndCompany.get(nameAndCompanyKey(row.name, row.company));
}

function contactsOf(row: ImportRow): ContactInput[] {
  const contact = row.contact;
  if (!contact) return [];
  const name = contact.name ?? contact.email!;
  return [{ name, title: null, email: contact.email ?? null, phone: null }];
}

function newRecord(actor: ImportActor, planned: Planned, at: Date): ImportedDealRecord {
  const { row } = planned;
  return {
    name: row.name,
    accountName: row.company ?? null,
    amount: row.money?.amount ?? null,
    currency: row.money?.currency ?? DEFAULT_CURRENCY,
    stage: planned.stage,
    ownerId: planned.ownerId,
    expectedCloseDate: row.closeDate ?? null,
    nextStep: row.nextStep ?? null,
    source: row.source ?? null,
    contacts: contactsOf(row),
    createdById: actor.userId,
    creationKey: planned.creationKey,
    at,
  };
}

/**
 * What the file changes on a deal: only the fields the file has, and an owner only when the
 * file's owner was found (the importer never takes a deal over by accident). A contact is
 * added when the deal does not have it yet; contacts the export has no columns for stay.
 */
function changesOf(deal: Deal, planned: Omit<Planned, "changes" | "existing">): ImportChanges | undefined {
  const { row } = planned;
  const current: Readonly<Record<string, unknown>> = { ...dealFieldValues(deal) };
  const changes: Record<string, unknown> = {};
  const set = <K extends keyof ImportChanges>(key: K, value: ImportChanges[K] | undefined) => {
    if (value !== undefined && value !== current[key]) changes[key] = value;
  };
  set("name", row.name);
  set("accountName", row.company);
  if (row.money) {
    set("amount", row.money.amount);
    set("currency", row.money.currency);
  }
  set("expectedCloseDate", row.closeDate);
  set("nextStep", row.nextStep);
  set("source", row.source);
  if (planned.ownerMatched) set("ownerId", planned.ownerId);
  const [contact] = contactsOf(row);
  const known = (c: ContactInput) =>
    (contact?.email && c.email?.toLowerCase() === contact.email.toLowerCase()) ||
    (!contact?.email && c.name.toLowerCase() === contact?.name.toLowerCase());
  if (contact && !deal.contacts.some(known)) changes.contacts = [...deal.contacts, contact];
  const moves = planned.stageGiven && planned.stage.id !== deal.stage.id && deal.stage.kind !== "won";
  if (moves) changes.stageId = planned.stage.id;
  return Object.keys(changes).length > 0 ? (changes as ImportChanges) : undefined;
}

async function applyUpdate(
  tx: TransactionRepositories,
  actor: ImportActor,
  deal: Deal,
  planned: Planned,
  at: Date,
): Promise<void> {
  const { stageId, ...fields } = planned.changes ?? {};
  if (Object.keys(fields).length > 0) await tx.deals.updateFields(deal.id, fields, at);
  if (stageId) {
    const closed = planned.stage.kind === "open" ? null : at;
    await tx.deals.setStage(deal, planned.stage, { lostReason: deal.lostReason, closedAt: closed, at });
    await tx.deals.recordStageChange({
      dealId: deal.id,
      fromStageId: deal.stage.id,
      toStageId: planned.stage.id,
      actorId: actor.userId,
      at,
    });
  }
}
