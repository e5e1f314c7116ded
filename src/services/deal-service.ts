import type { ApiVia } from "../domain/api-access.ts";
import { parseDealRef } from "../domain/command-text.ts";
import { type ContactInput, formatContact, MAX_CONTACTS } from "../domain/contacts.ts";
import type { CalendarDate } from "../domain/dates.ts";
import {
  type Actor,
  canChangeDeal,
  checkMove,
  compareUrgency,
  DEAL_FIELD_NAMES,
  type Deal,
  type DealFieldName,
  type DealFieldValues,
  type DealFingerprints,
  dealFieldValues,
  missingDetails,
  planEdit,
} from "../domain/deal.ts";
import {
  checkDate,
  checkLength,
  type FieldProblem,
  type FieldProblemAt,
  isSlackUserId,
  storableText,
} from "../domain/limits.ts";
import { isCurrencyCode } from "../domain/money.ts";
import { firstOpenStage, matchStage, type Stage } from "../domain/stages.ts";
import { dealEvent } from "../domain/webhooks.ts";
import { AppError } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import { pick, recordAudit } from "./audit.ts";
import { invalidFields } from "./field-errors.ts";
import type {
  AuditRecord,
  DealFieldChanges,
  DealFilter,
  DealRepository,
  PersonDirectory,
  StageRepository,
  TransactionRepositories,
  UnitOfWork,
} from "./ports.ts";
import { type DealChange, homeRefreshes, type SlackEffectIntent } from "./slack-effects.ts";

/** A deal's fields as the New and Edit forms give them. */
export type DealInput = DealFieldValues;

const CHECKED: unique symbol = Symbol("checked new deal");
/** A new deal's fields after checkNew: only DealService makes one, so nothing unchecked is created. */
export interface CheckedNewDeal {
  readonly input: DealInput;
  readonly stage: Stage;
  readonly [CHECKED]: true;
}

/** Which form field a refusal is about, so modals can show it next to the field. */
export type DealField =
  | "name"
  | "company"
  | "amount"
  | "currency"
  | "closeDate"
  | "stage"
  | "owner"
  | "nextStep"
  | "nextStepDate"
  | "source"
  | "contacts"
  | "reason"
  | "note";

/** The form field each of a deal's values is edited in. */
const FORM_FIELD: Record<DealFieldName, DealField> = {
  name: "name",
  accountName: "company",
  amount: "amount",
  currency: "currency",
  expectedCloseDate: "closeDate",
  ownerId: "owner",
  stageId: "stage",
  nextStep: "nextStep",
  nextStepDate: "nextStepDate",
  source: "source",
  contacts: "contacts",
};

export type MoveOutcome =
  | { readonly kind: "moved"; readonly deal: Deal; readonly from: Stage }
  | { readonly kind: "unchanged"; readonly deal: Deal }
  /** Won and Lost go through their forms; the listener opens them. */
  | { readonly kind: "needs_handoff"; readonly deal: Deal }
  | { readonly kind: "needs_reason"; readonly deal: Deal };

export interface ActorContext extends Actor {
  readonly teamId: string;
  /** Where the deal feed goes, when configured. */
  readonly salesChannelId: string | undefined;
  /** The API token the request came through (history says "via API token <name>"). */
  readonly via?: ApiVia | undefined;
}

/** Decimal(20, 4), as the database stores amounts. */
const STORABLE_AMOUNT = /^-?\d{1,16}(\.\d{1,4})?$/;

/**
 * The sales pipeline's use cases. Every change runs in one transaction with its
 * stage history, audit entry and queued Slack effects; concurrent changes to one deal are
 * serialised by a row lock so each is applied and recorded in turn.
 */
export class DealService {
  constructor(
    private readonly deps: {
      deals: DealRepository;
      stages: StageRepository;
      unitOfWork: UnitOfWork;
      clock: Clock;
      /** Who a Slack user id is: a deal's owner must be a person in the workspace. */
      people: PersonDirectory;
      /** Wakes the dispatcher after a commit (it also polls). */
      onEffectsQueued?: () => void;
    },
  ) {}

  stages(teamId: string): Promise<Stage[]> {
    return this.deps.stages.list(teamId);
  }

