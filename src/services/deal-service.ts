import { escapeMrkdwn, formatDealRef, parseDealRef } from "../domain/command-text.ts";
import { type ContactInput, sameContacts } from "../domain/contacts.ts";
import type { CalendarDate } from "../domain/dates.ts";
import {
  type Actor,
  canChangeDeal,
  checkMove,
  compareUrgency,
  type Deal,
  missingDetails,
} from "../domain/deal.ts";
import { firstOpenStage, matchStage, type Stage } from "../domain/stages.ts";
import { AppError, AppErrorCode } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import type {
  DealFieldChanges,
  DealFilter,
  DealRepository,
  StageRepository,
  TransactionRepositories,
  UnitOfWork,
} from "./ports.ts";
import { type DealChange, homeRefreshes, type SlackEffectIntent } from "./slack-effects.ts";

export interface DealInput {
  readonly name: string;
  readonly accountName: string | null;
  readonly amount: string | null;
  readonly currency: string;
  readonly expectedCloseDate: CalendarDate | null;
  readonly ownerId: string;
  readonly stageId: string;
  readonly nextStep: string | null;
  readonly nextStepDate: CalendarDate | null;
  readonly source: string | null;
  readonly contacts: readonly ContactInput[];
}

/** Which form field a refusal is about, so modals can show it next to the field. */
export type DealField = "name" | "company" | "amount" | "closeDate" | "stage" | "owner" | "reason" | "note";

export type MoveOutcome =
  | { readonly kind: "moved"; readonly deal: Deal; readonly from: Stage }
  | { readonly kind: "unchanged"; readonly deal: Deal }
  /** Won and Lost go through their forms; the listener opens them. */
  | { readonly kind: "needs_handoff"; readonly deal: Deal }
  | { readonly kind: "needs_reason"; readonly deal: Deal };

export interface ActorContext extends Actor {
  readonly teamId: string;
  /** Where the deal feed goes (PRODUCT §4), when configured. */
  readonly salesChannelId: string | undefined;
}

const MAX_NAME = 200;
const MAX_TEXT = 2_900;

