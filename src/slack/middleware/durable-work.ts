import { randomUUID } from "node:crypto";
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../../lib/logger.ts";
import type { AcknowledgedWorkJournal } from "../../services/ports.ts";
import { FailureText } from "../error-messages.ts";

/** Set on a replayed request's context, so the journal row it came from is not written again. */
export const REPLAY_OF = "handoffReplayOf";
/** Set on a request's context once it is in the journal: its work will be done, one way or another. */
export const JOURNALED = "handoffJournaled";
/** Set when its work failed for want of the database: left unfinished, so recovery replays it. */
export const LEAVE_FOR_REPLAY = "handoffLeaveForReplay";

export interface DurableWorkOptions {
  journal: AcknowledgedWorkJournal;
  logger: Logger;
  /** Requests being worked on in this instance (not counting this one); at `maxInFlight`, new ones are turned away. */
  inFlight: () => number;
  maxInFlight: number;
  leaseMs: number;
  /** "The database is not there right now" (a lost connection is tried once more). */
  isInfrastructureDown: (error: unknown) => boolean;
}

/** The request's own identity and workspace, for the kinds whose work goes on after the ack. */
export function acknowledgedWorkKey(body: unknown): { key: string; teamId: string } | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  const trigger = typeof b.trigger_id === "string" ? b.trigger_id : undefined;
  const team = (b.team as { id?: unknown } | undefined)?.id ?? b.team_id;
  if (!trigger || typeof team !== "string") return undefined;
  if (typeof b.command === "string") return { key: `command:${trigger}`, teamId: team };
  if (b.type === "block_actions" || b.type === "view_submission")
    return { key: `${b.type}:${trigger}`, teamId: team };
  return undefined;
}

/**
 * Commands, button presses and submissions are acknowledged at once and worked on after.
 * Each is journaled (one insert, before the listener acks) and marked finished when its work
 * is done; while it runs its lease is extended. If this instance dies first, another replays
 * the request from the journal (start-handoff's recovery). When too much acknowledged work is
 * already waiting here, the person is told "busy" instead of getting an ack that would not be
 * honoured in time.
 */
export function journalAcknowledgedWork(options: DurableWorkOptions): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, context, next } = args;
    const identity = acknowledgedWorkKey(body);
    if (!identity || context[REPLAY_OF]) return next();
    // A form keeps its input only if answered with field errors; it is let through instead.
    const isForm = identity.key.startsWith("view_submission:");
    if (options.inFlight() >= options.maxInFlight && !isForm) {
      options.logger.warn({ inFlight: options.inFlight(), key: identity.key }, "busy: request turned away");
      await answerNothingChanged(args, FailureText.busy);
      return;
    }
    const owner = randomUUID();
    const leaseEnd = () => new Date(Date.now() + options.leaseMs);
    let journaled = false;
    const record = () => options.journal.record(identity.key, identity.teamId, body, owner, leaseEnd());
    try {
      // A pooled connection the server dropped fails once; a fresh one usually works at once.
      journaled = await record().catch(async (error: unknown) => {
        if (!options.isInfrastructureDown(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return record();
      });
    } catch (error) {
      // The database is down: say so now rather than acknowledge work nobody would finish if
      // this instance died (a form goes on, so its answer can keep what was typed).
      if (options.isInfrastructureDown(error) && !isForm) {
        // An outage an operator must see, logged as the other middleware logs it.
        options.logger.error(
          { err: error, key: identity.key },
          "request failed: the database is unreachable",
        );
        await answerNothingChanged(args, FailureText.unavailable);
        return;
      }
      options.logger.warn({ err: error, key: identity.key }, "could not journal acknowledged work");
    }
    if (!journaled) return next();
    context[JOURNALED] = true;
    const lease = setInterval(() => {
      options.journal.extend([identity.key], owner, leaseEnd()).catch((error: unknown) => {
        options.logger.warn(
          { err: error, key: identity.key },
          "could not extend an acknowledged request's lease",
        );
      });
    }, options.leaseMs / 3);
    try {
      await next();
    } finally {
      clearInterval(lease);
      // Left unfinished, its lease lapses and an instance replays it once the database is back.
      if (!context[LEAVE_FOR_REPLAY]) {
        await options.journal.finish(identity.key, owner, new Date()).catch((error: unknown) => {
          // Unfinished in the journal: another instance replays it, which the services absorb.
          options.logger.warn({ err: error, key: identity.key }, "could not mark acknowledged work finished");
        });
      }
    }
  };
}

/** "Nothing was changed", as the ack of a command or privately after the ack of a click. */
async function answerNothingChanged(args: AnyMiddlewareArgs, text: string): Promise<void> {
  const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
  const respond = (args as { respond?: (message: unknown) => Promise<unknown> }).respond;
  const b = args.body as Record<string, unknown>;
  if (typeof b.command === "string") return ack?.({ response_type: "ephemeral", text });
  await ack?.();
  await respond?.({ response_type: "ephemeral", replace_original: false, text });
}
