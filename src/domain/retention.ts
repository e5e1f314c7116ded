/**
 * How long rows that every request, delivery or scheduled slot leaves behind are kept, from
 * what still reads them. Pending work is never purged, whatever its age.
 */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export const RETENTION_MS = {
  /** A REST API repeat with the same Idempotency-Key within this long gets the first answer. */
  apiIdempotencyKey: DAY_MS,
  /**
   * Slack retries within minutes, but the same table keeps "once a week per deal" stale-deal
   * nudges (keyed by the week): they must outlive their week.
   */
  processedRequest: 14 * DAY_MS,
  /** Finished acknowledged work: its key only turns away Slack's retries, which come within minutes. */
  acknowledgedRequest: DAY_MS,
  /** Delivered or given-up Slack effects: their keys are random, so nothing is deduplicated by them. */
  slackEffect: 14 * DAY_MS,
  /** Delivered or given-up webhook deliveries (each endpoint's latest few are always kept). */
  webhookDelivery: 30 * DAY_MS,
  /**
   * Claims of scheduler slots: a digest slot is caught up within 24 hours and a morning round
   * only on its own local day, so a claim this old can never be asked for again.
   */
  jobRun: 7 * DAY_MS,
} as const;

export type RetainedRows = keyof typeof RETENTION_MS;

/** Rows deleted per statement: a large backlog goes in many short statements, never one long lock. */
export const PURGE_BATCH = 5_000;

/** The instant before which each kind of row has outlived its use. */
export function purgeCutoffs(now: Date): Record<RetainedRows, Date> {
  const cutoffs = {} as Record<RetainedRows, Date>;
  for (const kind of Object.keys(RETENTION_MS) as RetainedRows[])
    cutoffs[kind] = new Date(now.getTime() - RETENTION_MS[kind]);
  return cutoffs;
}
