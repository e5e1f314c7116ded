/**
 * Recognises "the database is not there right now" among the shapes it arrives in:
 * Prisma's connection codes, node-postgres socket errors, and PostgreSQL's own
 * shutdown/startup SQLSTATEs. Everything else is a real bug and must surface.
 */
const PRISMA_CONNECTION_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
]);
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, class 08 connection exceptions.
const SQLSTATE_UNAVAILABLE = /^(57P0[123]|08\w{3})$/;
const MESSAGE_HINTS = [
  "connection terminated",
  "connection refused",
  "timeout exceeded when trying to connect",
  "can't reach database server",
  "server closed the connection",
  "database system is shutting down",
  "database system is starting up",
  "connection error",
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: unknown;
    originalCode?: unknown;
  };
  for (const code of [e.code, e.originalCode]) {
    if (
      typeof code === "string" &&
      (PRISMA_CONNECTION_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code))
    )
      return true;
  }
  if (typeof e.message === "string") {
    const message = e.message.toLowerCase();
    if (MESSAGE_HINTS.some((hint) => message.includes(hint))) return true;
  }
  if (e.cause && isDatabaseUnavailable(e.cause, depth + 1)) return true;
  if (
    e.meta &&
    typeof e.meta === "object" &&
    isDatabaseUnavailable((e.meta as { driverAdapterError?: unknown }).driverAdapterError, depth + 1)
  )
    return true;
  return false;
}