  /**
   * `D-12`, `12`, or a part of a name or company that only one deal has. Several matches are
   * always a question (a company's name is no deal's own), with `viewerId`'s deals first.
   */
  async resolve(teamId: string, query: string, viewerId?: string): Promise<Deal> {
    const text = query.trim();
    if (!text) throw new AppError("deal.ref_missing", {});
    const number = parseDealRef(text);
    if (number !== undefined) {
      const deal = await this.deps.deals.findByNumber(teamId, number);
      if (deal) return deal;
      throw new AppError("deal.not_found", { number });
    }
    const matches = await this.deps.deals.search(teamId, text, 11);
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
      throw new AppError("deal.no_match", { query: text });
    }
    throw new AppError("deal.ambiguous", {
      query: text,
      matchCount: matches.length,
      candidates: [
        ...matches.filter((d) => d.ownerId === viewerId),
        ...matches.filter((d) => d.ownerId !== viewerId),
      ].slice(0, 10),
    });
  }

  async get(teamId: string, id: string): Promise<Deal> {
    const deal = await this.deps.deals.findById(teamId, id);
    if (!deal) throw new AppError("deal.gone", {});
    return deal;
  }

  async find(teamId: string, text: string): Promise<Deal[]> {
    const query = text.trim();
    if (query.length < 2) throw new AppError("deal.search_too_short", {});
    return this.deps.deals.search(teamId, query, 41);
  }

  async list(
    teamId: string,
    filter: DealFilter,
    today: CalendarDate,
  ): Promise<{ deals: Deal[]; total: number }> {
    const result = await this.deps.deals.list(teamId, filter, 500);
    const deals = [...result.deals].sort(compareUrgency(today, this.deps.clock.now()));
    return { deals, total: result.total };
  }

  /** Creates once per key (a modal submitted twice, a retried request): the second call returns the first deal. */
  async create(
    actor: ActorContext,
    input: DealInput,
    creationKey: string,
  ): Promise<{ deal: Deal; created: boolean }> {
    const checked = await this.checkNew(actor.teamId, input, [actor.userId]);
    const existing = await this.deps.deals.findByCreationKey(actor.teamId, creationKey);
    if (existing) return { deal: existing, created: false };

    const now = this.deps.clock.now();
    const result = await this.deps.unitOfWork.run(async (tx) => {
      if (!(await tx.requests.claim(`deal.create:${actor.teamId}:${creationKey}`))) {
        return { deal: await tx.deals.findByCreationKey(actor.teamId, creationKey), created: false };
      }
      const deal = await this.createWithin(tx, actor, checked, creationKey, now);
      return { deal, created: true };
    });
    if (!result.deal) throw new AppError("deal.create_in_progress", {});
    if (result.created) this.deps.onEffectsQueued?.();
    return { deal: result.deal, created: result.created };
  }

  /**
   * A new deal's fields as the New deal form's save checks them: storable text, every limit, an
   * open stage (the first when none is given) and the details that stage needs. `knownPeople`
   * may own it without asking Slack who they are.
   */
  async checkNew(teamId: string, input: DealInput, knownPeople: readonly string[]): Promise<CheckedNewDeal> {
    const stages = await this.deps.stages.list(teamId);
    // No stage chosen: a new deal starts in the first open stage.
    const storable = storableDealInput({ ...input, stageId: input.stageId || firstOpenStage(stages).id });
    await this.check(storable, DEAL_FIELD_NAMES, stages, knownPeople);
    const stage = stages.find((s) => s.id === storable.stageId)!;
    requireDetails(storable, stage);
    return { input: storable, stage, [CHECKED]: true };
  }

  /**
   * Creates a checked deal in the caller's transaction: history, audit and the card, as every
   * creation. `awaitingOwner`: a lead left for Take it, so its first webhook already says so.
   */
  async createWithin(
    tx: TransactionRepositories,
    actor: ActorContext,
    checked: CheckedNewDeal,
    creationKey: string | null,
    now: Date,
    awaitingOwner = false,
  ): Promise<Deal> {
    const { input, stage } = checked;
    const number = await tx.deals.allocateNumber(actor.teamId);
    const deal = await tx.deals.create({
      teamId: actor.teamId,
      number,
      ...input,
      awaitingOwner,
      stageId: stage.id,
      createdById: actor.userId,
      creationKey,
      at: now,
    });
    await tx.deals.recordStageChange({
      dealId: deal.id,
      fromStageId: null,
      toStageId: stage.id,
      actorId: actor.userId,
      at: now,
    });
    await audit(tx, actor, "deal.created", deal, null, snapshot(deal), now);
    await this.announceWithin(tx, actor, deal, { type: "created" });
    await tx.webhooks.record(actor.teamId, dealEvent("deal.created", deal, now));
    return deal;
  }

  /** A note in the caller's transaction (the caller has locked the deal and may add it). */
  async noteWithin(tx: TransactionRepositories, actor: ActorContext, deal: Deal, text: string, now: Date) {
    await tx.deals.addNote({ dealId: deal.id, authorId: actor.userId, body: text, at: now });
    const touched = await tx.deals.updateFields(deal.id, {}, now);
    await audit(tx, actor, "deal.noted", deal, null, { note: text }, now);
    await this.announceWithin(tx, actor, touched, { type: "note", body: text });
    return touched;
  }

  /**
   * requestKey: the identity of the request that asks (its trigger). A request replayed after
   * its instance died mid-work moves the deal at most once, even if someone moved it since.
   */
  async move(
    actor: ActorContext,
    dealId: string,
    stageQuery: string | { stageId: string },
    requestKey?: string,
  ): Promise<MoveOutcome> {
    const stages = await this.deps.stages.list(actor.teamId);
    const target = resolveStage(stages, stageQuery);
    const now = this.deps.clock.now();
    const outcome = await this.deps.unitOfWork.run(async (tx): Promise<MoveOutcome> => {
      const deal = await this.lockChangeable(tx, actor, dealId);
      if (requestKey && !(await tx.requests.claim(`deal.move:${requestKey}`)))
        return { kind: "unchanged", deal };
      const check = checkMove(deal, target);
      if (!check.ok) {
        switch (check.reason) {
          case "same_stage":
            return { kind: "unchanged", deal };
          case "needs_handoff":
            return { kind: "needs_handoff", deal };
          case "needs_reason":
            return { kind: "needs_reason", deal };
          case "won_is_final":
            throw new AppError("deal.won_is_final", { number: deal.number, attempted: "move" });
          case "needs_details":
            throw new AppError("deal.move_needs_details", {
              fields: check.missing.map(fieldOf),
              number: deal.number,
              stageName: target.name,
              missing: check.missing,
            });
        }
      }
      const moved = await this.moveWithin(tx, actor, deal, target, now);
      return { kind: "moved", deal: moved, from: deal.stage };
    });
    if (outcome.kind === "moved") this.deps.onEffectsQueued?.();
    return outcome;
  }

  async markLost(
    actor: ActorContext,
    dealId: string,
    reason: string,
  ): Promise<{ deal: Deal; changed: boolean }> {
    const why = storableText(reason);
    if (!why) throw new AppError("deal.lost_needs_reason", { field: "reason" });
    const tooLong = checkLength(why, "lostReason");
    if (tooLong) throw invalidFields([{ field: "reason", problem: tooLong }]);
    const stages = await this.deps.stages.list(actor.teamId);
    const lost = stages.find((s) => s.kind === "lost");
    if (!lost) throw new AppError("pipeline.no_lost_stage", {});
    const now = this.deps.clock.now();
    const result = await this.deps.unitOfWork.run(async (tx) => {
      const deal = await this.lockChangeable(tx, actor, dealId);
      if (deal.stage.kind === "won") {
        throw new AppError("deal.won_is_final", { number: deal.number, attempted: "lose" });
      }
      if (deal.stage.kind === "lost") return { deal, changed: false };
      const updated = await tx.deals.setStage(deal, lost, {
        lostReason: why,
        closedAt: now,
        at: now,
      });
      await tx.deals.recordStageChange({
        dealId: deal.id,
        fromStageId: deal.stage.id,
        toStageId: lost.id,
        actorId: actor.userId,
        at: now,
      });
      await audit(
        tx,
        actor,
        "deal.lost",
        deal,
        { stage: deal.stage.key },
        { stage: lost.key, lostReason: why },
        now,
      );
      await this.announceWithin(tx, actor, updated, { type: "lost", reason: why });
      await tx.webhooks.record(actor.teamId, dealEvent("deal.stage_changed", updated, now));
      await tx.webhooks.record(actor.teamId, dealEvent("deal.lost", updated, now));
      return { deal: updated, changed: true };
    });
    if (result.changed) this.deps.onEffectsQueued?.();
    return result;
  }

  async addNote(actor: ActorContext, dealId: string, body: string, requestKey: string): Promise<Deal> {
    // A NUL typed or pasted into the modal cannot be stored (PostgreSQL 22021): it is dropped.
    const text = storableText(body);
    if (!text) throw new AppError("deal.note_empty", { field: "note" });
    const tooLong = checkLength(text, "note");
    if (tooLong) throw invalidFields([{ field: "note", problem: tooLong }]);
    const now = this.deps.clock.now();
    const deal = await this.deps.unitOfWork.run(async (tx) => {
      const locked = await this.lockChangeable(tx, actor, dealId);
      if (!(await tx.requests.claim(`deal.note:${requestKey}`))) return locked;
      return this.noteWithin(tx, actor, locked, text, now);
    });
    this.deps.onEffectsQueued?.();
    return deal;
  }

  /**
   * Saves the Edit deal form: only the fields the person changed in it (`opened` fingerprints
   * what the form opened with), and a stage change through the same gates as a move. A field
   * someone else changed since the form opened is refused next to it, naming who.
   */
  async edit(
    actor: ActorContext,
    dealId: string,
    submitted: DealInput | ((current: DealInput) => DealInput),
    opened?: DealFingerprints,
  ): Promise<{ deal: Deal; changed: readonly string[] }> {
    // A function (the API's PATCH) is applied to the deal as it is once locked: the fields it
    // sets win, every other field stays as concurrent changes left it.
    const inputFor = (deal: Deal) =>
      storableDealInput(typeof submitted === "function" ? submitted(dealFieldValues(deal)) : submitted);
    const stages = await this.deps.stages.list(actor.teamId);
    const now = this.deps.clock.now();
    const before = await this.getChangeable(actor, dealId);
    const firstInput = inputFor(before);
    const firstPlan = planEdit(dealFieldValues(before), firstInput, opened);
    // Only what the person changed is checked: a value stored before today's limits still saves.
    if (firstPlan.ok) await this.check(firstInput, firstPlan.changed, stages, [before.ownerId], before);
    const result = await this.deps.unitOfWork.run(async (tx) => {
      const deal = await this.lockChangeable(tx, actor, dealId);
      const input = inputFor(deal);
      const plan = planEdit(dealFieldValues(deal), input, opened);
      if (!plan.ok) throw await conflictError(tx, actor.teamId, deal, plan.conflicts);
      if (plan.changed.some((f) => !firstPlan.ok || !firstPlan.changed.includes(f)))
        await this.check(input, plan.changed, stages, [deal.ownerId], deal);
      const changes = pickChanges(input, plan.changed);
      const merged = { ...deal, ...changes };
      const target = plan.changed.includes("stageId")
        ? stages.find((s) => s.id === input.stageId)
        : undefined;
      const stageChanges = target !== undefined && target.id !== deal.stage.id;
      if (stageChanges) {
        const check = checkMove(merged, target);
        if (!check.ok && check.reason !== "same_stage") {
          throw new AppError("deal.edit_stage_refused", {
            field: check.reason === "needs_details" ? fieldOf(check.missing[0]!) : "stage",
            number: deal.number,
            refusal:
              check.reason === "needs_details"
                ? { kind: "needs_details", stageName: target.name, missing: check.missing }
                : { kind: check.reason },
          });
        }
      } else if (plan.changed.includes("amount") || plan.changed.includes("expectedCloseDate")) {
        requireDetails(merged, deal.stage);
      }
      const fieldNames = Object.keys(changes);
      if (fieldNames.length === 0 && !stageChanges) return { deal, changed: [] as string[] };
      let updated = await tx.deals.updateFields(deal.id, changes, now);
      if (fieldNames.length > 0) {
        await audit(
          tx,
          actor,
          "deal.edited",
          deal,
          pick(snapshot(deal), fieldNames),
          pick(snapshot(updated), fieldNames),
          now,
        );
        await this.announceWithin(
          tx,
          actor,
          updated,
          { type: "edited", fields: fieldNames.map(fieldLabel) },
          [deal.ownerId],
        );
        await tx.webhooks.record(actor.teamId, dealEvent("deal.updated", updated, now));
      }
      if (stageChanges) updated = await this.moveWithin(tx, actor, updated, target, now);
      return { deal: updated, changed: [...fieldNames.map(fieldLabel), ...(stageChanges ? ["stage"] : [])] };
    });
    if (result.changed.length > 0) this.deps.onEffectsQueued?.();
    return result;
  }

  /**
   * Every check a form's field must pass, in the service, so a forged submission meets the
   * same limits as the form. `knownPeople` need not be looked up (the person asking, the
   * current owner); `deal` is the deal being edited, if any.
   */
  private async check(
    input: DealInput,
    fields: readonly DealFieldName[],
    stages: readonly Stage[],
    knownPeople: readonly string[],
    deal?: Deal,
  ): Promise<void> {
    const problems: FieldProblemAt[] = [];
    const add = (field: DealFieldName, problem: FieldProblem | undefined) => {
      if (problem) problems.push({ field: FORM_FIELD[field], problem });
    };
    for (const field of fields) {
      switch (field) {
        case "name":
          add(field, input.name ? checkLength(input.name, "dealName") : { kind: "required" });
          break;
        case "accountName":
          if (input.accountName !== null) add(field, checkLength(input.accountName, "company"));
          break;
        case "amount":
          if (input.amount !== null && !STORABLE_AMOUNT.test(input.amount))
            add(field, { kind: "invalid_amount" });
          break;
        case "currency":
          if (!isCurrencyCode(input.currency)) add(field, { kind: "invalid_currency" });
          break;
        case "expectedCloseDate":
        case "nextStepDate": {
          const date = input[field];
          if (date !== null) add(field, checkDate(date));
          break;
        }
        case "nextStep":
        case "source": {
          const text = input[field];
          if (text !== null) add(field, checkLength(text, field));
          break;
        }
        case "contacts":
          add(field, checkContacts(input.contacts));
          break;
        case "stageId": {
          const stage = stages.find((s) => s.id === input.stageId);
          // A new deal starts in an open stage; Won and Lost have their own forms.
          if (!stage || (deal === undefined && stage.kind !== "open")) add(field, { kind: "unknown_choice" });
          break;
        }
        case "ownerId":
          if (!knownPeople.includes(input.ownerId)) add(field, await this.checkPerson(input.ownerId));
          break;
      }
    }
    if (problems.length > 0) throw invalidFields(problems);
  }

  private async checkPerson(userId: string): Promise<FieldProblem | undefined> {
    if (!isSlackUserId(userId)) return { kind: "unknown_person", userId };
    const kind = await this.deps.people.kindOf(userId);
    if (kind === "person") return undefined;
    if (kind === "bot") return { kind: "not_a_person", userId };
    if (kind === "unavailable") return { kind: "person_unchecked", userId };
    return { kind: "unknown_person", userId };
  }

  /** The dispatcher records where the card was posted, so later changes edit it in place. */
  async recordCard(dealId: string, card: { channelId: string; ts: string }): Promise<void> {
    await this.deps.deals.setCard(dealId, card);
  }

  /** The open-stage move itself: stage, history, audit, and the card and its thread line. */
  private async moveWithin(
    tx: TransactionRepositories,
    actor: ActorContext,
    deal: Deal,
    target: Stage,
    now: Date,
  ): Promise<Deal> {
    const moved = await tx.deals.setStage(deal, target, {
      lostReason: null,
      closedAt: null,
      at: now,
    });
    await tx.deals.recordStageChange({
      dealId: deal.id,
      fromStageId: deal.stage.id,
      toStageId: target.id,
      actorId: actor.userId,
      at: now,
    });
    await audit(tx, actor, "deal.moved", deal, { stage: deal.stage.key }, { stage: target.key }, now);
    const type = deal.stage.kind === "lost" ? "reopened" : "moved";
    await this.announceWithin(tx, actor, moved, { type, from: deal.stage.name, to: target.name });
    await tx.webhooks.record(actor.teamId, dealEvent("deal.stage_changed", moved, now));
    return moved;
  }

  /** The deal, when this person may change it; a refusal naming who can otherwise. */
  async getChangeable(actor: ActorContext, dealId: string): Promise<Deal> {
    const deal = await this.get(actor.teamId, dealId);
    assertMayChange(actor, deal);
    return deal;
  }

  /**
   * A deal's changes from the audit log, newest first, `pageSize` a page; `more` says whether
   * an older page exists. Anyone in the workspace may read them, as anyone may see the deal.
   */
  async history(
    teamId: string,
    dealId: string,
    page: number,
    pageSize: number,
  ): Promise<{ deal: Deal; entries: AuditRecord[]; more: boolean }> {
    const deal = await this.get(teamId, dealId);
    const offset = (Math.max(1, page) - 1) * pageSize;
    const rows = await this.deps.unitOfWork.run((tx) =>
      tx.audit.latest(teamId, { entity: { type: "deal", id: deal.id } }, { offset, limit: pageSize + 1 }),
    );
    return { deal, entries: rows.slice(0, pageSize), more: rows.length > pageSize };
  }

  /** Lost on a card: the deal, if this person may change it and it is not won (a won deal is final). */
  async getLosable(actor: ActorContext, dealId: string): Promise<Deal> {
    const deal = await this.getChangeable(actor, dealId);
    if (deal.stage.kind === "won") {
      throw new AppError("deal.won_is_final", { number: deal.number, attempted: "lose" });
    }
    return deal;
  }

  private async lockChangeable(
    tx: TransactionRepositories,
    actor: ActorContext,
    dealId: string,
  ): Promise<Deal> {
    const deal = await tx.deals.lockById(actor.teamId, dealId);
    if (!deal) throw new AppError("deal.gone", {});
    assertMayChange(actor, deal);
    return deal;
  }

  /** Queues what a change shows: the card and its thread line, and the Homes of those it concerns. */
  async announceWithin(
    tx: TransactionRepositories,
    actor: ActorContext,
    deal: Deal,
    change: DealChange,
    alsoRefresh: readonly string[] = [],
  ): Promise<void> {
    const channelId = deal.card?.channelId ?? actor.salesChannelId;
    const intents: SlackEffectIntent[] = [];
    if (channelId) {
      intents.push({ kind: "deal.card", dealId: deal.id, channelId });
      if (change.type !== "created")
        intents.push({
          kind: "deal.reply",
          dealId: deal.id,
          channelId,
          actorId: actor.userId,
          change,
          ...(actor.via ? { via: actor.via.name } : {}),
        });
    }
    // Whoever made the change and whoever owns the deal see it on their App Home.
    intents.push(...homeRefreshes(actor.userId, deal.ownerId, ...alsoRefresh));
    await tx.effects.enqueue(actor.teamId, intents);
  }
}

