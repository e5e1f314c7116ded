import type { FieldProblem, FieldProblemAt } from "../domain/limits.ts";
import type { StageMatchProblem } from "../domain/stages.ts";
import { type AppError, AppErrorCode, type AppErrorDetails, type AppErrorReason } from "../lib/app-error.ts";

/**
 * Refusals as RFC 9457 problem details: the HTTP status from the reason's category, and the
 * API's own plain-text words (no Slack markup, no slash commands) from one table keyed by reason.
 */

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The AppError reason (or the API's own, such as `request.invalid`). */
  readonly reason: string;
  readonly errors?: readonly FieldError[];
}

export const PROBLEM_TYPE_BASE = "https://handoff.dev/problems/";

const STATUS: Record<AppErrorCode, number> = {
  [AppErrorCode.NotFound]: 404,
  [AppErrorCode.Forbidden]: 403,
  [AppErrorCode.InvalidInput]: 422,
  [AppErrorCode.Conflict]: 409,
  [AppErrorCode.Ambiguous]: 409,
  [AppErrorCode.Unauthenticated]: 401,
  [AppErrorCode.DatabaseUnavailable]: 503,
};

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The service's form field names, as the API's JSON calls them. */
const API_FIELD: Record<string, string> = {
  company: "company",
  closeDate: "expected_close_date",
  owner: "owner_id",
  nextStep: "next_step",
  nextStepDate: "next_step_date",
  reason: "lost_reason",
  note: "body",
};
export const apiField = (field: string): string => API_FIELD[field] ?? field;

type Words = { readonly [R in AppErrorReason]?: (details: AppErrorDetails[R]) => string };

const ref = (prefix: string, n: number) => `${prefix}-${n}`;

/** The API's words for the refusals it can meet; any other reason falls back to its category. */
const API_DETAIL: Words = {
  "database.unavailable": () =>
    "The database is not reachable right now. Nothing was changed; try again shortly.",
  "deal.not_found": ({ number }) => `There is no deal ${ref("D", number)}.`,
  "deal.no_match": () => "No deal has that reference. Use D-<number> or the deal's id.",
  "deal.gone": () => "That deal does not exist.",
  "lead_source.unknown": () => "No lead source has this URL: it was never made, or it was revoked.",
  "deal.create_in_progress": () => "A deal with this creation key is still being created; try again.",
  "deal.not_owner": ({ number }) =>
    `Only the owner of ${ref("D", number)}, managers and admins can change it.`,
  "deal.won_is_final": ({ number }) => `${ref("D", number)} is won: its stage can no longer change.`,
  "deal.already_won": ({ number }) => `${ref("D", number)} is already won.`,
  "deal.move_needs_details": ({ number, stageName, missing }) =>
    `${ref("D", number)} needs ${missing.join(" and ")} before it can move to ${stageName}.`,
  "deal.stage_needs_details": ({ stageName, missing }) =>
    `A deal in ${stageName} needs ${missing.join(" and ")}.`,
  "deal.win_needs_owner": ({ number }) =>
    `${ref("D", number)} is a lead nobody has taken yet; give it an owner (PATCH owner_id) before it can be won.`,
  "deal.win_needs_details": ({ number, missing }) =>
    `${ref("D", number)} needs ${missing.join(" and ")} before it can be won.`,
  "deal.edit_stage_refused": ({ number }) =>
    `That stage change of ${ref("D", number)} is refused; use POST /api/v1/deals/${ref("D", number)}/move.`,
  "deal.lost_needs_reason": () => "Moving a deal to Lost needs lost_reason.",
  "deal.note_empty": () => "The note is empty.",
  "stage.gone": () => "That stage no longer exists.",
  "stage.unmatched": ({ problem }) => stageProblem(problem),
  "pipeline.no_lost_stage": () => "The pipeline has no Lost stage.",
  "pipeline.no_won_stage": () => "The pipeline has no Won stage.",
  "project.not_found": ({ number }) => `There is no project ${ref("P", number)}.`,
  "project.no_match": () => "No project has that reference. Use P-<number> or the project's id.",
  "project.gone": () => "That project does not exist.",
  "task.gone": () => "That task does not exist.",
  "task.waiting": ({ taskNumber, waitsOn }) =>
    `${ref("T", taskNumber)} waits on ${waitsOn.map((t) => ref("T", t.number)).join(", ")}.`,
  "task.not_claimed": ({ taskNumber }) => `${ref("T", taskNumber)} is not claimed.`,
  "task.not_allowed": ({ taskNumber }) =>
    `Only the assignee, the delivery lead, managers and admins can change ${ref("T", taskNumber)}.`,
  "api.unauthenticated": ({ problem }) =>
    problem === "missing"
      ? "Send an API token: Authorization: Bearer hnd_…"
      : problem === "malformed"
        ? "The Authorization header is not a Handoff API token (Bearer hnd_…)."
        : problem === "revoked"
          ? "This API token was revoked."
          : "This API token is not valid.",
  "api.read_only": ({ tokenName }) =>
    `The token "${tokenName}" can only read. Changes need a read-write token.`,
  "api.idempotency_key_reused": () =>
    "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
  "api.idempotency_in_progress": () =>
    "The first request with this Idempotency-Key is still running; repeat it in a moment.",
};

