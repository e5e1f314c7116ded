import type { ListCursor } from "../domain/api-access.ts";
import type { Deal } from "../domain/deal.ts";
import type { Project, Task } from "../domain/delivery.ts";
import type { Account, Contact, DealNote } from "../domain/public-records.ts";
import type { DealPageQuery, RecordPage, RecordsRepository } from "../services/ports.ts";
import type { Db } from "./client.ts";
import { dealInclude, toDeal } from "./deal-repository.ts";
import { projectInclude, taskInclude, toProject, toTask } from "./delivery-repository.ts";
import type { Prisma } from "./generated/prisma/client.ts";

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

  async pageDeals(teamId: string, query: DealPageQuery): Promise<RecordPage<Deal>> {
    const where: Prisma.DealWhereInput = {
      workspaceId: teamId,
      ...(query.ownerId ? { ownerId: query.ownerId } : {}),
      ...(query.stageIds ? { stageId: { in: [...query.stageIds] } } : {}),
      ...(query.updatedSince ? { updatedAt: { gte: query.updatedSince } } : {}),
      ...after("updatedAt", query.after),
    };
    const rows = await this.db.deal.findMany({
      where,
      include: dealInclude,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: query.limit + 1,
    });
    return page(rows, query.limit, (r) => r.updatedAt, toDeal);
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
