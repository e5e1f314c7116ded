import { hashSecret, issueSecret, LEAD_HOOK_PREFIX } from "../domain/api-access.ts";
import type { Actor, Deal } from "../domain/deal.ts";
import {
  emailKey,
  type LeadDisposition,
  type LeadInput,
  leadDisposition,
  leadFieldProblems,
  nextLeadOwner,
  withoutEmptyValues,
  ZLeadInput,
} from "../domain/leads.ts";
import { storableText, TEXT_LIMITS } from "../domain/limits.ts";
import { DEFAULT_CURRENCY, parseAmount } from "../domain/money.ts";
import { dealEvent } from "../domain/webhooks.ts";
import { AppError } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import { recordAudit } from "./audit.ts";
import type { ActorContext, DealInput, DealService } from "./deal-service.ts";
import { invalidFields } from "./field-errors.ts";
import type { LeadRecord, LeadSourceRecord, LeadSourceRepository, UnitOfWork } from "./ports.ts";

/** Where a lead came in: a hook's source, or an API token (no source row; its name is attributed). */
export interface LeadOrigin {
  readonly sourceId: string | null;
  readonly name: string;
}

export type LeadOutcome =
  /** A new deal in the first stage; `ownerId` is undefined while it waits for Take it. */
  | { readonly kind: "new_deal"; readonly deal: Deal; readonly leadId: string; readonly ownerId?: string }
  /** The same email wrote within 30 days: a note on their open deal. */
  | { readonly kind: "note"; readonly deal: Deal; readonly leadId: string };

export type TakeOutcome =
  | { readonly kind: "taken"; readonly deal: Deal }
  | { readonly kind: "already_yours"; readonly deal: Deal }
  | { readonly kind: "already_taken"; readonly deal: Deal; readonly by: string };

export interface LeadSourceActor extends Actor {
  readonly teamId: string;
}

/** The path a source's hook answers on; the secret is the only credential. */
export const LEAD_HOOK_PATH = "/hooks/leads/";

const SOURCE_NAME_LIMIT = 100;

/**
 * Leads from website forms, automation tools and the API. A lead becomes a deal through
 * DealService's own checks, history, audit and Slack effects, or a note on the deal the same
 * email opened within 30 days. Leads of one workspace are received one at a time (the turn of
 * owners is locked), so two copies of the same form sent at once make one deal and one note.
 */
export class LeadService {
  constructor(
    private readonly deps: {
      sources: LeadSourceRepository;
      deals: DealService;
      unitOfWork: UnitOfWork;
      clock: Clock;
      /** The app's own Slack user: it holds a lead nobody has taken and writes a lead's history. */
      appUserId: string;
      /** HANDOFF_LEAD_OWNERS: new leads go to them in turn; none → the first to click Take it. */
      leadOwners: readonly string[];
      /** Where the New lead message goes (the workspace's sales channel), if anywhere. */
      salesChannel: (teamId: string) => Promise<string | undefined>;
      adminIds: (teamId: string) => Promise<string[]>;
      /** The app's public base URL, to show a source's full hook URL. */
      publicUrl: string | undefined;
      onEffectsQueued?: () => void;
    },
  ) {}

  /** The source a hook's secret belongs to; unknown and revoked secrets look the same. */
  async sourceBySecret(secret: string): Promise<LeadSourceRecord & { teamId: string }> {
    const valid = new RegExp(`^${LEAD_HOOK_PREFIX}[A-Za-z0-9_-]{43}$`).test(secret);
    const source = valid ? await this.deps.sources.findActiveByHash(hashSecret(secret)) : undefined;
    if (!source) throw new AppError("lead_source.unknown", {});
    return source;
  }