/**
 * The sales pipeline's use cases (PRODUCT §4). Every change runs in one transaction with its
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
    if (!text)
      throw new AppError(
        AppErrorCode.InvalidInput,
        "Which deal? Name it by its reference (`D-12`) or part of its name.",
      );
    const number = parseDealRef(text);
    if (number !== undefined) {
      const deal = await this.deps.deals.findByNumber(teamId, number);
      if (deal) return deal;
      throw new AppError(
        AppErrorCode.NotFound,
        `There is no deal ${formatDealRef(number)}. Try \`/deal find <text>\` or \`/deal list all\`.`,
      );
    }
    const matches = await this.deps.deals.search(teamId, text, 11);
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
      throw new AppError(
        AppErrorCode.NotFound,
        `No deal matches “${escapeMrkdwn(text)}”. Try \`/deal find\` with a shorter word, or \`/deal list all\`.`,
      );
    }
    throw new AppError(
      AppErrorCode.Ambiguous,
      `“${escapeMrkdwn(text)}” matches ${matches.length > 10 ? "more than 10" : matches.length} deals — which one?`,
      {
        query: text,
        candidates: [
          ...matches.filter((d) => d.ownerId === viewerId),
          ...matches.filter((d) => d.ownerId !== viewerId),
        ].slice(0, 10),
      },
    );
  }

  async get(teamId: string, id: string): Promise<Deal> {
    const deal = await this.deps.deals.findById(teamId, id);
    if (!deal) throw new AppError(AppErrorCode.NotFound, "That deal no longer exists.");
    return deal;
  }

  async find(teamId: string, text: string): Promise<Deal[]> {
    const query = text.trim();
    if (query.length < 2)
      throw new AppError(
        AppErrorCode.InvalidInput,
        "Type at least two characters to search: `/deal find acme`.",
      );
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
    const stages = await this.deps.stages.list(actor.teamId);
    const stage = stages.find((s) => s.id === input.stageId && s.kind === "open") ?? firstOpenStage(stages);
    validateDealInput(input);
    requireDetails(input, stage);
    const existing = await this.deps.deals.findByCreationKey(actor.teamId, creationKey);
    if (existing) return { deal: existing, created: false };

    const now = this.deps.clock.now();
    const result = await this.deps.unitOfWork.run(async (tx) => {
      if (!(await tx.requests.claim(`deal.create:${actor.teamId}:${creationKey}`))) {
        return { deal: await tx.deals.findByCreationKey(actor.teamId, creationKey), created: false };
      }
      const number = await tx.deals.allocateNumber(actor.teamId);
      const deal = await tx.deals.create({
        teamId: actor.teamId,
        number,
        ...input,
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
      await this.announce(tx, actor, deal, { type: "created" });
      return { deal, created: true };
    });
    if (!result.deal)
      throw new AppError(
        AppErrorCode.Conflict,
        "That deal is being created already — check `/deal list` in a moment.",
      );
    if (result.created) this.deps.onEffectsQueued?.();
    return { deal: result.deal, created: result.created };
  }

  async move(
    actor: ActorContext,
    dealId: string,
    stageQuery: string | { stageId: string },
  ): Promise<MoveOutcome> {
    const stages = await this.deps.stages.list(actor.teamId);
    const target = resolveStage(stages, stageQuery);
    const now = this.deps.clock.now();
    const outcome = await this.deps.unitOfWork.run(async (tx): Promise<MoveOutcome> => {
      const deal = await this.lockChangeable(tx, actor, dealId);
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
            throw new AppError(
              AppErrorCode.Conflict,
              `${formatDealRef(deal.number)} is won and handed over to delivery; its stage can't change.`,
            );
          case "needs_details":
            throw new AppError(
              AppErrorCode.InvalidInput,
              `${target.name} needs ${check.missing.join(" and ")} on ${formatDealRef(deal.number)} first — add ${check.missing.length > 1 ? "them" : "it"} with \`/deal edit ${formatDealRef(deal.number)}\`.`,
              { fields: check.missing.map((m) => (m === "amount" ? "amount" : "closeDate")) },
            );
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
    const why = reason.trim();
    if (!why)
      throw new AppError(AppErrorCode.InvalidInput, "Lost needs a reason — what happened?", {
        field: "reason",
      });
    if (why.length > 500)
      throw new AppError(
        AppErrorCode.InvalidInput,
        `Keep the reason under 500 characters (it has ${why.length}).`,
        { field: "reason" },
      );
    const stages = await this.deps.stages.list(actor.teamId);
    const lost = stages.find((s) => s.kind === "lost");
    if (!lost)
      throw new AppError(
        AppErrorCode.Conflict,
        "This pipeline has no Lost stage; ask an admin to add one in `/handoff stages`.",
      );
    const now = this.deps.clock.now();
    const result = await this.deps.unitOfWork.run(async (tx) => {
      const deal = await this.lockChangeable(tx, actor, dealId);
      if (deal.stage.kind === "won") {
        throw new AppError(
          AppErrorCode.Conflict,
          `${formatDealRef(deal.number)} is won and handed over to delivery; it can't be marked lost.`,
        );
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
      await this.announce(tx, actor, updated, { type: "lost", reason: why });
      return { deal: updated, changed: true };
    });
    if (result.changed) this.deps.onEffectsQueued?.();
    return result;
  }

  async addNote(actor: ActorContext, dealId: string, body: string, requestKey: string): Promise<Deal> {
    const text = body.trim();
    if (!text)
      throw new AppError(AppErrorCode.InvalidInput, "The note is empty — what should it say?", {
        field: "note",
      });
    if (text.length > MAX_TEXT) {
      throw new AppError(
        AppErrorCode.InvalidInput,
        `Keep a note under ${MAX_TEXT} characters (it has ${text.length}).`,
        { field: "note" },
      );
    }
    const now = this.deps.clock.now();
    const deal = await this.deps.unitOfWork.run(async (tx) => {
      const locked = await this.lockChangeable(tx, actor, dealId);
      if (!(await tx.requests.claim(`deal.note:${requestKey}`))) return locked;
      await tx.deals.addNote({ dealId: locked.id, authorId: actor.userId, body: text, at: now });
      const touched = await tx.deals.updateFields(locked.id, {}, now);
      await audit(tx, actor, "deal.noted", locked, null, { note: text }, now);
      await this.announce(tx, actor, touched, { type: "note", body: text });
      return touched;
    });
    this.deps.onEffectsQueued?.();
    return deal;
  }

  /** Saves the Edit deal form: fields, and a stage change through the same gates as a move. */
  async edit(
    actor: ActorContext,
    dealId: string,
    input: DealInput,
  ): Promise<{ deal: Deal; changed: readonly string[] }> {
    validateDealInput(input);
    const stages = await this.deps.stages.list(actor.teamId);
    const now = this.deps.clock.now();
    const result = await this.deps.unitOfWork.run(async (tx) => {
      const deal = await this.lockChangeable(tx, actor, dealId);
      const changes = diffFields(deal, input);
      const target = stages.find((s) => s.id === input.stageId);
      const stageChanges = target !== undefined && target.id !== deal.stage.id;
      if (stageChanges) {
        const check = checkMove(
          { ...deal, amount: input.amount, expectedCloseDate: input.expectedCloseDate },
          target,
        );
        if (!check.ok && check.reason !== "same_stage") {
          const message =
            check.reason === "needs_details"
              ? `${target.name} needs ${check.missing.join(" and ")}.`
              : check.reason === "needs_handoff"
                ? "Won goes through the handoff form: use the Won button on the deal."
                : check.reason === "needs_reason"
                  ? "Lost needs a reason: use the Lost button on the deal."
                  : `${formatDealRef(deal.number)} is won; its stage can't change.`;
          throw new AppError(AppErrorCode.InvalidInput, message, {
            field: check.reason === "needs_details" ? fieldOf(check.missing[0]!) : "stage",
          });
        }
      } else {
        requireDetails(input, deal.stage);
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
        await this.announce(tx, actor, updated, { type: "edited", fields: fieldNames.map(fieldLabel) }, [
          deal.ownerId,
        ]);
      }
      if (stageChanges) updated = await this.moveWithin(tx, actor, updated, target, now);
      return { deal: updated, changed: [...fieldNames.map(fieldLabel), ...(stageChanges ? ["stage"] : [])] };
    });
    if (result.changed.length > 0) this.deps.onEffectsQueued?.();
    return result;
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
    await this.announce(tx, actor, moved, { type, from: deal.stage.name, to: target.name });
    return moved;
  }

  /** The deal, when this person may change it; a refusal naming who can otherwise. */
  async getChangeable(actor: ActorContext, dealId: string): Promise<Deal> {
    const deal = await this.get(actor.teamId, dealId);
    assertMayChange(actor, deal);
    return deal;
  }

  private async lockChangeable(
    tx: TransactionRepositories,
    actor: ActorContext,
    dealId: string,
  ): Promise<Deal> {
    const deal = await tx.deals.lockById(actor.teamId, dealId);
    if (!deal) throw new AppError(AppErrorCode.NotFound, "That deal no longer exists.");
    assertMayChange(actor, deal);
    return deal;
  }

  private async announce(
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
        intents.push({ kind: "deal.reply", dealId: deal.id, channelId, actorId: actor.userId, change });
    }
    // Whoever made the change and whoever owns the deal see it on their App Home.
    intents.push(...homeRefreshes(actor.userId, deal.ownerId, ...alsoRefresh));
    await tx.effects.enqueue(actor.teamId, intents);
  }
}

