import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../lib/logger.ts";

const boltToPino: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: "debug",
  [LogLevel.INFO]: "info",
  [LogLevel.WARN]: "warn",
  [LogLevel.ERROR]: "error",
};

/**
 * Bolt (and web-api) log through this adapter so every line is pino JSON with our bindings.
 * Bolt calls setLevel/setName itself; we map its level onto the child logger.
 */
export function createBoltLogger(parent: Logger): BoltLogger {
  let logger = parent.child({ component: "bolt" });
  const format = (args: unknown[]) =>
    args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
  return {
    debug: (...args: unknown[]) => logger.debug(format(args)),
    info: (...args: unknown[]) => logger.info(format(args)),
    warn: (...args: unknown[]) => logger.warn(format(args)),
    error: (...args: unknown[]) => logger.error(format(args)),
    setLevel: (level: LogLevel) => {
      logger.level = boltToPino[level] ?? "info";
    },
    getLevel: () => {
      const entry = Object.entries(boltToPino).find(([, pinoLevel]) => pinoLevel === logger.level);
      return (entry?.[0] as LogLevel | undefined) ?? LogLevel.INFO;
    },
    setName: (name: string) => {
      logger = logger.child({ component: name });
    },
  };
}
