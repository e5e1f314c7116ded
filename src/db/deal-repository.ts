import type { ContactInput } from "../domain/contacts.ts";
import type { CalendarDate } from "../domain/dates.ts";
import { type Deal, withStage } from "../domain/deal.ts";
import { normaliseAmount } from "../domain/money.ts";
import type { Stage } from "../domain/stages.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import type {
  AuditEntry,
  AuditEvent,
  AuditRepository,
  DealFieldChanges,
  DealFilter,
  DealRepository,
  EffectQueue,
  NewDealRecord,
  ProcessedRequestRepository,
} from "../services/ports.ts";
import { orderingKeyOf, type SlackEffectIntent } from "../services/slack-effects.ts";
import type { Db } from "./client.ts";
import { Prisma } from "./generated/prisma/client.ts";
import { toStage } from "./stage-repository.ts";

export const dealInclude = {
  stage: true,
  account: { select: { name: true } },
  contacts: { include: { contact: true }, orderBy: { position: "asc" } },
} as const;
type DealRow = Prisma.DealGetPayload<{ include: typeof dealInclude }>;

export function toCalendarDate(value: Date | null): CalendarDate | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

export function fromCalendarDate(value: CalendarDate | null | undefined): Date | null | undefined {
  if (value === undefined) return undefined;
  return value === null ? null : new Date(`${value}T00:00:00.000Z`);
}

function toAmount(value: Prisma.Decimal | null): string | null {
  return value === null ? null : (normaliseAmount(value.toFixed()) ?? value.toFixed());
}

export function toDeal(row: DealRow): Deal {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    accountName: row.account?.name ?? null,
    amount: toAmount(row.amount),
    currency: row.currency,
    stage: toStage(row.stage),
    ownerId: row.ownerId,
    awaitingOwner: row.awaitingOwner,
    expectedCloseDate: toCalendarDate(row.expectedCloseDate),
    nextStep: row.nextStep,
    nextStepDate: toCalendarDate(row.nextStepDate),
    source: row.source,
    contacts: row.contacts.map(({ contact }) => ({
      name: contact.name,
      title: contact.title,
      email: contact.email,
      phone: contact.phone,
    })),
    lostReason: row.lostReason,
    stageEnteredAt: row.stageEnteredAt,
    lastActivityAt: row.lastActivityAt,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    card: row.cardChannelId && row.cardTs ? { channelId: row.cardChannelId, ts: row.cardTs } : null,
    version: row.version,
  };
}

/** One account per company name in a workspace (case and spacing ignored). */
async function accountIdFor(
  db: Db,
  teamId: string,
  name: string | null | undefined,
): Promise<string | null | undefined> {
  if (name === undefined) return undefined;
  if (name === null || name.trim() === "") return null;
  const nameKey = name.trim().toLowerCase().replace(/\s+/g, " ");
  await db.account.createMany({
    data: [{ workspaceId: teamId, name: name.trim(), nameKey }],
    skipDuplicates: true,
  });
  const account = await db.account.findUniqueOrThrow({
    where: { workspaceId_nameKey: { workspaceId: teamId, nameKey } },
    select: { id: true },
  });
  return account.id;
}

/**
 * Contacts are first-class: the same person (by email, else by name at the same company) is
 * one row however many deals they appear on.
 */
