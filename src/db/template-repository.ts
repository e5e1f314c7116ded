import type { Template, TemplateDefinition } from "../domain/delivery.ts";
import type { NewTemplateRecord, TemplateChanges, TemplateRepository } from "../services/ports.ts";
import type { Db } from "./client.ts";
import { PrismaDeliveryRepository } from "./delivery-repository.ts";
import type { Prisma } from "./generated/prisma/client.ts";

const templateSelect = {
  id: true,
  key: true,
  name: true,
  description: true,
  definition: true,
  version: true,
  isDefault: true,
} as const;

type TemplateRow = Prisma.TemplateGetPayload<{ select: typeof templateSelect }>;

function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    // Only validated definitions are ever written (TemplateService, the seeded default).
    definition: row.definition as unknown as TemplateDefinition,
    version: row.version,
    isDefault: row.isDefault,
  };
}

function toJson(definition: TemplateDefinition): Prisma.InputJsonValue {
  return definition as unknown as Prisma.InputJsonValue;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PrismaTemplateRepository implements TemplateRepository {
  constructor(private readonly db: Db) {}

  list(teamId: string, defaults: readonly Omit<Template, "id" | "version">[]): Promise<Template[]> {
    // One place seeds the defaults, so the handoff form and /handoff templates agree.
    return new PrismaDeliveryRepository(this.db).templates(teamId, defaults);
  }

  async lockWorkspace(teamId: string): Promise<void> {
    // A transaction-scoped advisory lock: it doesn't touch the workspace row, which project
    // creation updates for its numbers.
    await this.db.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`template:${teamId}`}, 0))`;
  }

  async findById(teamId: string, id: string): Promise<Template | undefined> {
    // A malformed id (a tampered button value) would make PostgreSQL reject the uuid cast.
    if (!UUID.test(id)) return undefined;
    const row = await this.db.template.findFirst({
      where: { id, workspaceId: teamId },
      select: templateSelect,
    });
    return row ? toTemplate(row) : undefined;
  }

  async findByKey(teamId: string, key: string): Promise<Template | undefined> {
    const row = await this.db.template.findUnique({
      where: { workspaceId_key: { workspaceId: teamId, key } },
      select: templateSelect,
    });
    return row ? toTemplate(row) : undefined;
  }

  async create(record: NewTemplateRecord): Promise<Template | undefined> {
    // ON CONFLICT DO NOTHING: a taken key must not abort the surrounding transaction.
    const rows = await this.db.template.createManyAndReturn({
      data: [
        {
          workspaceId: record.teamId,
          key: record.key,
          name: record.name,
          description: record.description,
          definition: toJson(record.definition),
          isDefault: record.isDefault,
          createdAt: record.at,
          updatedAt: record.at,
        },
      ],
      select: templateSelect,
      skipDuplicates: true,
    });
    const row = rows[0];
    return row ? toTemplate(row) : undefined;
  }

  async update(id: string, changes: TemplateChanges): Promise<Template> {
    const row = await this.db.template.update({
      where: { id },
      data: {
        name: changes.name,
        definition: toJson(changes.definition),
        isDefault: changes.isDefault,
        version: { increment: 1 },
        updatedAt: changes.at,
      },
      select: templateSelect,
    });
    return toTemplate(row);
  }

  async clearDefaultExcept(teamId: string, id: string): Promise<Template[]> {
    const rows = await this.db.template.updateManyAndReturn({
      where: { workspaceId: teamId, isDefault: true, id: { not: id } },
      data: { isDefault: false },
      select: templateSelect,
    });
    return rows.map(toTemplate);
  }
}