function assertMayChange(actor: Actor, deal: Deal): void {
  if (!canChangeDeal(actor, deal)) {
    throw new AppError("deal.not_owner", {
      number: deal.number,
      ownerId: deal.ownerId,
      awaitingOwner: deal.awaitingOwner,
      action: "change",
    });
  }
}

function resolveStage(stages: readonly Stage[], query: string | { stageId: string }): Stage {
  if (typeof query !== "string") {
    const stage = stages.find((s) => s.id === query.stageId);
    if (!stage) throw new AppError("stage.gone", {});
    return stage;
  }
  const match = matchStage(stages, query);
  if (!match.ok) throw new AppError("stage.unmatched", { field: "stage", problem: match.problem });
  return match.stage;
}

function requireDetails(input: Pick<DealInput, "amount" | "expectedCloseDate">, stage: Stage): void {
  const missing = missingDetails(input, stage);
  if (missing.length === 0) return;
  throw new AppError("deal.stage_needs_details", {
    field: fieldOf(missing[0]!),
    stageName: stage.name,
    missing,
  });
}

function fieldOf(missing: "amount" | "close date"): "amount" | "closeDate" {
  return missing === "amount" ? "amount" : "closeDate";
}

const FIELD_LABELS: Record<DealFieldName, string> = {
  stageId: "stage",
  name: "name",
  accountName: "company",
  amount: "amount",
  currency: "currency",
  ownerId: "owner",
  expectedCloseDate: "close date",
  nextStep: "next step",
  nextStepDate: "next step date",
  source: "source",
  contacts: "contacts",
};

