import type { ApiAccess, ApiToken, ApiVia, ListCursor } from "../domain/api-access.ts";
import type { ContactInput } from "../domain/contacts.ts";
import type { CalendarDate } from "../domain/dates.ts";
import type { Deal } from "../domain/deal.ts";
import type { PlannedTask, Project, Task, Template, TemplateDefinition } from "../domain/delivery.ts";
import type { LeadAssignment, LeadRecord, LeadSourceRecord, OpenDealOfContact } from "../domain/leads.ts";

export type { LeadAssignment, LeadRecord, LeadSourceRecord };

import type { Account, Contact, DealNote } from "../domain/public-records.ts";
import type { RetainedRows } from "../domain/retention.ts";
import type { Stage } from "../domain/stages.ts";
import type {
  WebhookDeliverySummary,
  WebhookEndpoint,
  WebhookEvent,
  WebhookEventType,
} from "../domain/webhooks.ts";
import type { Role, StoredWorkspaceSettings } from "../domain/workspace.ts";
import type { QueuedEffect, SlackEffectIntent } from "./slack-effects.ts";

/** What services need from storage. db/ implements these; tests may fake them. */

export interface WorkspaceRecord extends StoredWorkspaceSettings {
  readonly id: string;
}

/** Settings an admin changed in Slack; undefined = unchanged, null = back to the environment's. */
export type WorkspaceSettingsChanges = Partial<StoredWorkspaceSettings>;

export interface WorkspaceRepository {
  /** The workspace's row, created on first sight of the team. */
  ensure(teamId: string): Promise<WorkspaceRecord>;
  /** Locks the workspace's settings until the transaction ends: saves apply one after another. */
  lockSettings(teamId: string): Promise<WorkspaceRecord>;
  updateSettings(teamId: string, changes: WorkspaceSettingsChanges): Promise<WorkspaceRecord>;
}

export interface PersonRepository {
  findRole(teamId: string, slackUserId: string): Promise<Role | undefined>;
  listAdmins(teamId: string): Promise<string[]>;
  /** Everyone whose role is stored (set in `/handoff settings`). */
  listStoredRoles(teamId: string): Promise<Array<{ userId: string; role: Role }>>;
  setRole(teamId: string, slackUserId: string, role: Role): Promise<void>;
}

export interface DatabaseProbe {
  /** true when the database answers a trivial query in time. */
  isReachable(timeoutMs: number): Promise<boolean>;
}

// ───────────── Sales pipeline ─────────────

export interface NewDealRecord {
  readonly teamId: string;
  readonly number: number;
  readonly name: string;
  readonly accountName: string | null;
  readonly amount: string | null;
  readonly currency: string;
  readonly stageId: string;
  readonly ownerId: string;
  /** A lead left for Take it: the app holds it (`ownerId`) until someone takes it. */
  readonly awaitingOwner?: boolean;
  readonly expectedCloseDate: CalendarDate | null;
  readonly nextStep: string | null;
  readonly nextStepDate: CalendarDate | null;
  readonly source: string | null;
  readonly contacts: readonly ContactInput[];
  readonly createdById: string;
  readonly creationKey: string | null;
  readonly at: Date;
}

/** Fields a person can edit; undefined = unchanged, null = cleared. */
export interface DealFieldChanges {
  readonly name?: string;
  readonly accountName?: string | null;
  readonly amount?: string | null;
  readonly currency?: string;
  readonly ownerId?: string;
  readonly expectedCloseDate?: CalendarDate | null;
  readonly nextStep?: string | null;
  readonly nextStepDate?: CalendarDate | null;
  readonly source?: string | null;
  readonly contacts?: readonly ContactInput[];
}

export interface DealFilter {
  readonly ownerId?: string;
  readonly stageIds?: readonly string[];
  readonly openOnly: boolean;
}

