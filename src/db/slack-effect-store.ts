import type { HomeRefreshQueue } from "../services/home-service.ts";
import type { EffectStore } from "../services/ports.ts";
import { type QueuedEffect, rendersCurrentState, type SlackEffectIntent } from "../services/slack-effects.ts";
import type { Db } from "./client.ts";

export class PrismaEffectStore implements EffectStore, HomeRefreshQueue {
  constructor(private readonly db: Db) {}

  async claimDue(limit: number, lockMs: number, now: Date): Promise<QueuedEffect[]> {
    const lockedUntil = new Date(now.getTime() + lockMs);
    // The oldest pending effect of each ordering key is the only candidate (order within a
    // thread); the UPDATE re-checks locked_until under the row lock, so two instances never
    // claim the same effect.
    const rows = await this.db.$queryRaw<
      { id: bigint; workspace_id: string; payload: SlackEffectIntent; attempts: number }[]
    >`
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
      returning e.id, e.workspace_id, e.payload, e.attempts`;
    const claimed = rows
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((r) => ({ id: r.id.toString(), teamId: r.workspace_id, intent: r.payload, attempts: r.attempts }));
    return this.withSuperseded(claimed);
  }

  /** Later pending copies of the claimed intents that render current state (rendersCurrentState). */
  private async withSuperseded(claimed: QueuedEffect[]): Promise<QueuedEffect[]> {
    const ids = claimed.filter((e) => rendersCurrentState(e.intent)).map((e) => BigInt(e.id));
    if (ids.length === 0) return claimed;
    // Read before delivery: every copy found here was committed before the message is rendered.
    const copies = await this.db.$queryRaw<{ claimed: bigint; id: bigint }[]>`
      select c.id as claimed, s.id
        from slack_effect c
        join slack_effect s
          on s.ordering_key = c.ordering_key and s.id > c.id and s.status = 'PENDING' and s.payload = c.payload
       where c.id = any(${ids})
       order by s.id`;
    const byClaimed = new Map<string, string[]>();
    for (const copy of copies) {
      const key = copy.claimed.toString();
      byClaimed.set(key, [...(byClaimed.get(key) ?? []), copy.id.toString()]);
    }
    return claimed.map((e) => {
      const supersedes = byClaimed.get(e.id);
      return supersedes ? { ...e, supersedes } : e;
    });
  }

  async hasNewerPending(effectId: string, orderingKey: string): Promise<boolean> {
    const newer = await this.db.slackEffect.findFirst({
      where: { orderingKey, status: "PENDING", id: { gt: BigInt(effectId) } },
      select: { id: true },
    });
    return newer !== null;
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
