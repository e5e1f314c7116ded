import type { RetainedRows } from "../domain/retention.ts";
import type { RetentionStore } from "../services/ports.ts";
import type { Db } from "./client.ts";

export interface RetentionRules {
  /** Each webhook endpoint's latest deliveries that `/handoff webhooks` shows: kept whatever their age. */
  readonly recentDeliveriesShown: number;
  /** Acknowledged work claimed this many times is no longer replayed (left for an operator). */
  readonly replaysAtMost: number;
}

/**
 * One bounded DELETE per call. SKIP LOCKED: instances purging at the same time share the rows
 * instead of waiting on each other, and a row a dispatcher holds is left for the next pass.
 */
export class PrismaRetentionStore implements RetentionStore {
  constructor(
    private readonly db: Db,
    private readonly rules: RetentionRules,
  ) {}

  purge(kind: RetainedRows, before: Date, limit: number): Promise<number> {
    switch (kind) {
      case "apiIdempotencyKey":
        // Also a key whose request never finished (its process died): it would answer "running" forever.
        return this.db.$executeRaw`
          delete from api_idempotency_key where (token_id, key) in (
            select token_id, key from api_idempotency_key
             where created_at < ${before}
             limit ${limit} for update skip locked)`;
      case "processedRequest":
        // A replay of unfinished work relies on the keys its first run claimed: none claimed
        // since the oldest request that may still be replayed goes.
        return this.db.$executeRaw`
          delete from processed_request where key in (
            select key from processed_request
             where created_at < ${before}
               and created_at < coalesce(
                     (select min(received_at) from acknowledged_request
                       where finished_at is null and attempts <= ${this.rules.replaysAtMost}),
                     'infinity')
             limit ${limit} for update skip locked)`;
      case "acknowledgedRequest":
        return this.db.$executeRaw`
          delete from acknowledged_request where key in (
            select key from acknowledged_request
             where finished_at < ${before}
             limit ${limit} for update skip locked)`;
      case "slackEffect":
        // A given-up effect has no time of its own: its last attempt was due at next_attempt_at.
        return this.db.$executeRaw`
          delete from slack_effect where id in (
            select id from slack_effect
             where status in ('DELIVERED', 'DEAD') and next_attempt_at < ${before}
               and coalesce(delivered_at, next_attempt_at) < ${before}
             limit ${limit} for update skip locked)`;
      case "webhookDelivery":
        // FAILED deliveries are still retried (or wait for their endpoint to be enabled again).
        return this.db.$executeRaw`
          delete from webhook_delivery where id in (
            select d.id from webhook_delivery d
             where d.status in ('DELIVERED', 'DEAD') and d.next_attempt_at < ${before}
               and coalesce(d.delivered_at, d.next_attempt_at) < ${before}
               and d.id < coalesce(
                     (select r.id from webhook_delivery r where r.endpoint_id = d.endpoint_id
                       order by r.id desc offset ${this.rules.recentDeliveriesShown - 1} limit 1),
                     0)
             limit ${limit} for update of d skip locked)`;
      case "jobRun":
        return this.db.$executeRaw`
          delete from job_run where id in (
            select id from job_run
             where slot < ${before} and started_at < ${before}
             limit ${limit} for update skip locked)`;
    }
  }
}
