import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";

/**
 * Remembers every request still being handled (after its ack, listeners keep working),
 * so shutdown can wait for them instead of cutting them off.
 */
export class InFlightRequests {
  private readonly pending = new Set<Promise<unknown>>();

  readonly middleware: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    const work = next();
    this.pending.add(work);
    try {
      await work;
    } finally {
      this.pending.delete(work);
    }
  };

  get size(): number {
    return this.pending.size;
  }

  /** Resolves when all current work settles or the timeout passes; true when drained. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const settled = Promise.allSettled([...this.pending]).then(() => true);
    try {
      return await Promise.race([settled, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
