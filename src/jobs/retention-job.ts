import { PURGE_BATCH, purgeCutoffs, type RetainedRows } from "../domain/retention.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { RetentionStore } from "../services/ports.ts";
import { PeriodicJob } from "./periodic-job.ts";

export interface RetentionJobOptions {
  store: RetentionStore;
  clock: Clock;
  logger: Logger;
  /** Rows per DELETE (tests make it small to see the loop). */
  batch?: number;
}

/**
 * Deletes the rows each request, delivery and slot leaves behind once nothing reads them
 * (domain/retention.ts), hourly and at start. Every instance runs it: a row deleted twice is
 * deleted once, so no claim is needed.
 */
export class RetentionJob extends PeriodicJob {
  constructor(private readonly options: RetentionJobOptions) {
    super("17 * * * *", "handoff-retention");
  }

  protected async runDue(): Promise<void> {
    const { store, clock, logger } = this.options;
    const batch = this.options.batch ?? PURGE_BATCH;
    const log = logger.child({ job: "retention" });
    const cutoffs = purgeCutoffs(clock.now());
    for (const kind of Object.keys(cutoffs) as RetainedRows[]) {
      try {
        let purged = 0;
        for (;;) {
          const deleted = await store.purge(kind, cutoffs[kind], batch);
          purged += deleted;
          if (deleted < batch) break;
        }
        if (purged > 0) log.info({ kind, purged, before: cutoffs[kind].toISOString() }, "old rows purged");
      } catch (error) {
        // One table's failure (the database went away) leaves the others to this pass, itself to the next.
        log.warn({ err: error, kind }, "retention: could not purge; next pass will retry");
      }
    }
  }
}
