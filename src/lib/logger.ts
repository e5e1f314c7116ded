import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import { type Logger, pino } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  level?: string;
  /** Human-readable output; defaults to "stdout is a terminal". */
  pretty?: boolean;
}

/** The one root logger of a process. Everything else is a child of it. */
export function createRootLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  return pino({
    level: options.level ?? "info",
    base: { app: "handoff" },
    redact: {
      paths: ["token", "*.token", "headers.authorization", "botToken", "signingSecret"],
      remove: true,
    },
    ...(pretty
      ? {
          transport: {
            target: "pino-pretty",
            options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,app" },
          },
        }
      : {}),
  });
}

/** A logger that writes nothing, for tests and tools that must stay quiet. */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}

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