export interface DealRepository {
  /** The next D-<n> of the workspace; serialises concurrent creations on the workspace row. */
  allocateNumber(teamId: string): Promise<number>;
  create(record: NewDealRecord): Promise<Deal>;
  findById(teamId: string, id: string): Promise<Deal | undefined>;
  findByNumber(teamId: string, number: number): Promise<Deal | undefined>;
  findByCreationKey(teamId: string, key: string): Promise<Deal | undefined>;
  /** Locks the row until the transaction ends, so concurrent changes apply one after another. */
  lockById(teamId: string, id: string): Promise<Deal | undefined>;
  /** Deals whose name, company or a contact contains the text; open ones first. */
  search(teamId: string, text: string, limit: number): Promise<Deal[]>;
  list(teamId: string, filter: DealFilter, limit: number): Promise<{ deals: Deal[]; total: number }>;
  /** Moves a locked deal into a stage; returns it as it now is. */
  setStage(
    deal: Deal,
    stage: Stage,
    change: { lostReason: string | null; closedAt: Date | null; at: Date },
  ): Promise<Deal>;
  recordStageChange(change: {
    dealId: string;
    fromStageId: string | null;
    toStageId: string;
    actorId: string;
    at: Date;
  }): Promise<void>;
  updateFields(dealId: string, changes: DealFieldChanges, at: Date): Promise<Deal>;
  addNote(note: { dealId: string; authorId: string; body: string; at: Date }): Promise<void>;
  setCard(dealId: string, card: { channelId: string; ts: string }): Promise<void>;
  /** The deal's company, for the project opened from it. */
  accountIdOf(dealId: string): Promise<string | null>;
  /** The company by name, created on first use. */
  accountIdFor(teamId: string, name: string): Promise<string | null>;
}

/** A deal an import creates: its number and account are the store's to allocate. */
export interface ImportedDealRecord {
  readonly name: string;
  readonly accountName: string | null;
  readonly amount: string | null;
  readonly currency: string;
  readonly stage: Stage;
  readonly ownerId: string;
  readonly expectedCloseDate: CalendarDate | null;
  readonly nextStep: string | null;
  readonly source: string | null;
  readonly contacts: readonly ContactInput[];
  readonly createdById: string;
  readonly creationKey: string;
  readonly at: Date;
}

/** What an import changes on a deal the file already names: only what differs from the deal. */
export interface ImportedDealUpdate extends Omit<DealFieldChanges, "contacts" | "nextStepDate"> {
  readonly dealId: string;
  /** The file moves the deal from one stage to another. */
  readonly move?: { readonly fromStageId: string; readonly to: Stage };
  /** A contact the deal does not have yet, added after its `position` others. */
  readonly newContact?: { readonly contact: ContactInput; readonly position: number };
}

/** What an import reads and writes in bulk (thousands of rows per statement, not one each). */
export interface DealImportStore {
  /**
   * The workspace's deals with any of these creation keys, numbers, or names and companies
   * (each lower-cased, trimmed, its runs of spaces made one).
   */
  findExisting(
    teamId: string,
    query: {
      readonly creationKeys: readonly string[];
      readonly numbers: readonly number[];
      readonly namesAndCompanies: ReadonlyArray<{ readonly name: string; readonly company: string }>;
    },
  ): Promise<Array<{ deal: Deal; creationKey: string | null }>>;
  /** Creates the deals with their first stage, contacts and a first note saying where they came from. */
  createImported(
    teamId: string,
    records: readonly ImportedDealRecord[],
    note: { readonly authorId: string; readonly body: string; readonly at: Date },
  ): Promise<void>;
  /** Applies a batch's updates: one statement per table, as createImported does. */
  updateImported(
    teamId: string,
    updates: readonly ImportedDealUpdate[],
    change: { readonly actorId: string; readonly at: Date },
  ): Promise<void>;
  /**
   * Has PostgreSQL re-read the deal table's statistics: planned while the table was small, the
   * lookups of a large import into it would keep scanning it whole.
   */
  refreshStatistics(): Promise<void>;
  /** People Handoff knows by name, for owners a file names without an email. */
  peopleWithNames(teamId: string): Promise<Array<{ userId: string; name: string }>>;
  /** One page of the deals an export holds, by number, after `afterNumber`. */
  exportPage(
    teamId: string,
    filter: { readonly ownerId?: string; readonly stageIds?: readonly string[] },
    afterNumber: number,
    limit: number,
  ): Promise<Deal[]>;
}

