import { createHash } from "node:crypto";
import type { ContactInput } from "../domain/contacts.ts";
import type { CalendarDate } from "../domain/dates.ts";
import { type Deal, dealFieldValues } from "../domain/deal.ts";
import {
  dealImportItems,
  IMPORT_LIMITS,
  type ImportOptions,
  type ImportPreview,
  type ImportRefusal,
  type ImportRow,
  type ImportSummary,
  type ImportSurvey,
  surveyDealImport,
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
  ImportedDealUpdate,
  StageRepository,
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
/** How many owners nobody matches a preview names. */
const UNKNOWN_NAMES_SHOWN = 10;
const BATCH_SIZE = 500;
const BATCH_ATTEMPTS = 3;
/**
 * Deals created before the import has PostgreSQL re-read the table's statistics once: without
 * it, a new workspace's large import looked up each batch by a plan made for an empty table.
 */
const ANALYSE_AFTER = 5_000;

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

type Keyed = { readonly row: ImportRow; readonly creationKey: string };

/** A row of the file, its identity and its owner known: what a batch is planned from. */
type Owned = Keyed & { readonly ownerId: string; readonly ownerMatched: boolean };

type OwnerMatch = { readonly userId: string; readonly matched: "email" | "name" | "importer" };

/**
 * What the passes over one file share: the file, what its survey found, and the stages and
 * owners its names mean (each stage name placed, each email asked, once).
 */
interface Reading {
  readonly file: ImportFile;
  readonly survey: Extract<ImportSurvey, { ok: true }>;
  readonly options: ImportOptions;
  readonly stages: readonly Stage[];
  readonly fallback: Stage;
  /** The file's stage names, each placed at its first row: on a stage, or among the unmatched. */
  readonly stageNames: Set<string>;
  readonly stageOf: Map<string, Stage>;
  readonly unmatchedStages: string[];
  readonly owner: (owner: ImportRow["owner"]) => Promise<OwnerMatch>;
}

/** What one pass over the file counts; of the refusals and owners only what a preview shows. */
class Tally {
  rows = 0;
  refusedCount = 0;
  readonly refusals: ImportRefusal[] = [];
  readonly owners = { byEmail: 0, byName: 0, toImporter: 0 };
  readonly unknownNames = new Set<string>();

  refuse(refusal: ImportRefusal): void {
    this.refusedCount++;
    if (this.refusals.length < LISTED_REFUSALS) this.refusals.push(refusal);
  }

  owned(owner: ImportRow["owner"], match: OwnerMatch): void {
    if (match.matched === "email") this.owners.byEmail++;
    else if (match.matched === "name") this.owners.byName++;
    else if (owner) {
      this.owners.toImporter++;
      if (this.unknownNames.size < UNKNOWN_NAMES_SHOWN)
        this.unknownNames.add(owner.name ?? owner.email ?? "");
    }
  }
}

/**
 * Deals from a CSV file: a preview of what the file would do, then the import in batches, each
 * in one transaction. A batch that fails is retried; a file imported twice creates nothing
 * twice, because every created deal carries the file row's identity as its creation key.
 *
 * Each pass reads the rows from the file's text as it goes and keeps a batch of them at a
 * time: 50,000 rows held at once, with the deals they match, took hundreds of megabytes.
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
    return (await this.prepare(actor, file, choices)).preview;
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
   * The preview (a pass over the file that imports nothing), and the import it describes (a
   * second pass, importing each batch as it comes). Both share the file's survey, its stages
   * and its owners: the command line shows the one and runs the other.
   */
  async prepare(actor: ImportActor, file: ImportFile, choices: ImportChoices): Promise<PreparedImport> {
    const reading = await this.read(actor, file);
    const tally = new Tally();
    const counts = { toCreate: 0, toUpdate: 0, unchanged: 0 };
    await this.eachBatch(reading, choices, tally, async (batch) => {
      const existing = await findExisting(this.deps.imports, actor.teamId, batch);
      for (const planned of batch.map((owned) => planOf(reading, existing, owned))) {
        if (!planned.existing) counts.toCreate++;
        else if (choices.update && planned.changes) counts.toUpdate++;
        else counts.unchanged++;
      }
    });
    const preview: ImportPreview = {
      fileName: file.name,
      format: reading.survey.format,
      rowsRead: reading.survey.records,
      ...counts,
      refusedCount: tally.refusedCount,
      refusals: tally.refusals,
      unmatchedStages: [...reading.unmatchedStages],
      fallbackStage: { id: reading.fallback.id, name: reading.fallback.name },
      stages: reading.stages.map((s) => ({ id: s.id, name: s.name })),
      owners: { ...tally.owners, unknownNames: [...tally.unknownNames] },
    };
    return {
      preview,
      run: (onProgress = () => {}) =>
        this.importAll(actor, reading, choices, counts.toCreate + counts.toUpdate, onProgress),
    };
  }

  private async importAll(
    actor: ImportActor,
    reading: Reading,
    choices: ImportChoices,
    expected: number,
    onProgress: (progress: ImportProgress) => Promise<void> | void,
  ): Promise<ImportSummary> {
    const { file } = reading;
    const tally = new Tally();
    let created = 0;
    let updated = 0;
    let done = 0;
    let analysed = false;
    await this.eachBatch(reading, choices, tally, async (batch) => {
      const imported = await this.withRetries(() => this.importBatch(actor, reading, choices, batch));
      created += imported.created;
      updated += imported.updated;
      if (!analysed && created >= ANALYSE_AFTER) {
        analysed = true;
        await this.deps.imports.refreshStatistics();
      }
      if (imported.created + imported.updated === 0) return;
      done += imported.created + imported.updated;
      // Another import of the same deals since the preview may leave more to do than it counted.
      await onProgress({ done, total: Math.max(expected, done) });
    });
    const summary: ImportSummary = {
      fileName: file.name,
      created,
      updated,
      unchanged: tally.rows - created - updated,
      refusedCount: tally.refusedCount,
      ownersToImporter: tally.owners.toImporter,
    };
    await this.deps.unitOfWork.run((tx) =>
      tx.audit.record({
        teamId: actor.teamId,
        actorId: actor.userId,
        action: "deals.imported",
        entityType: "import",
        entityId: fileId(file),
        before: null,
        after: { file: file.name, format: reading.survey.format, rows: reading.survey.records, ...summary },
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
   * One batch, all or nothing, planned inside its transaction against the deals its rows match
   * then: another import of the same file (or this batch's own earlier attempt) may have made them.
   */
  private importBatch(
    actor: ImportActor,
    reading: Reading,
    choices: ImportChoices,
    batch: readonly Owned[],
  ): Promise<{ created: number; updated: number }> {
    const now = this.deps.clock.now();
    return this.deps.unitOfWork.run(async (tx) => {
      const existing = await findExisting(tx.imports, actor.teamId, batch);
      const toCreate: ImportedDealRecord[] = [];
      const toUpdate: ImportedDealUpdate[] = [];
      for (const owned of batch) {
        const planned = planOf(reading, existing, owned);
        if (!planned.existing) toCreate.push(newRecord(actor, planned, now));
        else if (choices.update && planned.changes)
          toUpdate.push(updateOf(planned.existing, planned.stage, planned.changes));
      }
      await tx.imports.createImported(actor.teamId, toCreate, {
        authorId: actor.userId,
        body: `imported from ${reading.file.name}`,
        at: now,
      });
      await tx.imports.updateImported(actor.teamId, toUpdate, { actorId: actor.userId, at: now });
      return { created: toCreate.length, updated: toUpdate.length };
    });
  }

  /** The checks before a row is read: who imports, the file's size, and the survey of the whole file. */
  private async read(actor: ImportActor, file: ImportFile): Promise<Reading> {
    await this.checkMayImport(actor);
    if (file.bytes > IMPORT_LIMITS.bytes) {
      throw new AppError("import.file_too_large", {
        fileName: file.name,
        bytes: file.bytes,
        limit: IMPORT_LIMITS.bytes,
      });
    }
    const survey = surveyDealImport(file.text);
    if (!survey.ok) {
      if (survey.code === "too_many_rows") {
        throw new AppError("import.too_many_rows", {
          fileName: file.name,
          rows: survey.rows,
          limit: survey.limit,
        });
      }
      throw new AppError("import.unreadable", {
        fileName: file.name,
        problem: survey.code,
        line: survey.line,
      });
    }
    const today = this.deps.clock.now().toISOString().slice(0, 10) as CalendarDate;
    const stages = await this.deps.stages.list(actor.teamId);
    return {
      file,
      survey,
      options: { defaultCurrency: DEFAULT_CURRENCY, today },
      stages,
      fallback: firstOpenStage(stages),
      stageNames: new Set(),
      stageOf: new Map(),
      unmatchedStages: [],
      owner: await this.ownerResolver(actor),
    };
  }

  /**
   * One pass over the file's rows: refusals are counted as they come, owners found, and the
   * rows handed on a batch at a time (each batch looks up the deals its rows match, and no more).
   */
  private async eachBatch(
    reading: Reading,
    choices: ImportChoices,
    tally: Tally,
    visit: (batch: readonly Owned[]) => Promise<void>,
  ): Promise<void> {
    const identities = new Map<string, number>();
    let keyed: Keyed[] = [];
    const flush = async () => {
      const batch = keyed;
      keyed = [];
      if (batch.length > 0) await visit(await this.withOwners(reading, tally, batch));
    };
    for (const item of dealImportItems(reading.file.text, reading.survey, reading.options)) {
      if ("refusal" in item) {
        tally.refuse(item.refusal);
        continue;
      }
      const { row } = item;
      if (row.stageName) placeStageName(reading, row.stageName, choices);
      const creationKey = creationKeyOf(row);
      const firstLine = identities.get(creationKey);
      if (firstLine !== undefined) {
        tally.refuse({ code: "duplicate_row", line: row.line, firstLine });
        continue;
      }
      identities.set(creationKey, row.line);
      tally.rows++;
      keyed.push({ row, creationKey });
      if (keyed.length === BATCH_SIZE) await flush();
    }
    await flush();
  }

  /** Each row's owner, asked for outside any transaction: the directory may be Slack's. */
  private async withOwners(reading: Reading, tally: Tally, batch: readonly Keyed[]): Promise<Owned[]> {
    const owned: Owned[] = [];
    for (const keyed of batch) {
      const owner = await reading.owner(keyed.row.owner);
      tally.owned(keyed.row.owner, owner);
      owned.push({ ...keyed, ownerId: owner.userId, ownerMatched: owner.matched !== "importer" });
    }
    return owned;
  }

  /** Owners by email (Slack's directory, each email asked once), else by a name Handoff knows. */
  private async ownerResolver(actor: ImportActor): Promise<Reading["owner"]> {
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
    return async (owner) => {
      const email = owner?.email?.toLowerCase();
      if (email) {
        if (!emails.has(email)) {
          emails.set(email, this.deps.people.userIdByEmail(actor.teamId, email));
        }
        const userId = await emails.get(email);
        if (userId) return { userId, matched: "email" };
      }
      const byItsName = owner?.name ? byName.get(stageNameKey(owner.name)) : undefined;
      if (byItsName) return { userId: byItsName, matched: "name" };
      return { userId: actor.userId, matched: "importer" };
    };
  }
}

/**
 * A stage name met for the first time: on the stage it names exactly, else among the unmatched,
 * in order of first appearance (Slack's selects carry a name's place there), on the stage the
 * importer mapped it to if any.
 */
function placeStageName(reading: Reading, name: string, choices: ImportChoices): void {
  if (reading.stageNames.has(name)) return;
  reading.stageNames.add(name);
  const exact = exactStage(reading.stages, name);
  if (exact) {
    reading.stageOf.set(name, exact);
    return;
  }
  const index = reading.unmatchedStages.push(name) - 1;
  const chosen = choices.stageMapping[name] ?? choices.stageChoices?.[String(index)];
  const stage = reading.stages.find((s) => s.id === chosen);
  if (stage) reading.stageOf.set(name, stage);
}

/** What a row does to the deal it matches, if any: its stage, and what an update would change. */
function planOf(reading: Reading, existing: Existing, owned: Owned): Planned {
  const { row } = owned;
  const deal = existing.byCreationKey.get(owned.creationKey) ?? matchOf(existing, row);
  const stage = (row.stageName && reading.stageOf.get(row.stageName)) || deal?.stage || reading.fallback;
  const plan = { ...owned, existing: deal, stage, stageGiven: row.stageName !== undefined };
  return { ...plan, changes: deal ? changesOf(deal, plan) : undefined };
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

/** A name as matched: lower case, trimmed, runs of spaces made one (as deal.name_key is kept). */
function comparable(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, " ");
}

function nameAndCompanyKey(name: string, company: string | null | undefined): string {
  return `${comparable(name)}|${comparable(company ?? "")}`;
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
      .map((r) => ({ name: comparable(r.row.name), company: comparable(r.row.company ?? "") })),
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

/** What an update writes: the changed fields, the move, and the one contact a file row can add. */
function updateOf(deal: Deal, stage: Stage, changes: ImportChanges): ImportedDealUpdate {
  const { stageId, contacts, ...fields } = changes;
  const added = contacts?.at(-1);
  return {
    dealId: deal.id,
    ...fields,
    ...(stageId ? { move: { fromStageId: deal.stage.id, to: stage } } : {}),
    ...(added ? { newContact: { contact: added, position: deal.contacts.length } } : {}),
  };
}
