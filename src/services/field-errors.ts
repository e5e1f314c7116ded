import type { FieldProblemAt } from "../domain/limits.ts";
import { AppError } from "../lib/app-error.ts";

/**
 * A refusal of one or more form fields. The service says which field and why (a code and its
 * data); the Slack layer words it next to the field (slack/field-problems.ts).
 */
export function invalidFields(problems: readonly FieldProblemAt[]): AppError {
  const first = problems[0];
  return new AppError("fields.invalid", { field: first?.field, fieldProblems: problems });
}
