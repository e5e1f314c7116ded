import type { ListCursor } from "../domain/api-access.ts";
import type { ContactInput } from "../domain/contacts.ts";
import type { CalendarDate } from "../domain/dates.ts";
import type { Deal } from "../domain/deal.ts";
import type { Project, Task } from "../domain/delivery.ts";
import { normaliseAmount } from "../domain/money.ts";
import type { Account, Contact, DealNote } from "../domain/public-records.ts";
import type { DealPageQuery, RecordPage, RecordsRepository } from "../services/ports.ts";
import type { Db } from "./client.ts";
import { projectInclude, taskInclude, toProject, toTask } from "./delivery-repository.ts";
import { Prisma } from "./generated/prisma/client.ts";
import { toStage } from "./stage-repository.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Rows after a cursor, newest first by (key, id): a keyset, so a page costs the same at any
 * depth and rows added meanwhile neither repeat nor go missing.
 */
function after<K extends string>(key: K, cursor: ListCursor | undefined) {
  if (!cursor || !UUID.test(cursor.id)) return {};
  return {
    OR: [{ [key]: { lt: cursor.updatedAt } }, { [key]: cursor.updatedAt, id: { lt: cursor.id } }],
  };
}

function page<T, R extends { id: string }>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => Date,
  toItem: (row: R) => T,
): RecordPage<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toItem),
    next: rows.length > limit && last ? { updatedAt: keyOf(last), id: last.id } : undefined,
  };
}

export class PrismaRecordsRepository implements RecordsRepository {
  constructor(private readonly db: Db) {}

  /**
   * One hand-written statement: the keyset walks deal_workspace_id_updated_at_id_idx and each
   * row brings its stage, company and contacts. (Prisma's include costs several times the
   * query itself on a page of 100; this list is what other tools poll.)
   */
  async pageDeals(teamId: string, query: DealPageQuery): Promise<RecordPage<Deal>> {
    const conditions = [Prisma.sql`d.workspace_id = ${teamId}`];
    if (query.ownerId) conditions.push(Prisma.sql`d.owner_id = ${query.ownerId}`);
    if (query.stageIds) conditions.push(Prisma.sql`d.stage_id = any(${[...query.stageIds]}::uuid[])`);
    if (query.updatedSince) conditions.push(Prisma.sql`d.updated_at >= ${query.updatedSince}`);
    if (query.after && UUID.test(query.after.id))
      conditions.push(Prisma.sql`(d.updated_at, d.id) < (${query.after.updatedAt}, ${query.after.id}::uuid)`);
    const rows = await this.db.$queryRaw<DealListRow[]>`
      select d.id, d.number, d.name, a.name as account_name, d.amount::text as amount, d.currency,
             d.owner_id, d.awaiting_owner, to_char(d.expected_close_date, 'YYYY-MM-DD') as expected_close_date, d.next_step,
             to_char(d.next_step_date, 'YYYY-MM-DD') as next_step_date, d.source, d.lost_reason,
             d.stage_entered_at, d.last_activity_at, d.closed_at, d.created_at, d.updated_at,
             d.card_channel_id, d.card_ts, d.version,
             s.id as stage_id, s.key as stage_key, s.name as stage_name, s.position as stage_position,
             s.probability as stage_probability, s.stale_after_days as stage_stale_after_days,
             s.kind::text as stage_kind, s.requires_amount_and_close_date as stage_requires_details,
             coalesce((select json_agg(json_build_object('name', c.name, 'title', c.title, 'email', c.email, 'phone', c.phone)
                                       order by dc.position)
                         from deal_contact dc join contact c on c.id = dc.contact_id
                        where dc.deal_id = d.id), '[]'::json) as contacts
        from deal d
        join stage s on s.id = d.stage_id
        left join account a on a.id = d.account_id
       where ${Prisma.join(conditions, " and ")}
       order by d.updated_at desc, d.id desc
       limit ${query.limit + 1}`;
    return page(rows, query.limit, (r) => r.updated_at, toListedDeal);
  }

