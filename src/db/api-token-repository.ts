import type { ApiAccess } from "../domain/api-access.ts";
import type {
  ApiIdempotencyRepository,
  ApiTokenRecord,
  ApiTokenRepository,
  IdempotencyClaim,
  StoredApiResponse,
} from "../services/ports.ts";
import type { Db } from "./client.ts";
import { Prisma } from "./generated/prisma/client.ts";

type TokenRow = Prisma.ApiTokenGetPayload<object>;

const ACCESS_TO_DB = { read: "READ", read_write: "READ_WRITE" } as const;
const ACCESS_FROM_DB: Record<TokenRow["access"], ApiAccess> = { READ: "read", READ_WRITE: "read_write" };

function toToken(row: TokenRow): ApiTokenRecord {
  return {
    id: row.id,
    teamId: row.workspaceId,
    name: row.name,
    access: ACCESS_FROM_DB[row.access],
    hint: row.hint,
    createdById: row.createdById,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    revokedById: row.revokedById,
    lastUsedAt: row.lastUsedAt,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PrismaApiTokenRepository implements ApiTokenRepository {
  constructor(private readonly db: Db) {}

  async create(record: Parameters<ApiTokenRepository["create"]>[0]): Promise<ApiTokenRecord> {
    const row = await this.db.apiToken.create({
      data: {
        workspaceId: record.teamId,
        name: record.name,
        access: ACCESS_TO_DB[record.access],
        secretHash: record.secretHash,
        hint: record.hint,
        createdById: record.createdById,
        createdAt: record.at,
      },
    });
    return toToken(row);
  }

  async list(teamId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.db.apiToken.findMany({
      where: { workspaceId: teamId },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 200,
    });
    return rows.map(toToken);
  }

  async findById(teamId: string, id: string): Promise<ApiTokenRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.db.apiToken.findFirst({ where: { id, workspaceId: teamId } });
    return row ? toToken(row) : undefined;
  }

  async findByHash(secretHash: string): Promise<ApiTokenRecord | undefined> {
    const row = await this.db.apiToken.findUnique({ where: { secretHash } });
    return row ? toToken(row) : undefined;
  }

  async revoke(teamId: string, id: string, by: string, at: Date): Promise<ApiTokenRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const changed = await this.db.apiToken.updateMany({
      where: { id, workspaceId: teamId, revokedAt: null },
      data: { revokedAt: at, revokedById: by },
    });
    return changed.count === 1 ? this.findById(teamId, id) : undefined;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.db.apiToken.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] },
      data: { lastUsedAt: at },
    });
  }
}

export class PrismaApiIdempotency implements ApiIdempotencyRepository {
  constructor(private readonly db: Db) {}

  async claim(tokenId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    // ON CONFLICT DO NOTHING: of concurrent repeats exactly one inserts, and runs the request.
    const inserted = await this.db.$executeRaw`
      insert into api_idempotency_key (token_id, key, request_hash)
      values (${tokenId}::uuid, ${key}, ${requestHash}) on conflict do nothing`;
    if (inserted === 1) return { kind: "first" };
    const row = await this.db.apiIdempotencyKey.findUnique({ where: { tokenId_key: { tokenId, key } } });
    if (!row) return this.claim(tokenId, key, requestHash); // released meanwhile: try again
    if (row.requestHash !== requestHash) return { kind: "other_request" };
    if (row.status === null) return { kind: "running" };
    return { kind: "repeat", response: { status: row.status, body: row.body } };
  }

  async finish(tokenId: string, key: string, response: StoredApiResponse): Promise<void> {
    await this.db.apiIdempotencyKey.update({
      where: { tokenId_key: { tokenId, key } },
      data: {
        status: response.status,
        body: response.body === undefined ? Prisma.DbNull : (response.body as Prisma.InputJsonValue),
      },
    });
  }

  async release(tokenId: string, key: string): Promise<void> {
    await this.db.apiIdempotencyKey.deleteMany({ where: { tokenId, key, status: null } });
  }
}