export interface StageRepository {
  /** The workspace's stages in order, created from the defaults on first use. */
  list(teamId: string): Promise<Stage[]>;
  /** Serialises stage edits of one workspace until the transaction ends. */
  lockWorkspace(teamId: string): Promise<void>;
  /** Stores name, position, probability and stale period; ids, keys and kinds stay. */
  update(teamId: string, stages: readonly Stage[]): Promise<void>;
}

export interface AuditEntry {
  readonly teamId: string;
  readonly actorId: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: Date;
  /** The API token the change came through, when it did. */
  readonly via?: ApiVia | undefined;
}

/** One recorded change, as read back. */
export interface AuditRecord {
  readonly actorId: string | null;
  readonly action: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: Date;
}

/** A recorded change with what it was about, for the workspace's log. */
export interface AuditEvent extends AuditRecord {
  readonly entityType: string;
  readonly entityId: string;
}

export interface AuditRepository {
  record(entry: AuditEntry): Promise<void>;
  /**
   * The workspace's changes, newest first, by one person and/or about one entity: `limit` of
   * them after skipping `offset`.
   */
  latest(
    teamId: string,
    filter: { actorId?: string; entity?: { type: string; id: string } },
    page: { offset: number; limit: number },
  ): Promise<AuditEvent[]>;
  /** Who last recorded a change of `key` (a key of the entries' `after`) on the entity, and when. */
  lastChangeOf(
    teamId: string,
    entity: { type: string; id: string },
    key: string,
  ): Promise<{ actorId: string | null; at: Date } | undefined>;
}

/** What a Slack user id is, as Slack knows it: only a person may own a deal. */
export type PersonKind = "person" | "bot" | "unknown" | "unavailable";

export interface PersonDirectory {
  /** "unavailable" when Slack could not be asked in time. */
  kindOf(userId: string): Promise<PersonKind>;
}

/** What a Slack conversation id is, to the bot: a channel it can post in, or not. */
export type ChannelKind = "channel" | "not_a_channel" | "unknown" | "unavailable";

export interface ChannelDirectory {
  /** "unknown" also for a private channel the app is not in (Slack hides it); "unavailable" when Slack did not answer in time. */
  kindOf(channelId: string): Promise<ChannelKind>;
}

export interface EffectQueue {
  enqueue(teamId: string, intents: readonly SlackEffectIntent[]): Promise<void>;
}

export interface PipelineQuery {
  readonly ownerId?: string;
  readonly month: { start: CalendarDate; end: CalendarDate };
  readonly quarter: { start: CalendarDate; end: CalendarDate };
  readonly now: Date;
  /** The workspace's zone: "won this month" is a calendar month there. */
  readonly timeZone: string;
  readonly staleLimit: number;
}

export interface PipelineFigures {
  readonly byStage: ReadonlyArray<{
    stageId: string;
    currency: string;
    count: number;
    value: string;
    weighted: string;
  }>;
  readonly monthWon: ReadonlyArray<{ currency: string; value: string }>;
  readonly monthWeighted: ReadonlyArray<{ currency: string; value: string }>;
  readonly quarterWon: ReadonlyArray<{ currency: string; value: string }>;
  readonly quarterWeighted: ReadonlyArray<{ currency: string; value: string }>;
  readonly stale: readonly Deal[];
  readonly staleCount: number;
}

export interface PipelineRepository {
  /** Every figure of /pipeline, aggregated in SQL. */
  figures(teamId: string, query: PipelineQuery): Promise<PipelineFigures>;
}

/** Repositories bound to one database transaction. */
export interface TransactionRepositories {
  readonly deals: DealRepository;
  readonly delivery: DeliveryRepository;
  readonly audit: AuditRepository;
  readonly effects: EffectQueue;
  readonly requests: ProcessedRequestRepository;
  readonly templates: TemplateRepository;
  readonly workspaces: WorkspaceRepository;
  readonly people: PersonRepository;
  readonly stages: StageRepository;
  readonly imports: DealImportStore;
  readonly leads: LeadRepository;
  readonly webhooks: WebhookOutbox;
  readonly apiTokens: ApiTokenRepository;
}

