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
