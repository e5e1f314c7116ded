import { randomUUID } from "node:crypto";
import type { Deal } from "../domain/deal.ts";
import type { DealImportStore, ImportedDealRecord, ImportedDealUpdate } from "../services/ports.ts";
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

/**
 * An import's reads and writes, a batch of rows per statement: at 50,000 rows, one statement
 * per deal would take minutes.
 */
export class PrismaDealImportStore implements DealImportStore {
  constructor(private readonly db: Db) {}

  async refreshStatistics(): Promise<void> {
    await this.db.$executeRaw`analyze deal, account`;
  }

  async findExisting(
    teamId: string,
    query: {
      readonly creationKeys: readonly string[];
      readonly numbers: readonly number[];
      readonly namesAndCompanies: ReadonlyArray<{ readonly name: string; readonly company: string }>;
    },
  ): Promise<Array<{ deal: Deal; creationKey: string | null }>> {
    const ids = new Set<string>();
    for (const keys of slices(query.creationKeys)) {
      const rows = await this.db.$queryRaw<Array<{ id: string }>>`
        select id from deal where workspace_id = ${teamId} and creation_key = any(${keys}::text[])`;
      for (const row of rows) ids.add(row.id);
    }
    for (const numbers of slices(query.numbers)) {
      const rows = await this.db.$queryRaw<Array<{ id: string }>>`
        select id from deal where workspace_id = ${teamId} and number = any(${numbers}::int[])`;
      for (const row of rows) ids.add(row.id);
    }
    for (const pairs of slices(query.namesAndCompanies)) {
      // By name through its index (deal.name_key, kept by PostgreSQL), then the company.
      const names = pairs.map((p) => p.name);
      const companies = pairs.map((p) => p.company);
      const rows = await this.db.$queryRaw<Array<{ id: string }>>`
        select d.id from deal d left join account a on a.id = d.account_id
          join unnest(${names}::text[], ${companies}::text[]) as wanted(name, company)
            on d.name_key = wanted.name and coalesce(a.name_key, '') = wanted.company
         where d.workspace_id = ${teamId}`;
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
      number: firstNumber + index,
      accountId: record.accountName ? (accountIds.get(nameKey(record.accountName)) ?? null) : null,
      record,
    }));
    const column = <T>(pick: (deal: (typeof deals)[number]) => T) => deals.map(pick);
    // One statement per table, the rows as arrays: Prisma's createMany builds (and compiles) a
    // statement with a parameter per cell, which at 50,000 rows took most of two minutes.
    await this.db.$executeRaw`
      insert into deal (id, workspace_id, number, name, account_id, amount, currency, stage_id, owner_id,
                        expected_close_date, next_step, source, closed_at, created_by_id, creation_key,
                        stage_entered_at, last_activity_at, created_at, updated_at)
      select v.id, ${teamId}, v.number, v.name, v.account_id, v.amount, v.currency, v.stage_id, v.owner_id,
             v.close_date, v.next_step, v.source, case when v.closed then ${note.at}::timestamptz end,
             ${note.authorId}, v.creation_key, ${note.at}::timestamptz, ${note.at}::timestamptz,
             ${note.at}::timestamptz, ${note.at}::timestamptz
        from unnest(${column((d) => d.id)}::uuid[], ${column((d) => d.number)}::int[],
                    ${column((d) => d.record.name)}::text[], ${column((d) => d.accountId)}::uuid[],
                    ${column((d) => d.record.amount)}::numeric[], ${column((d) => d.record.currency)}::text[],
                    ${column((d) => d.record.stage.id)}::uuid[], ${column((d) => d.record.ownerId)}::text[],
                    ${column((d) => d.record.expectedCloseDate)}::date[], ${column((d) => d.record.nextStep)}::text[],
                    ${column((d) => d.record.source)}::text[], ${column((d) => d.record.stage.kind !== "open")}::bool[],
                    ${column((d) => d.record.creationKey)}::text[])
             as v(id, number, name, account_id, amount, currency, stage_id, owner_id, close_date, next_step,
                  source, closed, creation_key)`;
    await this.db.$executeRaw`
      insert into deal_stage_change (deal_id, from_stage_id, to_stage_id, changed_by_id, changed_at)
      select v.deal_id, null, v.stage_id, ${note.authorId}, ${note.at}::timestamptz
        from unnest(${column((d) => d.id)}::uuid[], ${column((d) => d.record.stage.id)}::uuid[]) as v(deal_id, stage_id)`;
    await this.db.$executeRaw`
      insert into deal_note (id, deal_id, author_id, body, created_at)
      select gen_random_uuid(), v.deal_id, ${note.authorId}, ${note.body}, ${note.at}::timestamptz
        from unnest(${column((d) => d.id)}::uuid[]) as v(deal_id)`;
    await this.linkContacts(
      teamId,
      deals.flatMap((deal) => deal.record.contacts.map((contact, position) => ({ deal, contact, position }))),
    );
  }

  async updateImported(
    teamId: string,
    updates: readonly ImportedDealUpdate[],
    change: { readonly actorId: string; readonly at: Date },
  ): Promise<void> {
    if (updates.length === 0) return;
    const accountIds = await this.accountIds(
      teamId,
      updates.flatMap((u) => (u.accountName ? [u.accountName] : [])),
    );
    const accountOf = (u: ImportedDealUpdate) =>
      u.accountName ? (accountIds.get(nameKey(u.accountName)) ?? null) : null;
    const given = (key: keyof ImportedDealUpdate) => updates.map((u) => u[key] !== undefined);
    const value = <T>(pick: (u: ImportedDealUpdate) => T) => updates.map(pick);
    const at = change.at;
    // Each column keeps its value unless the file changed it (set_…): one statement for the batch.
    await this.db.$executeRaw`
      update deal d set
        name = case when v.set_name then v.name else d.name end,
        account_id = case when v.set_account then v.account_id else d.account_id end,
        amount = case when v.set_amount then v.amount else d.amount end,
        currency = case when v.set_currency then v.currency else d.currency end,
        owner_id = case when v.set_owner then v.owner_id else d.owner_id end,
        awaiting_owner = case when v.set_owner then false else d.awaiting_owner end,
        expected_close_date = case when v.set_close then v.close_date else d.expected_close_date end,
        next_step = case when v.set_next_step then v.next_step else d.next_step end,
        source = case when v.set_source then v.source else d.source end,
        stage_id = coalesce(v.stage_id, d.stage_id),
        stage_entered_at = case when v.stage_id is null then d.stage_entered_at else ${at}::timestamptz end,
        closed_at = case when v.stage_id is null then d.closed_at when v.closed then ${at}::timestamptz end,
        last_activity_at = ${at}::timestamptz, updated_at = ${at}::timestamptz, version = d.version + 1
      from unnest(${value((u) => u.dealId)}::uuid[],
                  ${given("name")}::bool[], ${value((u) => u.name ?? null)}::text[],
                  ${given("accountName")}::bool[], ${value(accountOf)}::uuid[],
                  ${given("amount")}::bool[], ${value((u) => u.amount ?? null)}::numeric[],
                  ${given("currency")}::bool[], ${value((u) => u.currency ?? null)}::text[],
                  ${given("ownerId")}::bool[], ${value((u) => u.ownerId ?? null)}::text[],
                  ${given("expectedCloseDate")}::bool[], ${value((u) => u.expectedCloseDate ?? null)}::date[],
                  ${given("nextStep")}::bool[], ${value((u) => u.nextStep ?? null)}::text[],
                  ${given("source")}::bool[], ${value((u) => u.source ?? null)}::text[],
                  ${value((u) => u.move?.to.id ?? null)}::uuid[],
                  ${value((u) => (u.move ? u.move.to.kind !== "open" : false))}::bool[])
        as v(id, set_name, name, set_account, account_id, set_amount, amount, set_currency, currency,
             set_owner, owner_id, set_close, close_date, set_next_step, next_step, set_source, source,
             stage_id, closed)
      where d.id = v.id and d.workspace_id = ${teamId}`;
    const moves = updates.flatMap((u) => (u.move ? [{ dealId: u.dealId, ...u.move }] : []));
    await this.db.$executeRaw`
      insert into deal_stage_change (deal_id, from_stage_id, to_stage_id, changed_by_id, changed_at)
      select v.deal_id, v.from_stage_id, v.to_stage_id, ${change.actorId}, ${at}::timestamptz
        from unnest(${moves.map((m) => m.dealId)}::uuid[], ${moves.map((m) => m.fromStageId)}::uuid[],
                    ${moves.map((m) => m.to.id)}::uuid[]) as v(deal_id, from_stage_id, to_stage_id)`;
    const withContact = updates.filter((u) => u.newContact);
    if (withContact.length === 0) return;
    // A new contact belongs to the deal's company as it is now, changed by this update or not.
    const accounts = await this.db.$queryRaw<Array<{ id: string; account_id: string | null }>>`
      select id, account_id from deal where id = any(${withContact.map((u) => u.dealId)}::uuid[])`;
    const accountOfDeal = new Map(accounts.map((row) => [row.id, row.account_id]));
    await this.linkContacts(
      teamId,
      withContact.map((u) => ({
        deal: { id: u.dealId, accountId: accountOfDeal.get(u.dealId) ?? null },
        ...u.newContact!,
      })),
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
    const keys = [...byKey.keys()];
    await this.db.$executeRaw`
      insert into account (id, workspace_id, name, name_key)
      select gen_random_uuid(), ${teamId}, v.name, v.name_key
        from unnest(${[...byKey.values()]}::text[], ${keys}::text[]) as v(name, name_key)
      on conflict (workspace_id, name_key) do nothing`;
    const rows = await this.db.$queryRaw<Array<{ id: string; name_key: string }>>`
      select id, name_key from account where workspace_id = ${teamId} and name_key = any(${keys}::text[])`;
    return new Map(rows.map((r) => [r.name_key, r.id]));
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
    await this.db.$executeRaw`
      insert into contact (id, workspace_id, account_id, name, email)
      select * from unnest(${created.map((c) => c.id)}::uuid[], ${created.map((c) => c.workspaceId)}::text[],
                           ${created.map((c) => c.accountId)}::uuid[], ${created.map((c) => c.name)}::text[],
                           ${created.map((c) => c.email)}::text[])`;
    await this.db.$executeRaw`
      insert into deal_contact (deal_id, contact_id, position)
      select * from unnest(${dealContacts.map((c) => c.dealId)}::uuid[], ${dealContacts.map((c) => c.contactId)}::uuid[],
                           ${dealContacts.map((c) => c.position)}::int[])
      on conflict do nothing`;
  }
}
