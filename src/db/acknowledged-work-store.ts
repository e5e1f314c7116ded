import type { AbandonedRequest, AcknowledgedWorkJournal } from "../services/ports.ts";
import type { Db } from "./client.ts";

/**
 * The journal of acknowledged work (acknowledged_request): one insert before the ack, one
 * update when the work is done, a lease extended while it runs. What an instance leaves
 * unfinished when it dies is claimed, once, by another after the lease lapses.
 */
export class PrismaAcknowledgedWork implements AcknowledgedWorkJournal {
  constructor(private readonly db: Db) {}

  /** False when the request is already journaled (Slack's retry, or a replay of it). */
  async record(
    key: string,
    workspaceId: string,
    body: unknown,
    owner: string,
    lockedUntil: Date,
  ): Promise<boolean> {
    const inserted = await this.db.$executeRaw`
      insert into acknowledged_request (key, workspace_id, body, locked_by, locked_until)
      values (${key}, ${workspaceId}, ${JSON.stringify(body)}::jsonb, ${owner}::uuid, ${lockedUntil})
      on conflict (key) do nothing`;
    return inserted === 1;
  }

  async extend(keys: readonly string[], owner: string, lockedUntil: Date): Promise<void> {
    if (keys.length === 0) return;
    await this.db.$executeRaw`
      update acknowledged_request set locked_until = ${lockedUntil}
       where key = any(${[...keys]}::text[]) and locked_by = ${owner}::uuid and finished_at is null`;
  }

  async finish(key: string, owner: string, at: Date): Promise<void> {
    await this.db.$executeRaw`
      update acknowledged_request set finished_at = ${at}
       where key = ${key} and locked_by = ${owner}::uuid and finished_at is null`;
  }

  /** Unfinished work whose holder stopped extending its lease, now held by `owner`. */
  async claimAbandoned(
    workspaceIds: readonly string[],
    owner: string,
    now: Date,
    lockedUntil: Date,
    limit: number,
    maxAttempts: number,
  ): Promise<AbandonedRequest[]> {
    const rows = await this.db.$queryRaw<{ key: string; body: Record<string, unknown>; attempts: number }[]>`
      update acknowledged_request r
         set locked_by = ${owner}::uuid, locked_until = ${lockedUntil}, attempts = r.attempts + 1
       where r.key in (
         select key from acknowledged_request
          where finished_at is null and locked_until < ${now} and attempts <= ${maxAttempts}
            and workspace_id = any(${[...workspaceIds]}::text[])
          order by received_at
          limit ${limit}
          for update skip locked)
      returning r.key, r.body, r.attempts`;
    return rows;
  }

  /** Acknowledged and not finished yet, across instances: how far work is backed up. */
  async backlog(workspaceId: string): Promise<number> {
    const [row] = await this.db.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from acknowledged_request where finished_at is null and workspace_id = ${workspaceId}`;
    return row?.n ?? 0;
  }
}
