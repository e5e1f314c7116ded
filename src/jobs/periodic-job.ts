import { hostname } from "node:os";
import { type ScheduledTask, schedule } from "node-cron";

/** Names this process in `job_run.claimed_by`, for whoever reads which instance ran a slot. */
export const INSTANCE_ID = `${hostname()}:${process.pid}`;

/**
 * A pass that every instance runs on a node-cron timer; whatever must happen once is decided
 * inside the pass by a database claim. Passes never overlap within a process, and stop() waits
 * for the current one.
 */
export abstract class PeriodicJob {
  private task: ScheduledTask | undefined;
  private running: Promise<void> | undefined;

  protected constructor(
    private readonly cron: string,
    private readonly name: string,
  ) {}

  start(): void {
    this.task = schedule(this.cron, () => this.tick(), { name: this.name, noOverlap: true });
    void this.tick();
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.running;
  }

  /** One pass, now (tests call it with a fixed clock). */
  tick(): Promise<void> {
    this.running ??= this.runDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  protected abstract runDue(): Promise<void>;
}
