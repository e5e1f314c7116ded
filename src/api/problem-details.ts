import type { ServerResponse } from "node:http";
import type { FieldProblem, FieldProblemAt } from "../domain/limits.ts";
import { type AppError, AppErrorCode } from "../lib/app-error.ts";

/**
 * Refusals over HTTP as RFC 9457 problem details (`application/problem+json`): a type URI, a
 * title, the status, a plain-text detail, and for field refusals each field's path and message.
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: ReadonlyArray<{ readonly path: string; readonly message: string }>;
}

const TYPE_BASE = "https://handoff.dev/problems/";

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  errors?: Problem["errors"],
): Problem {
  return { type: `${TYPE_BASE}${slug}`, title, status, detail, ...(errors ? { errors } : {}) };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export function sendProblem(res: ServerResponse, body: Problem, headers: Record<string, string> = {}): void {
  res.writeHead(body.status, {
    "content-type": "application/problem+json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** A service's refusal as a problem: field refusals list each field; the rest map by category. */
export function problemOfAppError(error: AppError): Problem {
  if (error.is("fields.invalid")) {
    const errors = error.details.fieldProblems.map(fieldError);
    return problem(
      400,
      "invalid-fields",
      "Some fields are not valid",
      errors.map((e) => `${e.path}: ${e.message}`).join(" "),
      errors,
    );
  }
  switch (error.code) {
    case AppErrorCode.DatabaseUnavailable:
      return problem(
        503,
        "unavailable",
        "Try again shortly",
        "The database is not reachable right now; nothing was stored.",
      );
    case AppErrorCode.NotFound:
      return problem(404, "not-found", "Not found", "Nothing is here.");
    case AppErrorCode.Conflict:
      return problem(409, "conflict", "Conflict", "The request conflicts with the current state; try again.");
    case AppErrorCode.Forbidden:
      return problem(403, "forbidden", "Forbidden", "This request is not allowed.");
    default:
      return problem(400, "invalid-request", "The request is not valid", `Refused: ${error.reason}.`);
  }
}

function fieldError(at: FieldProblemAt): { path: string; message: string } {
  return { path: at.field, message: fieldProblemText(at.problem) };
}

/** A field's problem in plain words for whoever wrote the sending form or tool. */
export function fieldProblemText(problem: FieldProblem): string {
  switch (problem.kind) {
    case "required":
      return "is required.";
    case "too_long":
      return `is too long: at most ${problem.limit} characters (it has ${problem.length}).`;
    case "invalid_email":
      return "is not an email address like name@example.com.";
    case "invalid_amount":
      return "is not an amount; write it like 12000, 12k, or 12000 EUR.";
    case "wrong_type":
      return problem.expected === "object"
        ? "must be an object of fields (JSON) or form fields."
        : `must be ${problem.expected === "text" ? "text" : "text or a number"}.`;
    case "too_many":
      return `has too many values: at most ${problem.limit}.`;
    default:
      return "is not valid.";
  }
}