export interface UnitOfWork {
  /** Runs the work in one transaction: all of it is stored, or none. */
  run<T>(work: (repos: TransactionRepositories) => Promise<T>): Promise<T>;
}

export interface ProcessedRequestRepository {
  /** false when the key was already claimed: the same request was handled before. */
  claim(key: string): Promise<boolean>;
}

/** A journaled request whose instance stopped extending its lease (it died mid-work). */
export interface AbandonedRequest {
  readonly key: string;
  readonly body: Record<string, unknown>;
  readonly attempts: number;
}

/**
 * The journal of work acknowledged to Slack before it is done: recorded before the ack,
 * leased while it runs, finished after; what a dead instance left is claimed by another.
 */
export interface AcknowledgedWorkJournal {
  /** False when the request is already journaled (Slack's retry, or a replay of it). */
  record(key: string, workspaceId: string, body: unknown, owner: string, lockedUntil: Date): Promise<boolean>;
  extend(keys: readonly string[], owner: string, lockedUntil: Date): Promise<void>;
  finish(key: string, owner: string, at: Date): Promise<void>;
  claimAbandoned(
    workspaceIds: readonly string[],
    owner: string,
    now: Date,
    lockedUntil: Date,
    limit: number,
    maxAttempts: number,
  ): Promise<AbandonedRequest[]>;
}

/** Who claims: outcomes are recorded only by the claim that still holds the effect (fencing). */
export interface EffectClaim {
  /** A fresh id per claimed batch (uuid); without one, a new one is made. */
  readonly owner?: string;
  /**
   * Only these workspaces' effects (the ones this instance's token serves): an instance on a
   * database shared with another workspace never posts, or burns the retries of, its effects.
   */
  readonly workspaceIds?: readonly string[];
}

/** The dispatcher's view of the queue of Slack side effects. */
export interface EffectStore {
  /** Due effects, at most the oldest pending one per ordering key, locked for lockMs. */
  claimDue(limit: number, lockMs: number, now: Date, claim?: EffectClaim): Promise<QueuedEffect[]>;
  /**
   * Moves the locks the owner still holds to lockedUntil; returns the ids it still holds.
   * Called while effects wait for their channel's turn, and right before each Slack call.
   */
  extendLocks(ids: readonly string[], owner: string, lockedUntil: Date): Promise<string[]>;
  /**
   * Marks the effect delivered, with the later copies it made unnecessary (QueuedEffect.supersedes);
   * with an owner, only if that claim still holds it. False when nothing was recorded.
   */
  markDelivered(effect: QueuedEffect, now: Date, owner?: string): Promise<boolean>;
  /**
   * Right before the Slack call: true if the owner still holds the effect, whose lock moves to
   * lockedUntil and whose attempt is recorded as begun at `at` (in doubt until its outcome is known).
   */
  beginAttempt(id: string, owner: string, lockedUntil: Date, at: Date): Promise<boolean>;
  /** notPostedAt: the attempt begun then certainly posted nothing, so its doubt is cleared. */
  scheduleRetry(
    id: string,
    at: Date,
    error: string,
    options?: { owner?: string; notPostedAt?: Date },
  ): Promise<boolean>;
  markDead(id: string, error: string, owner?: string): Promise<boolean>;
}

// ───────────── Leads ─────────────

/** Reads outside a transaction. */
export interface LeadSourceRepository {
  /** The source whose secret hashes to this, unless it was revoked. */
  findActiveByHash(hash: string): Promise<(LeadSourceRecord & { teamId: string }) | undefined>;
  /** The workspace's sources, newest first, revoked ones too. */
  list(teamId: string): Promise<LeadSourceRecord[]>;
  findLead(teamId: string, leadId: string): Promise<LeadRecord | undefined>;
  setLeadMessage(leadId: string, posted: { channelId: string; ts: string }): Promise<void>;
}

/** Writes in a transaction. */
/** A lead as received: the deal it made or was noted on, and how it was given out. */
export interface LeadToRecord {
  readonly teamId: string;
  readonly dealId: string;
  readonly sourceId: string | null;
  readonly emailKey: string | null;
  readonly disposition: "new_deal" | "note";
  readonly assignment: LeadAssignment;
  readonly message: string | null;
  readonly at: Date;
}

