import { AppErrorCode, isAppError } from "../lib/app-error.ts";

/**
 * The one place where a failure becomes words for the person who hit it. Always private;
 * always says what happened and what to do next.
 */
export const FailureText = {
  unavailable:
    ":hourglass_flowing_sand: Handoff can't reach its database right now. Nothing was changed — please try again shortly.",
  busy: ":hourglass_flowing_sand: Handoff is busy catching up right now. Nothing was changed — please try again in a moment.",
  unexpected: (reference: string) =>
    `:warning: Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, give your admin this reference: \`${reference}\`.`,
} as const;

export interface Failure {
  text: string;
  /** Expected outcomes (bad input, refusals) are not errors in the log. */
  expected: boolean;
}

export function describeFailure(
  error: unknown,
  reference: string,
  isInfrastructureDown: (error: unknown) => boolean,
): Failure {
  if (isAppError(error)) {
    if (error.code === AppErrorCode.DatabaseUnavailable)
      return { text: FailureText.unavailable, expected: true };
    return { text: error.message, expected: true };
  }
  if (isInfrastructureDown(error)) return { text: FailureText.unavailable, expected: true };
  return { text: FailureText.unexpected(reference), expected: false };
}
