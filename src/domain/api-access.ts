import { createHash, randomBytes } from "node:crypto";

/**
 * API tokens and lead-hook secrets: shown once, stored only as a SHA-256 hash (a token is 256
 * random bits, so a plain hash is enough: there is nothing to guess), recognisable by prefix
 * in logs and secret scanners.
 */

export const API_TOKEN_PREFIX = "hnd_";
export const LEAD_HOOK_PREFIX = "hlh_";

export type ApiAccess = "read" | "read_write";

/** The token a change came through: history and audit say "via API token <name>". */
export interface ApiVia {
  readonly tokenId: string;
  readonly name: string;
}

/** An API token as Handoff keeps it: everything but its secret (only a hash is stored). */
export interface ApiToken {
  readonly id: string;
  readonly teamId: string;
  readonly name: string;
  readonly access: ApiAccess;
  /** The secret's last characters, to tell tokens apart in a list. */
  readonly hint: string;
  readonly createdById: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  readonly revokedById: string | null;
  readonly lastUsedAt: Date | null;
}

/** A token's name: shown in lists and in history, so short and single-line. */
export const API_TOKEN_NAME_LIMIT = 60;

export interface IssuedSecret {
  /** Shown to the person once, never stored. */
  readonly secret: string;
  readonly hash: string;
  /** The last characters, to tell tokens apart in a list. */
  readonly hint: string;
}

export function issueSecret(prefix: typeof API_TOKEN_PREFIX | typeof LEAD_HOOK_PREFIX): IssuedSecret {
  const secret = `${prefix}${randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashSecret(secret), hint: secret.slice(-4) };
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export type BearerProblem = "missing" | "malformed";

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): { token: string } | { problem: BearerProblem } {
  if (header === undefined || header.trim() === "") return { problem: "missing" };
  const match = /^Bearer\s+(hnd_[A-Za-z0-9_-]{43})\s*$/i.exec(header);
  return match ? { token: match[1]! } : { problem: "malformed" };
}

/** Reads need any token; anything that changes data needs a read-write one. */
export function accessAllows(access: ApiAccess, method: string): boolean {
  return access === "read_write" || ["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

/**
 * A list's position, opaque to callers: the last row's sort key. Keyset pagination stays
 * correct while rows are added and fast at any depth (no OFFSET).
 */
export interface ListCursor {
  readonly updatedAt: Date;
  readonly id: string;
}

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedAt.toISOString(), cursor.id])).toString("base64url");
}

export function decodeCursor(text: string): ListCursor | undefined {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, id] = value as unknown[];
    if (typeof at !== "string" || typeof id !== "string" || id === "" || id.length > 64) return undefined;
    const updatedAt = new Date(at);
    return Number.isNaN(updatedAt.getTime()) || updatedAt.toISOString() !== at
      ? undefined
      : { updatedAt, id };
  } catch {
    return undefined;
  }
}
