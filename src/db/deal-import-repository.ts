import { randomUUID } from "node:crypto";
import type { Deal } from "../domain/deal.ts";
import type { DealImportStore, ImportedDealRecord } from "../services/ports.ts";
import type { Db } from "./client.ts";
import { PrismaDealRepository } from "./deal-repository.ts";

/** Lookups go in slices: PostgreSQL takes at most 65,535 parameters in one statement. */
const SLICE = 5_000;

function slices<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE) out.push(items.slice(i, i + SLICE));
  return out;
}

function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, " ");
}

function calendarDate(value: string | null): Date | null {
  return value === null ? null : new Date(`${value}T00:00:00.000Z`);
}

/**
 * An import's reads and writes, a batch of rows per statement: at 50,000 rows, one statement
 * per deal would take minutes.
 */
export class PrismaDealImportStore implements DealImportStore {
  constructor(private readonly db: Db) {}

  async findExisting(
    teamId: string,
    query: {
      readonly creationKeys: readonly string[];
      readonly numbers: readonly number[];
      readonly namesAndCompanies: readonly string[];
    },
  ): Promise<Array<{ deal: Deal; creationKey: string | null }>> {
    const ids = new Set<string>();
    for (const keys of slices(query.creationKeys)) {
      const rows = await this.db.deal.findMany({
        where: { workspaceId: teamId, creationKey: { in: keys } },
        select: { id: true },
      });
      for (const row of rows) ids.add(row.id);
    }
    for (const numbers of slices(query.numbers)) {
      const rows = await this.db.deal.findMany({
        where: { workspaceId: teamId, number: { in: numbers } },
        select: { id: true },
      });
      for (const row of rows) ids.add(row.id);
    }
    for (const keys of slices(query.namesAndCompanies)) {
      const rows = await this.db.$queryRaw<Array<{ id: string }>>`
        select d.id from deal d left join account a on a.id = d.account_id
         where d.workspace_id = ${teamId}
           and lower(regexp_replace(btrim(d.name), '\\s+', ' ', 'g')) || '|' || coalesce(a.name_key, '') = any(${keys}::text[])`;
      for (const row of rows) ids.add(row.id);
    }
    if (ids.size === 0) return [];
    const found: Array<{ deal: Deal; creationKey: string | null }> = [];
    const deals = new PrismaDealRepository(this.db);
    for (const chunk of slices([...ids])) {
      const keys = await this.db.deal.findMany({
        where: { id: { in: chunk } },
        select: { id: true, creationKey: true },
      });
      const keyOf = new Map(keys.map((k) => [k.id, k.creationKey]));
      for (const deal of await deals.byIdsInOrder(chunk)) {
        found.push({ deal, creationKey: keyOf.get(deal.id) ?? null });
      }
    }
    return found;
  }

  async createImported(
    teamId: string,
    records: readonly ImportedDealRecord[],
    note: { readonly authorId: string; readonly body: string; readonly at: Date },
  ): Promise<void> {
    if (records.length === 0) return;
    const [{ last }] = await this.db.$queryRaw<Array<{ last: number }>>`
      update workspace set last_deal_number = last_deal_number + ${records.length}
       where id = ${teamId} returning last_deal_number as last`;
    const firstNumber = last - records.length + 1;
    const accountIds = await this.accountIds(
      teamId,
      records.flatMap((r) => (r.accountName ? [r.accountName] : [])),
    );
    const deals = records.map((record, index) => ({
      id: randomUUID(),
      workspaceId: teamId,
      number: firstNumber + index,
      name: record.name,
      accountId: record.accountName ? (accountIds.get(nameKey(record.accountName)) ?? null) : null,
      amount: record.amount,
      currency: record.currency,
      stageId: record.stage.id,
      ownerId: record.ownerId,
      expectedCloseDate: calendarDate(record.expectedCloseDate),
      nextStep: record.nextStep,
      source: record.source,
      closedAt: record.stage.kind === "open" ? null : record.at,
      createdById: record.createdById,
      creationKey: record.creationKey,
      stageEnteredAt: record.at,
      lastActivityAt: record.at,
      createdAt: record.at,
    }));
    await this.db.deal.createMany({ data: deals });
    await this.db.dealStageChange.createMany({
      data: deals.map((deal) => ({
        dealId: deal.id,
        fromStageId: null,
        toStageId: deal.stageId,
        changedById: note.authorId,
        changedAt: note.at,
      })),
    });
    await this.db.dealNote.createMany({
      data: deals.map((deal) => ({
        dealId: deal.id,
        authorId: note.authorId,
        body: note.body,
        createdAt: note.at,
      })),
    });
    await this.linkContacts(
      teamId,
      records.flatMap((record, index) =>
        record.contacts.map((contact, position) => ({ deal: deals[index]!, contact, position })),
      ),
    );
  }

