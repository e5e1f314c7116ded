import { ErrorCode } from "@slack/web-api";
import { type AppError, AppErrorCode, isAppError } from "../lib/app-error.ts";
import { DigestRefusal } from "../services/digest-service.ts";
import { fieldProblemsOf, fieldProblemsSummary } from "./field-problems.ts";

/**
 * The one place where a failure becomes words for the person who hit it. Always private;
 * always says what happened and what to do next.
 */
export const FailureText = {
  unavailable:
    ":hourglass_flowing_sand: Handoff can't reach its database right now. Nothing was changed — please try again shortly.",
  unavailableWillRetry:
    ":hourglass_flowing_sand: Handoff lost its database for a moment. Your request is kept and will be done as soon as the database is back — no need to send it again.",
  slackBusy:
    ":hourglass_flowing_sand: Slack asked Handoff to slow down for a moment. Nothing was changed — please try again in a few seconds.",
  busy: ":hourglass_flowing_sand: Handoff is busy catching up right now. Nothing was changed — please try again in a moment.",
  unexpected: (reference: string) =>
    `:warning: Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, give your admin this reference: \`${reference}\`.`,
} as const;

/** Words for refusals that services raise as a code and data; others carry their message. */
function refusalText(error: AppError): string {
  if (error.details.reason === DigestRefusal.PublishWeekly) {
    const allowed = Array.isArray(error.details.allowed) ? (error.details.allowed as string[]) : [];
    const ask = allowed.length > 0 ? ` Ask ${mentionList(allowed.slice(0, 5))}.` : "";
    return `:lock: Only managers and admins can share the weekly digest in a channel or subscribe a channel to it.${ask} \`/digest now weekly\` shows it to you privately.`;
  }
  if (error.details.reason === DigestRefusal.ChangeSubscription) {
    const maker = typeof error.details.createdById === "string" ? `<@${error.details.createdById}>, ` : "";
    return `:lock: *S-${String(error.details.number)}* already sends this digest here, and a channel has one per kind. Only ${maker}a manager or an admin can change its schedule. \`/digest list\` shows it.`;
  }
  return error.message;
}

function mentionList(userIds: readonly string[]): string {
  const mentions = userIds.map((id) => `<@${id}>`);
  return mentions.length <= 1
    ? mentions.join("")
    : `${mentions.slice(0, -1).join(", ")} or ${mentions.at(-1)}`;
}

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
    const problems = fieldProblemsOf(error);
    if (problems) return { text: fieldProblemsSummary(problems), kind: "refusal" };
    return { text: refusalText(error), kind: "refusal" };
  }
  if (isInfrastructureDown(error)) return { text: FailureText.unavailable, kind: "outage" };
  if ((error as { code?: unknown } | null)?.code === ErrorCode.RateLimitedError)
    return { text: FailureText.slackBusy, kind: "busy" };
  return { text: FailureText.unexpected(reference), kind: "bug" };
}