function stageProblem(problem: StageMatchProblem): string {
  switch (problem.kind) {
    case "no_query":
      return `Name a stage: ${problem.stages.join(", ")}.`;
    case "ambiguous":
      return `Several stages match "${problem.query}": ${problem.candidates.join(", ")}.`;
    case "no_match":
      return `No stage matches "${problem.query}". Stages: ${problem.stages.join(", ")}.`;
  }
}

/** A field problem in plain words. */
export function fieldProblemText(problem: FieldProblem): string {
  switch (problem.kind) {
    case "required":
      return "is required";
    case "too_long":
      return `is ${problem.length} characters; at most ${problem.limit}`;
    case "invalid_date":
      return "is not a date (YYYY-MM-DD)";
    case "invalid_time":
      return "is not a time";
    case "date_out_of_range":
      return `must be between ${problem.earliest} and ${problem.latest}`;
    case "invalid_currency":
      return "is not an ISO 4217 currency code";
    case "invalid_amount":
      return "is not an amount (a decimal number as a string, up to 4 decimals)";
    case "unknown_person":
      return `${problem.userId} is not a person in this Slack workspace`;
    case "not_a_person":
      return `${problem.userId} is a bot`;
    case "too_many":
      return `has ${problem.count}; at most ${problem.limit}`;
    case "person_unchecked":
      return `${problem.userId} could not be checked with Slack right now; try again`;
    case "unknown_channel":
    case "not_a_channel":
    case "channel_unchecked":
      return `${problem.channelId} is not a usable channel`;
    case "changed_since_opened":
      return "was changed by someone else meanwhile";
    case "unknown_choice":
      return "is not one of the choices";
    case "bad_date_line":
      return `line ${problem.line} is not a date`;
    case "invalid_email":
      return "is not an email address like name@example.com";
    case "wrong_type":
      return problem.expected === "object"
        ? "must be an object of fields (JSON) or form fields"
        : `must be ${problem.expected === "text" ? "text" : "text or a number"}`;
  }
}

function fieldErrorsOf(error: AppError): FieldError[] | undefined {
  const details = error.details as {
    field?: unknown;
    fields?: unknown;
    fieldProblems?: readonly FieldProblemAt[];
  };
  if (Array.isArray(details.fieldProblems) && details.fieldProblems.length > 0)
    return details.fieldProblems.map((p) => ({
      path: apiField(p.field),
      message: fieldProblemText(p.problem),
    }));
  if (Array.isArray(details.fields) && details.fields.length > 0)
    return details.fields.map((field) => ({
      path: apiField(String(field)),
      message: "is required for this stage",
    }));
  if (typeof details.field === "string") {
    const detail = detailOf(error);
    return [{ path: apiField(details.field), message: detail }];
  }
  return undefined;
}

function detailOf(error: AppError): string {
  const words = API_DETAIL[error.reason] as ((details: unknown) => string) | undefined;
  return words ? words(error.details) : (TITLES[statusOf(error)] ?? "Refused");
}

export function statusOf(error: AppError): number {
  if (error.is("api.idempotency_key_reused")) return 422;
  return STATUS[error.code];
}

export function problemOf(error: AppError): Problem {
  const status = statusOf(error);
  const errors = fieldErrorsOf(error);
  return {
    type: `${PROBLEM_TYPE_BASE}${error.reason}`,
    title: TITLES[status] ?? "Error",
    status,
    // Field refusals say each field in the detail too: a person reading only the detail can fix it.
    detail:
      error.is("fields.invalid") && errors
        ? `${errors.map((e) => `${e.path} ${e.message}`).join("; ")}.`
        : detailOf(error),
    reason: error.reason,
    ...(errors ? { errors } : {}),
  };
}

/** A problem the transport itself finds (bad JSON, unknown route, too large, rate limited). */
export function transportProblem(
  status: number,
  reason: string,
  detail: string,
  errors?: readonly FieldError[],
): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${reason}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    reason,
    ...(errors ? { errors } : {}),
  };
}