export interface LeadRepository {
  /** Locks the workspace's turn of lead owners until the transaction ends; who had the last lead. */
  lockTurn(teamId: string): Promise<string | undefined>;
  setLastOwner(teamId: string, userId: string): Promise<void>;
  /** Open deals leads with this email came in on, with when the latest of them arrived. */
  openDealsOf(teamId: string, emailKey: string): Promise<OpenDealOfContact[]>;
  record(lead: LeadToRecord): Promise<string>;
  /** The conditional write of Take it: false when someone else took it first. */
  takeIfAwaiting(dealId: string, userId: string, at: Date): Promise<boolean>;
  createSource(source: {
    teamId: string;
    name: string;
    secretHash: string;
    hint: string;
    createdById: string;
    at: Date;
  }): Promise<LeadSourceRecord>;
  /** undefined when no such source is in the workspace; a revoked one stays revoked as it was. */
  revokeSource(teamId: string, id: string, at: Date): Promise<LeadSourceRecord | undefined>;
}

// ───────────── Delivery ─────────────

export interface NewProjectRecord {
  readonly teamId: string;
  readonly name: string;
  readonly dealId: string | null;
  readonly accountId: string | null;
  readonly templateId: string | null;
  readonly deliveryLeadId: string | null;
  readonly kickoffDate: CalendarDate;
  readonly goals: string | null;
  readonly commitments: string | null;
  readonly keyContacts: string | null;
  readonly createdById: string;
  readonly tasks: readonly PlannedTask[];
  readonly at: Date;
}

export type TaskListFilter =
  | { readonly kind: "assigned"; readonly userId: string }
  | { readonly kind: "open_unclaimed" }
  | { readonly kind: "overdue"; readonly today: CalendarDate };

export type ListedTask = Task & { readonly projectNumber: number; readonly projectName: string };

export type ProjectHeader = Pick<Project, "id" | "number" | "deliveryLeadId" | "status" | "thread">;

export interface DeliveryRepository {
  /** The workspace's templates, created from the defaults on first use. */
  templates(teamId: string, defaults: readonly Omit<Template, "id" | "version">[]): Promise<Template[]>;
  create(record: NewProjectRecord): Promise<Project>;
  findById(teamId: string, id: string): Promise<Project | undefined>;
  /** The project without its tasks: enough to place and draw one task's message. */
  findHeader(teamId: string, id: string): Promise<ProjectHeader | undefined>;
  findByNumber(teamId: string, number: number): Promise<Project | undefined>;
  findByDeal(dealId: string): Promise<Project | undefined>;
  search(teamId: string, text: string, limit: number): Promise<Project[]>;
  listActive(teamId: string, limit: number): Promise<Project[]>;
  setThread(projectId: string, thread: { channelId: string; ts: string }): Promise<void>;
  /** false when it was already completed (by a concurrent last task). */
  markCompleted(projectId: string, at: Date): Promise<boolean>;
  findTask(teamId: string, id: string): Promise<Task | undefined>;
  lockTask(teamId: string, id: string): Promise<Task | undefined>;
  claimIfFree(taskId: string, userId: string, at: Date): Promise<boolean>;
  setAssignee(taskId: string, userId: string | null, at: Date): Promise<void>;
  markDone(taskId: string, userId: string, at: Date): Promise<boolean>;
  setTaskMessage(taskId: string, ts: string): Promise<void>;
  dependents(taskId: string): Promise<string[]>;
  listTasks(
    teamId: string,
    filter: TaskListFilter,
    limit: number,
  ): Promise<{ tasks: ListedTask[]; total: number }>;
  dealNotes(dealId: string): Promise<Array<{ authorId: string; body: string; at: Date }>>;
}

// ───────────── Templates ─────────────

export interface NewTemplateRecord {
  readonly teamId: string;
  readonly key: string;
  readonly name: string;
  readonly description: string | null;
  readonly definition: TemplateDefinition;
  readonly isDefault: boolean;
  readonly at: Date;
}

