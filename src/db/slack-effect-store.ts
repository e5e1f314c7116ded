import type { HomeRefreshQueue } from "../services/home-service.ts";
import type { EffectStore } from "../services/ports.ts";
import type { QueuedEffect, SlackEffectIntent } from "../services/slack-effects.ts";
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
    return rows
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((r) => ({ id: r.id.toString(), teamId: r.workspace_id, intent: r.payload, attempts: r.attempts }));
  }

  async hasNewerPending(effectId: string, orderingKey: string): Promise<boolean> {
    const newer = await this.db.slackEffect.findFirst({
      where: { orderingKey, status: "PENDING", id: { gt: BigInt(effectId) } },
      select: { id: true },
    });
    return newer !== null;
  }

  async markDelivered(id: string, now: Date): Promise<void> {
    await this.db.slackEffect.update({
      where: { id: BigInt(id) },
      data: { status: "DELIVERED", deliveredAt: now, lockedUntil: null, lastError: null },
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
