/**
 * Errors a service raises on purpose. The Slack layer maps each code to a private,
 * specific message in one place (slack/error-messages.ts); nothing else inspects messages.
 */
export const AppErrorCode = {
  DatabaseUnavailable: "DATABASE_UNAVAILABLE",
  NotFound: "NOT_FOUND",
  Ambiguous: "AMBIGUOUS",
  InvalidInput: "INVALID_INPUT",
  Forbidden: "FORBIDDEN",
  Conflict: "CONFLICT",
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