/** An edit: the version goes up by one. */
export interface TemplateChanges {
  readonly name: string;
  readonly definition: TemplateDefinition;
  readonly isDefault: boolean;
  readonly at: Date;
}

export interface TemplateRepository {
  /** The workspace's templates, the default first, created from the defaults on first use. */
  list(teamId: string, defaults: readonly Omit<Template, "id" | "version">[]): Promise<Template[]>;
  /** Serialises template saves of one workspace until the transaction ends (one default at a time). */
  lockWorkspace(teamId: string): Promise<void>;
  findById(teamId: string, id: string): Promise<Template | undefined>;
  findByKey(teamId: string, key: string): Promise<Template | undefined>;
  /** undefined when the workspace already has a template with that key. */
  create(record: NewTemplateRecord): Promise<Template | undefined>;
  update(id: string, changes: TemplateChanges): Promise<Template>;
  /** Takes the default flag off every other template; returns them as they are now. */
  clearDefaultExcept(teamId: string, id: string): Promise<Template[]>;
}

// ───────────── Reminders and schedules ─────────────

export interface ReminderRepository {
  workspaces(): Promise<Array<{ id: string; timeZone: string | null }>>;
  /** Inserts (job, slot) once: false when another instance (or an earlier run) has it. */
  claimSlot(job: string, slot: Date, instance: string): Promise<boolean>;
  releaseSlot(job: string, slot: Date): Promise<void>;
  /** Open, claimed tasks of active projects due on or before the day. */
  openTasksDueBy(teamId: string, day: CalendarDate): Promise<Array<{ taskId: string; assigneeId: string }>>;
  /** Ready (dependencies done), unclaimed tasks of active projects due on or before the day. */
  readyUnclaimedDueBy(
    teamId: string,
    day: CalendarDate,
  ): Promise<Array<{ taskId: string; projectId: string }>>;
  /** Open deals quiet for longer than their stage allows. */
  staleDeals(teamId: string, now: Date): Promise<Array<{ dealId: string; ownerId: string }>>;
}

// ───────────── Webhooks out ─────────────

export interface NewWebhookEndpoint {
  readonly teamId: string;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  readonly secret: string;
  readonly createdById: string;
  readonly at: Date;
}

