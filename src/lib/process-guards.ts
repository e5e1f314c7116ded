import type { Logger } from "./logger.ts";

type ProcessEvents = Pick<NodeJS.Process, "on">;

/**
 * The last line under the whole process. A promise nobody awaited that rejects is one
 * request's problem: log it and keep serving everyone else. A synchronous exception that
 * reached the top may have left shared state half-changed (Node's own advice), so it is
 * logged and the process stops gracefully with exit 1, for the supervisor to restart it.
 */
export function installProcessGuards(
  proc: ProcessEvents,
  logger: Logger,
  stopAfterCrash: (error: unknown) => void,
): void {
  proc.on("unhandledRejection", (reason: unknown) => {
    logger.error({ err: reason }, "a promise failed with nobody to handle it; still serving");
  });
  proc.on("uncaughtException", (error: Error) => {
    logger.fatal({ err: error }, "uncaught exception; stopping");
    stopAfterCrash(error);
  });
}