  async peopleWithNames(teamId: string): Promise<Array<{ userId: string; name: string }>> {
    const rows = await this.db.person.findMany({
      where: { workspaceId: teamId, name: { not: null } },
      select: { slackUserId: true, name: true },
    });
    return rows.map((r) => ({ userId: r.slackUserId, name: r.name! }));
  }

  async exportPage(
    teamId: string,
    filter: { readonly ownerId?: string; readonly stageIds?: readonly string[] },
    afterNumber: number,
    limit: number,
  ): Promise<Deal[]> {
    const rows = await this.db.deal.findMany({
      where: {
        workspaceId: teamId,
        number: { gt: afterNumber },
        ...(filter.ownerId ? { ownerId: filter.ownerId } : {}),
        ...(filter.stageIds ? { stageId: { in: [...filter.stageIds] } } : {}),
      },
      select: { id: true },
      orderBy: { number: "asc" },
      take: limit,
    });
    return new PrismaDealRepository(this.db).byIdsInOrder(rows.map((r) => r.id));
  }

  /** One account per company name, as PrismaDealRepository keeps them. */
  private async accountIds(teamId: string, names: readonly string[]): Promise<Map<string, string>> {
    const byKey = new Map<string, string>();
    for (const name of names) if (!byKey.has(nameKey(name))) byKey.set(nameKey(name), name.trim());
    if (byKey.size === 0) return new Map();
    await this.db.account.createMany({
      data: [...byKey].map(([key, name]) => ({ workspaceId: teamId, name, nameKey: key })),
      skipDuplicates: true,
    });
    const rows = await this.db.account.findMany({
      where: { workspaceId: teamId, nameKey: { in: [...byKey.keys()] } },
      select: { id: true, nameKey: true },
    });
    return new Map(rows.map((r) => [r.nameKey, r.id]));
  }

  /** The same person (by email) is one contact however many deals they are on. */
  private async linkContacts(
    teamId: string,
    links: ReadonlyArray<{
      deal: { id: string; accountId: string | null };
      contact: ImportedDealRecord["contacts"][number];
      position: number;
    }>,
  ): Promise<void> {
    if (links.length === 0) return;
    const emails = [
      ...new Set(links.flatMap((l) => (l.contact.email ? [l.contact.email.toLowerCase()] : []))),
    ];
    const idByEmail = new Map<string, string>();
    for (const chunk of slices(emails)) {
      const rows = await this.db.$queryRaw<Array<{ id: string; email: string }>>`
        select distinct on (lower(email)) id, lower(email) as email from contact
         where workspace_id = ${teamId} and lower(email) = any(${chunk}::text[])
         order by lower(email), created_at`;
      for (const row of rows) idByEmail.set(row.email, row.id);
    }
    const created: Array<{
      id: string;
      workspaceId: string;
      accountId: string | null;
      name: string;
      email: string | null;
    }> = [];
    const dealContacts = links.map(({ deal, contact, position }) => {
      const email = contact.email?.toLowerCase();
      let contactId = email ? idByEmail.get(email) : undefined;
      if (!contactId) {
        contactId = randomUUID();
        created.push({
          id: contactId,
          workspaceId: teamId,
          accountId: deal.accountId,
          name: contact.name,
          email: contact.email,
        });
        if (email) idByEmail.set(email, contactId);
      }
      return { dealId: deal.id, contactId, position };
    });
    await this.db.contact.createMany({ data: created });
    await this.db.dealContact.createMany({ data: dealContacts, skipDuplicates: true });
  }
}
