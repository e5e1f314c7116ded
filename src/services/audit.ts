import type { ApiVia } from "../domain/api-access.ts";
import type { AuditEntry, TransactionRepositories } from "./ports.ts";

/** Who changed something, as the audit log records it: a person (or the app: null), maybe through an API token. */
export interface AuditActor {
  readonly teamId: string;
  readonly userId: string | null;
  readonly via?: ApiVia | undefined;
}

/** What changed; who changed it is the AuditActor's. */
export type AuditedChange = Omit<AuditEntry, "teamId" | "actorId" | "via">;

/** One entry of the audit log, in the caller's transaction: it is kept if and only if the change is. */
export function recordAudit(
  tx: TransactionRepositories,
  actor: AuditActor,
  change: AuditedChange,
): Promise<void> {
  return tx.audit.record({ teamId: actor.teamId, actorId: actor.userId, ...change, via: actor.via });
}

/** The named fields of a record, for an audit entry's before and after. */
export function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}