  async pageAccounts(
    teamId: string,
    cursor: ListCursor | undefined,
    limit: number,
  ): Promise<RecordPage<Account>> {
    const rows = await this.db.account.findMany({
      where: { workspaceId: teamId, ...after("createdAt", cursor) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
    });
    return page(
      rows,
      limit,
      (r) => r.createdAt,
      (r) => ({ id: r.id, name: r.name, domain: r.domain, createdAt: r.createdAt }),
    );
  }

  async pageContacts(
    teamId: string,
    cursor: ListCursor | undefined,
    limit: number,
  ): Promise<RecordPage<Contact>> {
    const rows = await this.db.contact.findMany({
      where: { workspaceId: teamId, ...after("createdAt", cursor) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
    });
    return page(
      rows,
      limit,
      (r) => r.createdAt,
      (r) => ({
        id: r.id,
        name: r.name,
        title: r.title,
        email: r.email,
        phone: r.phone,
        accountId: r.accountId,
        createdAt: r.createdAt,
      }),
    );
  }

  async pageProjects(
    teamId: string,
    cursor: ListCursor | undefined,
    limit: number,
  ): Promise<RecordPage<Project>> {
    const rows = await this.db.project.findMany({
      where: { workspaceId: teamId, ...after("updatedAt", cursor) },
      include: projectInclude,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: limit + 1,
    });
    return page(rows, limit, (r) => r.updatedAt, toProject);
  }

  async pageTasks(teamId: string, cursor: ListCursor | undefined, limit: number): Promise<RecordPage<Task>> {
    const rows = await this.db.task.findMany({
      where: { workspaceId: teamId, ...after("updatedAt", cursor) },
      include: taskInclude,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: limit + 1,
    });
    return page(rows, limit, (r) => r.updatedAt, toTask);
  }

  async notes(dealId: string, limit: number): Promise<DealNote[]> {
    const rows = await this.db.dealNote.findMany({
      where: { dealId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
    });
    return rows.map((r) => ({ id: r.id, authorId: r.authorId, body: r.body, createdAt: r.createdAt }));
  }

  async taskIdByNumber(teamId: string, number: number): Promise<string | undefined> {
    const row = await this.db.task.findUnique({
      where: { workspaceId_number: { workspaceId: teamId, number } },
      select: { id: true },
    });
    return row?.id;
  }
}

interface DealListRow {
  id: string;
  number: number;
  name: string;
  account_name: string | null;
  amount: string | null;
  currency: string;
  owner_id: string;
  awaiting_owner: boolean;
  expected_close_date: CalendarDate | null;
  next_step: string | null;
  next_step_date: CalendarDate | null;
  source: string | null;
  lost_reason: string | null;
  stage_entered_at: Date;
  last_activity_at: Date;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  card_channel_id: string | null;
  card_ts: string | null;
  version: number;
  stage_id: string;
  stage_key: string;
  stage_name: string;
  stage_position: number;
  stage_probability: number;
  stage_stale_after_days: number | null;
  stage_kind: "OPEN" | "WON" | "LOST";
  stage_requires_details: boolean;
  contacts: ContactInput[];
}

function toListedDeal(row: DealListRow): Deal {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    accountName: row.account_name,
    amount: row.amount === null ? null : (normaliseAmount(row.amount) ?? row.amount),
    currency: row.currency.trim(),
    stage: toStage({
      id: row.stage_id,
      key: row.stage_key,
      name: row.stage_name,
      position: row.stage_position,
      probability: row.stage_probability,
      staleAfterDays: row.stage_stale_after_days,
      kind: row.stage_kind,
      requiresAmountAndCloseDate: row.stage_requires_details,
    }),
    ownerId: row.owner_id,
    awaitingOwner: row.awaiting_owner,
    expectedCloseDate: row.expected_close_date,
    nextStep: row.next_step,
    nextStepDate: row.next_step_date,
    source: row.source,
    contacts: row.contacts,
    lostReason: row.lost_reason,
    stageEnteredAt: row.stage_entered_at,
    lastActivityAt: row.last_activity_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    card: row.card_channel_id && row.card_ts ? { channelId: row.card_channel_id, ts: row.card_ts } : null,
    version: row.version,
  };
}