  /**
   * One lead, as any surface received it (a JSON or form body, not yet read). Refuses with
   * `fields.invalid` naming each field; otherwise a new deal or a note on the open one.
   */
  async receive(teamId: string, origin: LeadOrigin, body: unknown): Promise<LeadOutcome> {
    const lead = readLead(body);
    const { appUserId, leadOwners } = this.deps;
    const checked = await this.deps.deals.checkNew(teamId, dealInputOf(lead, origin, appUserId), [
      appUserId,
      ...leadOwners,
    ]);
    const salesChannelId = await this.deps.salesChannel(teamId);
    const app: ActorContext = { teamId, userId: appUserId, role: "member", salesChannelId };
    const key = lead.email ? emailKey(lead.email) : null;
    const now = this.deps.clock.now();
    const outcome = await this.deps.unitOfWork.run(async (tx): Promise<LeadOutcome> => {
      const lastOwner = await tx.leads.lockTurn(teamId);
      const disposition: LeadDisposition = key
        ? leadDisposition(await tx.leads.openDealsOf(teamId, key), now)
        : { kind: "new_deal" };
      const record = (dealId: string, assignment: "take_it" | "in_turn") =>
        tx.leads.record({
          teamId,
          dealId,
          sourceId: origin.sourceId,
          emailKey: key,
          disposition: disposition.kind,
          assignment,
          message: lead.message ?? null,
          at: now,
        });
      if (disposition.kind === "note") {
        const open = await tx.deals.lockById(teamId, disposition.dealId);
        if (!open) throw new AppError("deal.gone", {});
        const deal = await this.deps.deals.noteWithin(tx, app, open, repeatNote(lead, origin), now);
        return { kind: "note", deal, leadId: await record(deal.id, "take_it") };
      }
      const ownerId = nextLeadOwner(leadOwners, lastOwner);
      if (ownerId) await tx.leads.setLastOwner(teamId, ownerId);
      const deal = await this.deps.deals.createWithin(
        tx,
        app,
        { ...checked, input: { ...checked.input, ownerId: ownerId ?? appUserId } },
        null,
        now,
        !ownerId,
      );
      if (lead.message)
        await tx.deals.addNote({ dealId: deal.id, authorId: appUserId, body: lead.message, at: now });
      const leadId = await record(deal.id, ownerId ? "in_turn" : "take_it");
      await recordAudit(
        tx,
        { teamId, userId: null },
        {
          action: "lead.received",
          entityType: "deal",
          entityId: deal.id,
          before: null,
          after: { source: origin.name, sourceId: origin.sourceId, ownerId: ownerId ?? null },
          at: now,
        },
      );
      await tx.effects.enqueue(teamId, [
        ...(salesChannelId
          ? [{ kind: "lead.message" as const, leadId, dealId: deal.id, channelId: salesChannelId }]
          : []),
        // Told directly: a mention in a channel they are not in would not reach them.
        ...(ownerId ? [{ kind: "lead.assigned_dm" as const, leadId, userId: ownerId }] : []),
      ]);
      return { kind: "new_deal", deal, leadId, ...(ownerId ? { ownerId } : {}) };
    });
    this.deps.onEffectsQueued?.();
    return outcome;
  }

  /** Take it: the first click owns the deal; later ones learn who was first. */
  async take(actor: ActorContext, leadId: string): Promise<TakeOutcome> {
    const lead = await this.deps.sources.findLead(actor.teamId, leadId);
    if (!lead) throw new AppError("lead.gone", {});
    const now = this.deps.clock.now();
    const outcome = await this.deps.unitOfWork.run(async (tx): Promise<TakeOutcome> => {
      const took = await tx.leads.takeIfAwaiting(lead.dealId, actor.userId, now);
      const deal = await tx.deals.findById(actor.teamId, lead.dealId);
      if (!deal) throw new AppError("lead.gone", {});
      const channelId = lead.posted?.channelId ?? actor.salesChannelId;
      if (!took) {
        // The message still offered Take it (its owner was set in the Edit form, say): redraw it.
        if (channelId && lead.posted)
          await tx.effects.enqueue(actor.teamId, [
            { kind: "lead.message", leadId: lead.id, dealId: deal.id, channelId },
          ]);
        return deal.ownerId === actor.userId
          ? { kind: "already_yours", deal }
          : { kind: "already_taken", deal, by: deal.ownerId };
      }
      await recordAudit(tx, actor, {
        action: "deal.taken",
        entityType: "deal",
        entityId: deal.id,
        before: { ownerId: this.deps.appUserId },
        after: { ownerId: actor.userId },
        at: now,
      });
      await this.deps.deals.announceWithin(tx, actor, deal, { type: "edited", fields: ["owner"] });
      // Tools that heard of the lead as awaiting its owner hear who took it.
      await tx.webhooks.record(actor.teamId, dealEvent("deal.updated", deal, now));
      if (channelId)
        await tx.effects.enqueue(actor.teamId, [
          { kind: "lead.message", leadId: lead.id, dealId: deal.id, channelId },
        ]);
      return { kind: "taken", deal };
    });
    this.deps.onEffectsQueued?.();
    return outcome;
  }

  /** A lead and its deal as they are now, for its New lead message. */
  async lead(teamId: string, leadId: string): Promise<{ lead: LeadRecord; deal: Deal }> {
    const lead = await this.deps.sources.findLead(teamId, leadId);
    if (!lead) throw new AppError("lead.gone", {});
    return { lead, deal: await this.deps.deals.get(teamId, lead.dealId) };
  }

  /** The dispatcher records where the New lead message went, so Take it edits it in place. */
  async recordMessage(leadId: string, posted: { channelId: string; ts: string }): Promise<void> {
    await this.deps.sources.setLeadMessage(leadId, posted);
  }

