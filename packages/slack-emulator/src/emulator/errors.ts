import type { BlockKitProblem } from "./block-kit-validator.ts";

/**
 * A platform error as Slack reports it: `{ ok: false, error, ...extra }`. Web API methods answer
 * these with HTTP 200; response_url answers them with a 4xx `httpStatus`.
 */
export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
    readonly httpStatus = 200,
  ) {
    super(error);
    this.name = "SlackApiError";
  }

  body(): Record<string, unknown> {
    return { ok: false, error: this.error, ...this.extra };
  }
}

/** Slack's human-readable line for one schema problem. */
export function problemLine(problem: BlockKitProblem): string {
  return `${problem.message} [json-pointer:${problem.pointer}]`;
}

/** `invalid_blocks` carries `errors` as well; `invalid_arguments` (views) only the metadata. */
export function blockProblemsError(
  error: "invalid_blocks" | "invalid_arguments",
  problems: BlockKitProblem[],
  httpStatus = 200,
): SlackApiError {
  const lines = problems.map(problemLine);
  const extra: Record<string, unknown> = {
    response_metadata: { messages: lines.map((line) => `[ERROR] ${line}`) },
  };
  if (error === "invalid_blocks") extra.errors = lines;
  return new SlackApiError(error, extra, httpStatus);
}

export function invalidArguments(...messages: string[]): SlackApiError {
  return new SlackApiError("invalid_arguments", {
    response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) },
  });
}