function assertMayChange(actor: Actor, deal: Deal): void {
  if (!canChangeDeal(actor, deal)) {
    throw new AppError(
      AppErrorCode.Forbidden,
      `Only <@${deal.ownerId}> (the owner), managers and admins can change ${formatDealRef(deal.number)}.`,
    );
  }
}

function resolveStage(stages: readonly Stage[], query: string | { stageId: string }): Stage {
  if (typeof query !== "string") {
    const stage = stages.find((s) => s.id === query.stageId);
    if (!stage)
      throw new AppError(
        AppErrorCode.NotFound,
        "That stage no longer exists — open the deal again to see the current stages.",
      );
    return stage;
  }
  const match = matchStage(stages, query);
  if (!match.ok) throw new AppError(AppErrorCode.InvalidInput, match.error, { field: "stage" });
  return match.stage;
}

function validateDealInput(input: DealInput): void {
  if (!input.name.trim())
    throw new AppError(AppErrorCode.InvalidInput, "Give the deal a name.", { field: "name" });
  if (input.name.length > MAX_NAME) {
    throw new AppError(
      AppErrorCode.InvalidInput,
      `Keep the name under ${MAX_NAME} characters (it has ${input.name.length}).`,
      { field: "name" },
    );
  }
  if (input.accountName !== null && input.accountName.length > MAX_NAME) {
    throw new AppError(AppErrorCode.InvalidInput, `Keep the company under ${MAX_NAME} characters.`, {
      field: "company",
    });
  }
}

function requireDetails(input: Pick<DealInput, "amount" | "expectedCloseDate">, stage: Stage): void {
  const missing = missingDetails(input, stage);
  if (missing.length === 0) return;
  throw new AppError(
    AppErrorCode.InvalidInput,
    `${stage.name} needs ${missing.join(" and ")} — add ${missing.length > 1 ? "them" : "it"}, or start at an earlier stage.`,
    {
      field: fieldOf(missing[0]!),
    },
  );
}

function fieldOf(missing: "amount" | "close date"): DealField {
  return missing === "amount" ? "amount" : "closeDate";
}

const FIELD_LABELS: Record<keyof DealFieldChanges, string> = {
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
  return FIELD_LABELS[field as keyof DealFieldChanges] ?? field;
}

function diffFields(deal: Deal, input: DealInput): DealFieldChanges {
  const changes: Record<string, unknown> = {};
  const compare: Array<[keyof DealFieldChanges, unknown, unknown]> = [
    ["name", deal.name, input.name],
    ["accountName", deal.accountName, input.accountName],
    ["amount", deal.amount, input.amount],
    ["currency", deal.currency, input.currency],
    ["ownerId", deal.ownerId, input.ownerId],
    ["expectedCloseDate", deal.expectedCloseDate, input.expectedCloseDate],
    ["nextStep", deal.nextStep, input.nextStep],
    ["nextStepDate", deal.nextStepDate, input.nextStepDate],
    ["source", deal.source, input.source],
  ];
  for (const [field, before, after] of compare) if (before !== after) changes[field] = after;
  if (!sameContacts(deal.contacts, input.contacts)) changes.contacts = input.contacts;
  return changes as DealFieldChanges;
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

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}

async function audit(
  tx: TransactionRepositories,
  actor: ActorContext,
  action: string,
  deal: Deal,
  before: unknown,
  after: unknown,
  at: Date,
): Promise<void> {
  await tx.audit.record({
    teamId: actor.teamId,
    actorId: actor.userId,
    action,
    entityType: "deal",
    entityId: deal.id,
    before,
    after,
    at,
  });
}
