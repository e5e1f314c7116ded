import { ErrorCode } from "@slack/web-api";
import { AppErrorCode, isAppError } from "../lib/app-error.ts";

/**
 * The one place where a failure becomes words for the person who hit it. Always private;
 * always says what happened and what to do next.
 */
export const FailureText = {
  unavailable:
    ":hourglass_flowing_sand: Handoff can't reach its database right now. Nothing was changed — please try again shortly.",
  slackBusy:
    ":hourglass_flowing_sand: Slack asked Handoff to slow down for a moment. Nothing was changed — please try again in a few seconds.",
  unexpected: (reference: string) =>
    `:warning: Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, give your admin this reference: \`${reference}\`.`,
} as const;

export interface Failure {
  text: string;
  /**
   * How the log should treat it: a person's mistake or a refusal is routine (debug); the
   * database being unreachable is an outage an operator must see (error); anything else is
   * a bug (error, with its stack). Slack rate-limiting a call is "busy" (warn).
   */
  kind: "refusal" | "outage" | "busy" | "bug";
}

export function describeFailure(
  error: unknown,
  reference: string,
  isInfrastructureDown: (error: unknown) => boolean,
): Failure {
  if (isAppError(error)) {
    if (error.code === AppErrorCode.DatabaseUnavailable)
      return { text: FailureText.unavailable, kind: "outage" };
    return { text: error.message, kind: "refusal" };
  }
  if (isInfrastructureDown(error)) return { text: FailureText.unavailable, kind: "outage" };
  if ((error as { code?: unknown } | null)?.code === ErrorCode.RateLimitedError)
    return { text: FailureText.slackBusy, kind: "busy" };
  return { text: FailureText.unexpected(reference), kind: "bug" };
}