function fieldLabel(field: string): string {
  return FIELD_LABELS[field as DealFieldName] ?? field;
}

/** The submitted values of `fields`, as the repository changes them (the stage moves separately). */
function pickChanges(input: DealInput, fields: readonly DealFieldName[]): DealFieldChanges {
  const changes: Record<string, unknown> = {};
  for (const field of fields) if (field !== "stageId") changes[field] = input[field];
  return changes as DealFieldChanges;
}

/** Text fields without control characters and surrounding space; an empty optional field is null. */
function storableDealInput(input: DealInput): DealInput {
  const optional = (text: string | null) => (text === null ? null : storableText(text) || null);
  return {
    ...input,
    name: storableText(input.name),
    accountName: optional(input.accountName),
    nextStep: optional(input.nextStep),
    source: optional(input.source),
    contacts: input.contacts.map((c) => ({
      name: storableText(c.name),
      title: optional(c.title),
      email: optional(c.email),
      phone: optional(c.phone),
    })),
  };
}

function checkContacts(contacts: readonly ContactInput[]): FieldProblem | undefined {
  if (contacts.length > MAX_CONTACTS)
    return { kind: "too_many", limit: MAX_CONTACTS, count: contacts.length };
  if (contacts.some((c) => !c.name)) return { kind: "required" };
  return checkLength(contacts.map(formatContact).join("\n"), "contacts");
}