  async listSources(actor: LeadSourceActor): Promise<LeadSourceRecord[]> {
    await this.assertAdmin(actor);
    return this.deps.sources.list(actor.teamId);
  }

  /** A new source and its secret, which is shown this once and stored only hashed. */
  async addSource(
    actor: LeadSourceActor,
    name: string,
  ): Promise<{ source: LeadSourceRecord; secret: string; hookPath: string; hookUrl: string | undefined }> {
    await this.assertAdmin(actor);
    const text = storableText(name);
    if (!text) throw invalidFields([{ field: "name", problem: { kind: "required" } }]);
    if ([...text].length > SOURCE_NAME_LIMIT)
      throw invalidFields([
        { field: "name", problem: { kind: "too_long", limit: SOURCE_NAME_LIMIT, length: [...text].length } },
      ]);
    const issued = issueSecret(LEAD_HOOK_PREFIX);
    const now = this.deps.clock.now();
    const source = await this.deps.unitOfWork.run(async (tx) => {
      const created = await tx.leads.createSource({
        teamId: actor.teamId,
        name: text,
        secretHash: issued.hash,
        hint: issued.hint,
        createdById: actor.userId,
        at: now,
      });
      await recordAudit(tx, actor, {
        action: "lead_source.created",
        entityType: "lead_source",
        entityId: created.id,
        before: null,
        after: { name: created.name, hint: created.hint },
        at: now,
      });
      return created;
    });
    const hookPath = `${LEAD_HOOK_PATH}${issued.secret}`;
    const base = this.deps.publicUrl?.replace(/\/+$/, "");
    return { source, secret: issued.secret, hookPath, hookUrl: base ? `${base}${hookPath}` : undefined };
  }

  /** Revokes a source: its hook answers 404 from now on. Revoking twice changes nothing. */
  async revokeSource(actor: LeadSourceActor, sourceId: string): Promise<LeadSourceRecord> {
    await this.assertAdmin(actor);
    const now = this.deps.clock.now();
    return this.deps.unitOfWork.run(async (tx) => {
      const source = await tx.leads.revokeSource(actor.teamId, sourceId, now);
      if (!source) throw new AppError("lead_source.not_found", { ref: sourceId });
      if (source.revokedAt?.getTime() === now.getTime())
        await recordAudit(tx, actor, {
          action: "lead_source.revoked",
          entityType: "lead_source",
          entityId: source.id,
          before: { revokedAt: null },
          after: { revokedAt: now.toISOString() },
          at: now,
        });
      return source;
    });
  }

  private async assertAdmin(actor: LeadSourceActor): Promise<void> {
    if (actor.role === "admin") return;
    const admins = await this.deps.adminIds(actor.teamId);
    throw new AppError("admin.required", { action: "manage_lead_sources", admins });
  }
}

/** The body as a lead, or `fields.invalid` naming each field that is wrong. */
function readLead(body: unknown): LeadInput {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw invalidFields([{ field: "body", problem: { kind: "wrong_type", expected: "object" } }]);
  const fields = withoutEmptyValues(body as Record<string, unknown>);
  const parsed = ZLeadInput.safeParse(fields);
  if (!parsed.success) throw invalidFields(leadFieldProblems(parsed.error.issues, fields));
  return parsed.data;
}

function dealInputOf(lead: LeadInput, origin: LeadOrigin, ownerId: string): DealInput {
  let amount: string | null = null;
  let currency = DEFAULT_CURRENCY;
  if (lead.amount !== undefined) {
    const parsed = parseAmount(String(lead.amount), DEFAULT_CURRENCY);
    if (!parsed.ok) throw invalidFields([{ field: "amount", problem: { kind: "invalid_amount" } }]);
    amount = parsed.money.amount;
    currency = parsed.money.currency;
  }
  return {
    name: lead.name,
    accountName: lead.company ?? null,
    amount,
    currency,
    stageId: "",
    ownerId,
    expectedCloseDate: null,
    nextStep: null,
    nextStepDate: null,
    source: lead.source ?? origin.name,
    contacts: [{ name: lead.name, title: null, email: lead.email ?? null, phone: lead.phone ?? null }],
  };
}

/** The note a repeat lead leaves on the open deal: who wrote again, through what, and what they said. */
function repeatNote(lead: LeadInput, origin: LeadOrigin): string {
  const via = lead.source && lead.source !== origin.name ? `${origin.name}, ${lead.source}` : origin.name;
  const said = lead.message ? `: ${lead.message}` : "";
  const text = `${lead.name} wrote again (${via})${said}`;
  const max = TEXT_LIMITS.note;
  return [...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text;
}
