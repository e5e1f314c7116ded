/**
 * The little the emulator and the driver say about themselves. A pino logger fits as is; the
 * package takes this shape instead of a logging library so it depends on nothing.
 */
export interface EmulatorLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
  child(bindings: Record<string, unknown>): EmulatorLogger;
}