/** Webhook endpoints and their outbox, inside one transaction. */
export interface WebhookOutbox {
  /**
   * Queues the event for every enabled endpoint of the workspace that takes its type, in the
   * transaction of the change: the event goes out if and only if the change commits.
   */
  record(teamId: string, event: WebhookEvent): Promise<void>;
  /** Queues the event for this one endpoint, whatever it subscribes to (the test event); the delivery id. */
  recordFor(endpoint: WebhookEndpoint, event: WebhookEvent): Promise<string>;
  add(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  lock(teamId: string, id: string): Promise<WebhookEndpoint | undefined>;
  /** Enabling starts a fresh run: its earlier failures no longer count toward the 24 hours. */
  setEnabled(id: string, enabled: boolean, reason: "admin" | "failing" | null, at: Date): Promise<void>;
  /** Removes the endpoint with its deliveries. */
  remove(id: string): Promise<void>;
}

export interface WebhookRepository {
  list(teamId: string): Promise<WebhookEndpoint[]>;
  find(teamId: string, id: string): Promise<WebhookEndpoint | undefined>;
  /** The endpoint's latest deliveries, newest first. */
  recentDeliveries(endpointId: string, limit: number): Promise<WebhookDeliverySummary[]>;
  delivery(deliveryId: string): Promise<WebhookDeliverySummary | undefined>;
}

/** A delivery the dispatcher holds: what to send, where, and how to sign it. */
export interface ClaimedWebhookDelivery {
  readonly id: string;
  readonly deliveryId: string;
  readonly eventType: string;
  readonly body: string;
  /** Attempts including this one. */
  readonly attempts: number;
  readonly createdAt: Date;
  readonly endpoint: {
    readonly id: string;
    readonly teamId: string;
    readonly url: string;
    readonly secret: string;
    readonly failingSince: Date | null;
  };
  /** Whether more deliveries wait behind this one in its ordering key. */
  readonly followed: boolean;
}

/** The webhook dispatcher's view of the outbox. */
export interface WebhookDeliveryStore {
  /** Due deliveries of enabled endpoints, at most the oldest unfinished one per ordering key, locked for lockMs. */
  claimDue(
    limit: number,
    lockMs: number,
    now: Date,
    claim: { owner: string; workspaceIds?: readonly string[] },
  ): Promise<ClaimedWebhookDelivery[]>;
  extendLocks(ids: readonly string[], owner: string, lockedUntil: Date): Promise<string[]>;
  /** Delivered: the endpoint's run of failures (if any) ends. */
  markDelivered(id: string, owner: string, status: number, now: Date): Promise<void>;
  /** Failed: tried again at `at`; the endpoint's run of failures starts at `failedAt` unless it already had. */
  scheduleRetry(
    id: string,
    owner: string,
    outcome: { status: number | null; error: string; failedAt: Date; at: Date },
  ): Promise<void>;
}

/** An API token as stored (the domain's shape). */
export type ApiTokenRecord = ApiToken;

export interface ApiTokenRepository {
  create(record: {
    teamId: string;
    name: string;
    access: ApiAccess;
    secretHash: string;
    hint: string;
    createdById: string;
    at: Date;
  }): Promise<ApiTokenRecord>;
  /** Newest first, revoked ones too (the list shows when). */
  list(teamId: string): Promise<ApiTokenRecord[]>;
  findById(teamId: string, id: string): Promise<ApiTokenRecord | undefined>;
  findByHash(secretHash: string): Promise<ApiTokenRecord | undefined>;
  /** Revokes a token still in use; undefined when it was already revoked (or never was). */
  revoke(teamId: string, id: string, by: string, at: Date): Promise<ApiTokenRecord | undefined>;
  markUsed(id: string, at: Date): Promise<void>;
}

/** What the first request with an Idempotency-Key answered. */
export interface StoredApiResponse {
  readonly status: number;
  readonly body: unknown;
}

export type IdempotencyClaim =
  | { readonly kind: "first" }
  | { readonly kind: "repeat"; readonly response: StoredApiResponse }
  | { readonly kind: "running" }
  | { readonly kind: "other_request" };

export interface ApiIdempotencyRepository {
  /** Claims the key for this request, or says what became of the request that claimed it. */
  claim(tokenId: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  finish(tokenId: string, key: string, response: StoredApiResponse): Promise<void>;
  /** The first request failed unexpectedly: the key is free again. */
  release(tokenId: string, key: string): Promise<void>;
}

/** A page of a list for the REST API: keyset pagination, newest first. */
export interface RecordPage<T> {
  readonly items: readonly T[];
  /** Where the next page starts; undefined on the last page. */
  readonly next: ListCursor | undefined;
}

export interface DealPageQuery {
  readonly stageIds?: readonly string[];
  readonly ownerId?: string;
  readonly updatedSince?: Date;
  readonly after?: ListCursor;
  readonly limit: number;
}

/** What the REST API reads beyond what the Slack use cases need. */
export interface RecordsRepository {
  pageDeals(teamId: string, query: DealPageQuery): Promise<RecordPage<Deal>>;
  pageAccounts(teamId: string, after: ListCursor | undefined, limit: number): Promise<RecordPage<Account>>;
  pageContacts(teamId: string, after: ListCursor | undefined, limit: number): Promise<RecordPage<Contact>>;
  pageProjects(teamId: string, after: ListCursor | undefined, limit: number): Promise<RecordPage<Project>>;
  pageTasks(teamId: string, after: ListCursor | undefined, limit: number): Promise<RecordPage<Task>>;
  notes(dealId: string, limit: number): Promise<DealNote[]>;
  taskIdByNumber(teamId: string, number: number): Promise<string | undefined>;
}

/** Deletes rows that have outlived their use (domain/retention.ts), one bounded batch per call. */
export interface RetentionStore {
  /** Deletes at most `limit` rows of `kind` older than `before` that nothing needs any more; how many went. */
  purge(kind: RetainedRows, before: Date, limit: number): Promise<number>;
}
