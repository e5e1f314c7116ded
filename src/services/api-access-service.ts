import {
  API_TOKEN_NAME_LIMIT,
  API_TOKEN_PREFIX,
  type ApiAccess,
  accessAllows,
  bearerToken,
  hashSecret,
  issueSecret,
} from "../domain/api-access.ts";
import type { Actor } from "../domain/deal.ts";
import { storableText } from "../domain/limits.ts";
import { AppError } from "../lib/app-error.ts";
import type { Clock } from "../lib/clock.ts";
import { recordAudit } from "./audit.ts";
import type {
  ApiIdempotencyRepository,
  ApiTokenRecord,
  ApiTokenRepository,
  IdempotencyClaim,
  StoredApiResponse,
  TransactionRepositories,
  UnitOfWork,
} from "./ports.ts";

export interface ApiAdmin extends Actor {
  readonly teamId: string;
}

/** How often a token's "last used" is written at most: not a write per request. */
const LAST_USED_EVERY_MS = 60_000;

/**
 * How long an instance trusts a token it looked up, as it does a person's role
 * (ACTOR_CACHE_MS): a revoke here takes effect at once, on other instances within this.
 */
export const TOKEN_CACHE_MS = 5_000;

/**
 * API tokens: admins create (the secret is shown once, only its hash is kept), list and revoke
 * them, each change audited; the API authenticates each request's bearer token here.
 */
export class ApiAccessService {
  private readonly lastUsedWritten = new Map<string, number>();
  private readonly known = new Map<string, { token: ApiTokenRecord; until: number }>();

  constructor(
    private readonly deps: {
      tokens: ApiTokenRepository;
      idempotency: ApiIdempotencyRepository;
      unitOfWork: UnitOfWork;
      clock: Clock;
      /** The workspace's admins, named when someone else asks. */
      adminIds: (teamId: string) => Promise<readonly string[]>;
    },
  ) {}

  /** Refuses anyone but an admin, saying who can. */
  async assertCanManage(actor: ApiAdmin): Promise<void> {
    if (actor.role === "admin") return;
    const admins = await this.deps.adminIds(actor.teamId);
    throw new AppError("admin.required", { action: "manage_api", admins: [...admins] });
  }

  async list(actor: ApiAdmin): Promise<ApiTokenRecord[]> {
    await this.assertCanManage(actor);
    return this.deps.tokens.list(actor.teamId);
  }

  /** A new token and its secret, which is never stored and cannot be shown again. */
  async create(
    actor: ApiAdmin,
    input: { name: string; access: ApiAccess },
  ): Promise<{ token: ApiTokenRecord; secret: string }> {
    await this.assertCanManage(actor);
    const name = storableText(input.name).replace(/\s+/g, " ");
    if (!name || name.length > API_TOKEN_NAME_LIMIT)
      throw new AppError("api.token_name_invalid", { field: "name", limit: API_TOKEN_NAME_LIMIT });
    const issued = issueSecret(API_TOKEN_PREFIX);
    const now = this.deps.clock.now();
    const token = await this.deps.unitOfWork.run(async (tx) => {
      const created = await tx.apiTokens.create({
        teamId: actor.teamId,
        name,
        access: input.access,
        secretHash: issued.hash,
        hint: issued.hint,
        createdById: actor.userId,
        at: now,
      });
      await audit(tx, actor, "api_token.created", created, null, { name, access: input.access }, now);
      return created;
    });
    return { token, secret: issued.secret };
  }

  async revoke(actor: ApiAdmin, tokenId: string): Promise<ApiTokenRecord> {
    await this.assertCanManage(actor);
    const now = this.deps.clock.now();
    return this.deps.unitOfWork.run(async (tx) => {
      const revoked = await tx.apiTokens.revoke(actor.teamId, tokenId, actor.userId, now);
      if (!revoked) {
        const existing = await tx.apiTokens.findById(actor.teamId, tokenId);
        if (existing) return existing; // revoked already: a second click changes nothing
        throw new AppError("api.token_gone", {});
      }
      await audit(tx, actor, "api_token.revoked", revoked, { revokedAt: null }, { revokedAt: now }, now);
      for (const [hash, entry] of this.known) if (entry.token.id === tokenId) this.known.delete(hash);
      return revoked;
    });
  }

  /** The token of an `Authorization` header, if it is one in use. */
  async authenticate(authorization: string | undefined): Promise<ApiTokenRecord> {
    const bearer = bearerToken(authorization);
    if ("problem" in bearer) throw new AppError("api.unauthenticated", { problem: bearer.problem });
    const hash = hashSecret(bearer.token);
    const now = Date.now();
    const cached = this.known.get(hash);
    const token = cached && cached.until > now ? cached.token : await this.deps.tokens.findByHash(hash);
    if (!token) throw new AppError("api.unauthenticated", { problem: "unknown" });
    if (!cached || cached.until <= now) {
      if (this.known.size > 1_000) this.known.clear();
      this.known.set(hash, { token, until: now + TOKEN_CACHE_MS });
    }
    if (token.revokedAt) throw new AppError("api.unauthenticated", { problem: "revoked" });
    this.noteUse(token);
    return token;
  }

  /** Reads need any token; changes need a read-write one. */
  assertAllows(token: ApiTokenRecord, method: string): void {
    if (!accessAllows(token.access, method)) throw new AppError("api.read_only", { tokenName: token.name });
  }

  claimIdempotencyKey(token: ApiTokenRecord, key: string, requestHash: string): Promise<IdempotencyClaim> {
    return this.deps.idempotency.claim(token.id, key, requestHash);
  }

  rememberResponse(token: ApiTokenRecord, key: string, response: StoredApiResponse): Promise<void> {
    return this.deps.idempotency.finish(token.id, key, response);
  }

  forgetIdempotencyKey(token: ApiTokenRecord, key: string): Promise<void> {
    return this.deps.idempotency.release(token.id, key);
  }

  private noteUse(token: ApiTokenRecord): void {
    const now = this.deps.clock.now();
    const last = this.lastUsedWritten.get(token.id) ?? 0;
    if (now.getTime() - last < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(token.id, now.getTime());
    // Best effort: "last used" is a hint in a list, never worth failing a request over.
    this.deps.tokens.markUsed(token.id, now).catch(() => this.lastUsedWritten.delete(token.id));
  }
}

async function audit(
  tx: TransactionRepositories,
  actor: ApiAdmin,
  action: string,
  token: ApiTokenRecord,
  before: unknown,
  after: unknown,
  at: Date,
): Promise<void> {
  return recordAudit(tx, actor, { action, entityType: "api_token", entityId: token.id, before, after, at });
}