async function linkContacts(
  db: Db,
  teamId: string,
  dealId: string,
  accountId: string | null,
  contacts: readonly ContactInput[],
): Promise<void> {
  for (const [position, contact] of contacts.entries()) {
    const existing = await db.contact.findFirst({
      where: contact.email
        ? { workspaceId: teamId, email: contact.email }
        : { workspaceId: teamId, accountId, name: { equals: contact.name, mode: "insensitive" } },
      select: { id: true },
    });
    const data = {
      name: contact.name,
      title: contact.title,
      email: contact.email,
      phone: contact.phone,
      accountId,
    };
    const id = existing
      ? (await db.contact.update({ where: { id: existing.id }, data, select: { id: true } })).id
      : (await db.contact.create({ data: { ...data, workspaceId: teamId }, select: { id: true } })).id;
    await db.dealContact.createMany({ data: [{ dealId, contactId: id, position }], skipDuplicates: true });
  }
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class PrismaDealRepository implements DealRepository {
  constructor(private readonly db: Db) {}

  async allocateNumber(teamId: string): Promise<number> {
    const rows = await this.db.$queryRaw<{ n: number }[]>`
      update workspace set last_deal_number = last_deal_number + 1 where id = ${teamId} returning last_deal_number as n`;
    if (!rows[0]) throw new Error(`workspace ${teamId} does not exist`);
    return rows[0].n;
  }

  async create(record: NewDealRecord): Promise<Deal> {
    const accountId = await accountIdFor(this.db, record.teamId, record.accountName);
    const row = await this.db.deal.create({
      data: {
        workspaceId: record.teamId,
        number: record.number,
        name: record.name,
        accountId: accountId ?? null,
        amount: record.amount,
        currency: record.currency,
        stageId: record.stageId,
        ownerId: record.ownerId,
        awaitingOwner: record.awaitingOwner ?? false,
        expectedCloseDate: fromCalendarDate(record.expectedCloseDate) ?? null,
        nextStep: record.nextStep,
        nextStepDate: fromCalendarDate(record.nextStepDate) ?? null,
        source: record.source,
        createdById: record.createdById,
        creationKey: record.creationKey,
        stageEnteredAt: record.at,
        lastActivityAt: record.at,
        createdAt: record.at,
      },
      include: dealInclude,
    });
    if (record.contacts.length === 0) return toDeal(row);
    await linkContacts(this.db, record.teamId, row.id, accountId ?? null, record.contacts);
    return (await this.findById(record.teamId, row.id))!;
  }

  async findById(teamId: string, id: string): Promise<Deal | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.db.deal.findFirst({ where: { id, workspaceId: teamId }, include: dealInclude });
    return row ? toDeal(row) : undefined;
  }

  async findByNumber(teamId: string, number: number): Promise<Deal | undefined> {
    const row = await this.db.deal.findUnique({
      where: { workspaceId_number: { workspaceId: teamId, number } },
      include: dealInclude,
    });
    return row ? toDeal(row) : undefined;
  }

  async findByCreationKey(teamId: string, key: string): Promise<Deal | undefined> {
    const row = await this.db.deal.findUnique({
      where: { workspaceId_creationKey: { workspaceId: teamId, creationKey: key } },
      include: dealInclude,
    });
    return row ? toDeal(row) : undefined;
  }

  async lockById(teamId: string, id: string): Promise<Deal | undefined> {
    if (!isUuid(id)) return undefined;
    await this.db
      .$queryRaw`select id from deal where id = ${id}::uuid and workspace_id = ${teamId} for update`;
    return this.findById(teamId, id);
  }

  async search(teamId: string, text: string, limit: number): Promise<Deal[]> {
    const pattern = likePattern(text.trim());
    const ids = await this.db.$queryRaw<{ id: string }[]>`
      select d.id from deal d
        join stage s on s.id = d.stage_id
        left join account a on a.id = d.account_id
      where d.workspace_id = ${teamId}
        and (d.name ilike ${pattern} or a.name ilike ${pattern}
             or exists (select 1 from deal_contact dc join contact c on c.id = dc.contact_id
                        where dc.deal_id = d.id and (c.name ilike ${pattern} or c.email ilike ${pattern})))
      order by (s.kind = 'OPEN') desc, d.last_activity_at desc
      limit ${limit}`;
    return this.byIdsInOrder(ids.map((r) => r.id));
  }

  async list(teamId: string, filter: DealFilter, limit: number): Promise<{ deals: Deal[]; total: number }> {
    const where: Prisma.DealWhereInput = {
      workspaceId: teamId,
      ...(filter.ownerId ? { ownerId: filter.ownerId } : {}),
      ...(filter.stageIds ? { stageId: { in: [...filter.stageIds] } } : {}),
      ...(filter.openOnly ? { stage: { kind: "OPEN" } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.deal.findMany({
        where,
        include: dealInclude,
        orderBy: [{ lastActivityAt: "desc" }],
        take: limit,
      }),
      this.db.deal.count({ where }),
    ]);
    return { deals: rows.map(toDeal), total };
  }

  async setStage(
    deal: Deal,
    stage: Stage,
    change: { lostReason: string | null; closedAt: Date | null; at: Date },
  ): Promise<Deal> {
    await this.db.deal.update({
      where: { id: deal.id },
      data: {
        stageId: stage.id,
        lostReason: change.lostReason,
        closedAt: change.closedAt,
        stageEnteredAt: change.at,
        lastActivityAt: change.at,
        version: { increment: 1 },
      },
      select: { id: true },
    });
    return withStage(deal, stage, change);
  }

  async recordStageChange(change: {
    dealId: string;
    fromStageId: string | null;
    toStageId: string;
    actorId: string;
    at: Date;
  }): Promise<void> {
    await this.db.dealStageChange.create({
      data: {
        dealId: change.dealId,
        fromStageId: change.fromStageId,
        toStageId: change.toStageId,
        changedById: change.actorId,
        changedAt: change.at,
      },
    });
  }

  async updateFields(dealId: string, changes: DealFieldChanges, at: Date): Promise<Deal> {
    const current = await this.db.deal.findUniqueOrThrow({
      where: { id: dealId },
      select: { workspaceId: true },
    });
    const accountId = await accountIdFor(this.db, current.workspaceId, changes.accountName);
    const row = await this.db.deal.update({
      where: { id: dealId },
      data: {
        name: changes.name,
        accountId,
        amount: changes.amount,
        currency: changes.currency,
        ownerId: changes.ownerId,
        expectedCloseDate: fromCalendarDate(changes.expectedCloseDate),
        nextStep: changes.nextStep,
        nextStepDate: fromCalendarDate(changes.nextStepDate),
        source: changes.source,
        // Someone was given the deal: a lead waiting to be taken is not there for the taking any more.
        ...(changes.ownerId !== undefined ? { awaitingOwner: false } : {}),
        lastActivityAt: at,
        version: { increment: 1 },
      },
      include: dealInclude,
    });
    return toDeal(row);
  }

  async addNote(note: { dealId: string; authorId: string; body: string; at: Date }): Promise<void> {
    await this.db.dealNote.create({
      data: { dealId: note.dealId, authorId: note.authorId, body: note.body, createdAt: note.at },
    });
  }

  async setCard(dealId: string, card: { channelId: string; ts: string }): Promise<void> {
    await this.db.deal.update({
      where: { id: dealId },
      data: { cardChannelId: card.channelId, cardTs: card.ts },
    });
  }

  async accountIdOf(dealId: string): Promise<string | null> {
    const deal = await this.db.deal.findUnique({ where: { id: dealId }, select: { accountId: true } });
    return deal?.accountId ?? null;
  }

  async accountIdFor(teamId: string, name: string): Promise<string | null> {
    return (await accountIdFor(this.db, teamId, name)) ?? null;
  }

  async byIdsInOrder(ids: readonly string[]): Promise<Deal[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.deal.findMany({ where: { id: { in: [...ids] } }, include: dealInclude });
    const byId = new Map(rows.map((r) => [r.id, toDeal(r)]));
    return ids.map((id) => byId.get(id)).filter((d): d is Deal => d !== undefined);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export class PrismaAuditRepository implements AuditRepository {
  constructor(private readonly db: Db) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.auditEvent.create({
      data: {
        workspaceId: entry.teamId,
        actorId: entry.actorId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: toJson(entry.before),
        after: toJson(entry.after),
        ...(entry.via ? { via: { tokenId: entry.via.tokenId, name: entry.via.name } } : {}),
        at: entry.at,
      },
    });
  }

  async latest(
    teamId: string,
    filter: { actorId?: string; entity?: { type: string; id: string } },
    page: { offset: number; limit: number },
  ): Promise<AuditEvent[]> {
    const rows = await this.db.auditEvent.findMany({
      where: {
        workspaceId: teamId,
        ...(filter.actorId ? { actorId: filter.actorId } : {}),
        ...(filter.entity ? { entityType: filter.entity.type, entityId: filter.entity.id } : {}),
      },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: page.offset,
      take: page.limit,
    });
    return rows.map((r) => ({
      actorId: r.actorId,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      at: r.at,
    }));
  }

  async lastChangeOf(
    teamId: string,
    entity: { type: string; id: string },
    key: string,
  ): Promise<{ actorId: string | null; at: Date } | undefined> {
    const rows = await this.db.$queryRaw<Array<{ actor_id: string | null; at: Date }>>`
      SELECT actor_id, at FROM audit_event
      WHERE workspace_id = ${teamId} AND entity_type = ${entity.type} AND entity_id = ${entity.id}
        AND jsonb_exists(after, ${key})
      ORDER BY id DESC LIMIT 1`;
    const row = rows[0];
    return row ? { actorId: row.actor_id, at: row.at } : undefined;
  }
}

function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null || value === undefined
    ? Prisma.DbNull
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

export class PrismaEffectQueue implements EffectQueue {
  /** `clock` says when the effects are due: the dispatcher claims by the same clock. */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Queues the intents in one write, in their order. An App Home refresh is queued only for
   * someone who has opened their Home: Slack keeps an unopened Home unseen, and opening it
   * publishes it fresh (app_home_opened), so republishing it would be work for no one.
   */
  async enqueue(teamId: string, intents: readonly SlackEffectIntent[]): Promise<void> {
    if (intents.length === 0) return;
    const kinds = intents.map((intent) => intent.kind);
    await this.db.$executeRaw`
      insert into slack_effect (workspace_id, idempotency_key, ordering_key, kind, payload, next_attempt_at)
      select ${teamId}, v.kind || ':' || gen_random_uuid(), v.ordering_key, v.kind, v.payload::jsonb, ${this.clock.now()}
        from unnest(${kinds}::text[], ${intents.map(orderingKeyOf)}::text[], ${intents.map((i) => JSON.stringify(i))}::text[])
             with ordinality as v(kind, ordering_key, payload, n)
       where v.kind <> 'home.refresh'
          or exists (select 1 from person p
                      where p.workspace_id = ${teamId} and p.slack_user_id = v.payload::jsonb ->> 'userId'
                        and p.home_opened_at is not null)
       order by v.n`;
  }
}

export class PrismaProcessedRequests implements ProcessedRequestRepository {
  constructor(private readonly db: Db) {}

  async claim(key: string): Promise<boolean> {
    // ON CONFLICT DO NOTHING: a duplicate must not abort the surrounding transaction.
    const inserted = await this.db
      .$executeRaw`insert into processed_request (key) values (${key}) on conflict do nothing`;
    return inserted === 1;
  }
}
