import type { EffectStore } from "../services/ports.ts";
import { type QueuedEffect, rendersCurrentState, type SlackEffectIntent } from "../services/slack-effects.ts";
import type { Db } from "./client.ts";

export class PrismaEffectStore implements EffectStore {
  constructor(private readonly db: Db) {}

  async claimDue(limit: number, lockMs: number, now: Date): Promise<QueuedEffect[]> {
    const lockedUntil = new Date(now.getTime() + lockMs);
    // The oldest pending effect of each ordering key is the only candidate (order within a
    // thread); the UPDATE re-checks locked_until under the row lock, so two instances never
    // claim the same effect. The same statement reads what waits behind each claimed effect
    // in its key, as committed before the message is rendered: its later identical copies and
    // how many effects wait in all.
    const rows = await this.db.$queryRaw<
      {
        id: bigint;
        workspace_id: string;
        payload: SlackEffectIntent;
        attempts: number;
        copies: bigint[];
        waiting: number;
      }[]
    >`
      with claimed as (
        update slack_effect e
           set locked_until = ${lockedUntil}, attempts = e.attempts + 1
         where e.id in (
           select c.id from (
             select distinct on (ordering_key) id, next_attempt_at, locked_until
               from slack_effect where status = 'PENDING'
              order by ordering_key, id
           ) c
           where c.next_attempt_at <= ${now} and (c.locked_until is null or c.locked_until < ${now})
           order by c.id
           limit ${limit})
           and (e.locked_until is null or e.locked_until < ${now})
        returning e.id, e.workspace_id, e.ordering_key, e.payload, e.attempts)
      select c.id, c.workspace_id, c.payload, c.attempts,
             coalesce(array_agg(s.id order by s.id) filter (where s.payload = c.payload), '{}') as copies,
             count(s.id)::int as waiting
        from claimed c
        left join slack_effect s on s.ordering_key = c.ordering_key and s.id > c.id and s.status = 'PENDING'
       group by c.id, c.workspace_id, c.payload, c.attempts
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
      };
    });
  }

  async markDelivered(effect: QueuedEffect, now: Date): Promise<void> {
    const delivered = { status: "DELIVERED" as const, deliveredAt: now, lockedUntil: null, lastError: null };
    const superseded = (effect.supersedes ?? []).map((id) => BigInt(id));
    if (superseded.length === 0) {
      await this.db.slackEffect.update({ where: { id: BigInt(effect.id) }, data: delivered });
      return;
    }
    await this.db.slackEffect.updateMany({
      where: { OR: [{ id: BigInt(effect.id) }, { id: { in: superseded }, status: "PENDING" }] },
      data: delivered,
    });
  }

  async scheduleRetry(id: string, at: Date, error: string): Promise<void> {
    await this.db.slackEffect.update({
      where: { id: BigInt(id) },
      data: { nextAttemptAt: at, lockedUntil: null, lastError: error.slice(0, 1000) },
    });
  }

  async markDead(id: string, error: string): Promise<void> {
    await this.db.slackEffect.update({
      where: { id: BigInt(id) },
      data: { status: "DEAD", lockedUntil: null, lastError: error.slice(0, 1000) },
    });
  }
}