/** Keys of the audit snapshot, by form field. */
const SNAPSHOT_KEY: Record<DealFieldName, string> = {
  name: "name",
  accountName: "accountName",
  amount: "amount",
  currency: "currency",
  expectedCloseDate: "expectedCloseDate",
  ownerId: "ownerId",
  stageId: "stage",
  nextStep: "nextStep",
  nextStepDate: "nextStepDate",
  source: "source",
  contacts: "contacts",
};

/** The refusal of a stale form's save: each conflicting field, with who changed it last. */
async function conflictError(
  tx: TransactionRepositories,
  teamId: string,
  deal: Deal,
  fields: readonly DealFieldName[],
): Promise<AppError> {
  const problems: FieldProblemAt[] = [];
  for (const field of fields) {
    const last = await tx.audit.lastChangeOf(teamId, { type: "deal", id: deal.id }, SNAPSHOT_KEY[field]);
    problems.push({
      field: FORM_FIELD[field],
      problem: { kind: "changed_since_opened", by: last?.actorId ?? null, at: last?.at ?? null },
    });
  }
  return new AppError("deal.changed_since_opened", {
    number: deal.number,
    changed: fields.map(fieldLabel),
    field: problems[0]!.field,
    fieldProblems: problems,
  });
}

function snapshot(deal: Deal): Record<string, unknown> {
  return {
    name: deal.name,
    accountName: deal.accountName,
    amount: deal.amount,
    currency: deal.currency,
    stage: deal.stage.key,
    ownerId: deal.ownerId,
    expectedCloseDate: deal.expectedCloseDate,
    nextStep: deal.nextStep,
    nextStepDate: deal.nextStepDate,
    source: deal.source,
    contacts: deal.contacts,
  };
}

function audit(
  tx: TransactionRepositories,
  actor: ActorContext,
  action: string,
  deal: Deal,
  before: unknown,
  after: unknown,
  at: Date,
): Promise<void> {
  return recordAudit(tx, actor, { action, entityType: "deal", entityId: deal.id, before, after, at });
}
