/**
 * A reason the app cannot start that is the operator's to fix (a setting, a port in use, a
 * database in a state it must not touch). main.ts prints its message as one line, with no
 * stack trace, and exits 1; anything else that stops a start is a bug and is logged in full.
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
}
