import { randomUUID } from "node:crypto";
import type { EffectClaim, EffectStore } from "../services/ports.ts";
import { type QueuedEffect, rendersCurrentState, type SlackEffectIntent } from "../services/slack-effects.ts";
import type { Db } from "./client.ts";

export class PrismaEffectStore implements EffectStore {
  constructor(private readonly db: Db) {}

  async claimDue(limit: number, lockMs: number, now: Date, claim: EffectClaim = {}): Promise<QueuedEffect[]> {
    const lockedUntil = new Date(now.getTime() + lockMs);
    const owner = claim.owner ?? randomUUID();
    const workspaces = claim.workspaceIds ? [...claim.workspaceIds] : null;
    // The oldest pending effect of each ordering key is the only candidate (order within a
    // thread); the UPDATE re-checks locked_until under the row lock, so two instances never
    // claim the same effect. The same statement reads what waits behind each claimed effect
    // in its key, as committed before the message is rendered: its later identical copies and
    // how many effects wait in all. locked_by names this claim: only it may deliver and record.
    const rows = await this.db.$queryRaw<
      {
        id: bigint;
        workspace_id: string;
        payload: SlackEffectIntent;
        attempts: number;
        in_doubt_since: Date | null;
        copies: bigint[];
        waiting: number;
      }[]
    >`
      with claimed as (
        update slack_effect e
           set locked_until = ${lockedUntil}, locked_by = ${owner}::uuid, attempts = e.attempts + 1
         where e.id in (
           select c.id from (
             select distinct on (ordering_key) id, next_attempt_at, locked_until
               from slack_effect
              where status = 'PENDING' and (${workspaces}::text[] is null or workspace_id = any(${workspaces}::text[]))
              order by ordering_key, id
           ) c
           where c.next_attempt_at <= ${now} and (c.locked_until is null or c.locked_until < ${now})
           order by c.id
           limit ${limit})
           and (e.locked_until is null or e.locked_until < ${now})
        returning e.id, e.workspace_id, e.ordering_key, e.payload, e.attempts, e.in_doubt_since)
      select c.id, c.workspace_id, c.payload, c.attempts, c.in_doubt_since,
             coalesce(array_agg(s.id order by s.id) filter (where s.payload = c.payload), '{}') as copies,
             count(s.id)::int as waiting
        from claimed c
        left join slack_effect s on s.ordering_key = c.ordering_key and s.id > c.id and s.status = 'PENDING'
       group by c.id, c.workspace_id, c.payload, c.attempts, c.in_doubt_since
       order by c.id`;
    return rows.map((r) => {
      const supersedes = rendersCurrentState(r.payload) ? r.copies.map(String) : [];
      return {
        id: r.id.toString(),
        teamId: r.workspace_id,
        intent: r.payload,
        attempts: r.attempts,
        ...(supersedes.length > 0 ? { supersedes } : {}),
        ...(r.waiting > supersedes.length ? { followedBy: r.waiting - supersedes.length } : {}),
        ...(r.in_doubt_since ? { inDoubtSince: r.in_doubt_since } : {}),
      };
    });
  }

  async extendLocks(ids: readonly string[], owner: string, lockedUntil: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.$queryRaw<{ id: bigint }[]>`
      update slack_effect set locked_until = ${lockedUntil}
       where id = any(${ids}::bigint[]) and locked_by = ${owner}::uuid and status = 'PENDING'
      returning id`;
    return rows.map((r) => r.id.toString());
  }

  async markDelivered(effect: QueuedEffect, now: Date, owner?: string): Promise<boolean> {
    const superseded = effect.supersedes ?? [];
    // Its copies count as delivered only with it: a claim that lost the row records nothing.
    const rows = await this.db.$queryRaw<{ id: bigint }[]>`
      with mine as (
        select id from slack_effect
         where id = ${effect.id}::bigint and (${owner ?? null}::uuid is null or locked_by = ${owner ?? null}::uuid)
      )
      update slack_effect
         set status = 'DELIVERED', delivered_at = ${now}, locked_until = null, last_error = null
       where exists (select 1 from mine)
         and (id = ${effect.id}::bigint or (id = any(${superseded}::bigint[]) and status = 'PENDING'))
      returning id`;
    return rows.some((r) => r.id.toString() === effect.id);
  }

  async beginAttempt(id: string, owner: string, lockedUntil: Date, at: Date): Promise<boolean> {
    // Until its outcome is recorded, the attempt may have posted: a crash, a timeout or a lost
    // connection leaves in_doubt_since set, and the retry looks for the message first.
    const count = await this.db.$executeRaw`
      update slack_effect
         set locked_until = ${lockedUntil}, in_doubt_since = coalesce(in_doubt_since, ${at})
       where id = ${id}::bigint and locked_by = ${owner}::uuid and status = 'PENDING'`;
    return count === 1;
  }

  async scheduleRetry(
    id: string,
    at: Date,
    error: string,
    options: { owner?: string; notPostedAt?: Date } = {},
  ): Promise<boolean> {
    // An attempt Slack certainly refused clears the doubt it raised (not an earlier one's).
    const count = await this.db.$executeRaw`
      update slack_effect
         set next_attempt_at = ${at}, locked_until = null, last_error = ${error.slice(0, 1000)},
             in_doubt_since = case when in_doubt_since = ${options.notPostedAt ?? null}::timestamptz
                                   then null else in_doubt_since end
       where id = ${id}::bigint and (${options.owner ?? null}::uuid is null or locked_by = ${options.owner ?? null}::uuid)`;
    return count > 0;
  }

  async markDead(id: string, error: string, owner?: string): Promise<boolean> {
    const { count } = await this.db.slackEffect.updateMany({
      where: { id: BigInt(id), ...(owner ? { lockedBy: owner } : {}) },
      data: { status: "DEAD", lockedUntil: null, lastError: error.slice(0, 1000) },
    });
    return count > 0;
  }
}
