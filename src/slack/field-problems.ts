import { truncateText } from "../domain/command-text.ts";
import type { ContactsProblem } from "../domain/contacts.ts";
import { DATE_EXAMPLES, type DateProblem, formatDate, MONTH_LONG, WEEKDAY_LONG } from "../domain/dates.ts";
import type { TemplateExpected, TemplatePath, TemplateProblem } from "../domain/delivery-rules.ts";
import type { FieldProblem, FieldProblemAt } from "../domain/limits.ts";
import { AMOUNT_EXAMPLES, type AmountProblem } from "../domain/money.ts";
import { isAppError } from "../lib/app-error.ts";
import { userMention } from "./views/text.ts";

/** A service's reason for refusing a field, in words for the person who filled it in. */
export function fieldProblemText(problem: FieldProblem): string {
  switch (problem.kind) {
    case "required":
      return "Please fill this in.";
    case "too_long":
      return `Keep this under ${problem.limit.toLocaleString("en-US")} characters (it has ${problem.length.toLocaleString("en-US")}).`;
    case "too_many":
      return `Up to ${problem.limit} here (there are ${problem.count}).`;
    case "invalid_date":
      return "Pick a date from the calendar.";
    case "invalid_time":
      return "Pick a time from the list (00:00 to 23:59).";
    case "date_out_of_range":
      return `Pick a date between ${formatDate(problem.earliest, { withYear: true })} and ${formatDate(problem.latest, { withYear: true })}.`;
    case "invalid_currency":
      return "Pick a currency from the list.";
    case "invalid_amount":
      return "Write the amount as a number, e.g. 12000 or 12k.";
    case "invalid_email":
      return "Write an email address like name@example.com.";
    case "wrong_type":
      return problem.expected === "text_or_number"
        ? "Write this as text or a number."
        : `Write this as ${problem.expected === "text" ? "text" : "a set of fields"}.`;
    case "unknown_person":
      return `${userMention(problem.userId)} isn't anyone in this workspace — pick a person from the list.`;
    case "not_a_person":
      return `${userMention(problem.userId)} is a bot — pick a person.`;
    case "person_unchecked":
      return "Slack didn't tell us in time who that is — please save again in a moment.";
    case "unknown_channel":
      return "Handoff can't find that channel — pick a public channel, or invite the app to the private one first.";
    case "not_a_channel":
      return "That is not a channel (a direct message or group DM) — pick a channel.";
    case "channel_unchecked":
      return "Slack didn't tell us in time about that channel — please save again in a moment.";
    case "changed_since_opened":
      return `${problem.by ? userMention(problem.by) : "Someone"} changed this since you opened the form, so your change would undo theirs. Cancel, open the form again to see theirs, and make your change there.`;
    case "unknown_choice":
      return "That choice no longer exists — pick one from the list.";
    case "bad_date_line":
      return `Line ${problem.line}: ${dateProblemText(problem.problem)}`;
  }
}

/** Why a typed amount is not one, and what would work. */
export function amountProblemText(problem: AmountProblem): string {
  const quoted = (input: string) => `"${truncateText(input, 40)}"`;
  switch (problem.kind) {
    case "empty":
      return `Enter an amount — for example ${AMOUNT_EXAMPLES}.`;
    case "unreadable":
      return `${quoted(problem.input)} isn't an amount I can read — try ${AMOUNT_EXAMPLES}.`;
    case "no_number":
      return `${quoted(problem.input)} has no number — try ${problem.currency} 12000.`;
    case "kr_ambiguous":
      return `"kr" could be SEK, NOK, DKK or ISK — write the code instead, like 12000 SEK.`;
    case "unknown_currency":
      return `I don't know the currency "${problem.currency}" — use an ISO code like USD, EUR, GBP or CHF.`;
    case "two_currencies":
      return `${quoted(problem.input)} names two currencies (${problem.first} and ${problem.second}) — keep one.`;
    case "ambiguous_separator":
      return `${quoted(problem.input)} could mean ${problem.thousands} or ${problem.decimal} — write ${problem.thousands} or ${problem.decimal} instead.`;
    case "negative":
      return "An amount can't be negative — enter what the deal is worth, like 12000.";
    case "zero":
      return `The amount must be more than zero — for example ${AMOUNT_EXAMPLES}.`;
    case "too_large":
      return `${quoted(problem.input)} is more than 10,000,000,000,000 — check the number of zeros.`;
    case "no_minor_units":
      return `${problem.currency} has no cents — use a whole number, like ${problem.rounded}.`;
    case "too_many_decimals":
      return `${quoted(problem.input)} has more decimals than ${problem.currency} uses (${problem.minorUnits}) — round it, like ${problem.rounded}.`;
  }
}

/** Why typed text is not a date, and what would work. */
export function dateProblemText(problem: DateProblem): string {
  const quoted = (input: string) => `"${truncateText(input, 40)}"`;
  const month = (n: number) => MONTH_LONG[n - 1]!;
  switch (problem.kind) {
    case "empty":
      return `Enter a date — for example ${DATE_EXAMPLES}.`;
    case "unreadable":
      return `${quoted(problem.input)} isn't a date I can read — try ${DATE_EXAMPLES}.`;
    case "too_far":
      return `${quoted(problem.input)} is too far away.`;
    case "no_year_zero":
      return "There's no year 0 — write a year like 2026.";
    case "no_such_month":
      return `There's no month ${problem.month} — months go from 1 to 12.`;
    case "no_such_day":
      return `There's no day ${problem.day} — days start at 1.`;
    case "not_a_leap_year":
      return `${problem.year} isn't a leap year — February ${problem.year} has only 28 days.`;
    case "month_too_short":
      if (problem.year !== null)
        return `${month(problem.month)} ${problem.year} has only ${problem.days} days.`;
      return problem.month === 2
        ? `February never has ${problem.day} days — at most 29.`
        : `${month(problem.month)} has only ${problem.days} days.`;
    case "wrong_weekday": {
      const [year, monthNumber, day] = problem.date.split("-").map(Number);
      const date = `${day} ${month(monthNumber!).slice(0, 3)} ${year}`;
      return `${date} is a ${WEEKDAY_LONG[problem.actual]}, not a ${WEEKDAY_LONG[problem.claimed]}.`;
    }
    case "no_month_possible":
      return `${quoted(problem.input)} isn't a date — neither number can be a month.`;
    case "day_or_month": {
      const [, firstMonth, firstDay] = problem.dayFirst.split("-").map(Number);
      return (
        `${quoted(problem.input)} could be ${firstDay} ${month(firstMonth!)} or ${month(firstDay!)} ${firstMonth} — ` +
        `write ${problem.dayFirst} or ${problem.monthFirst}.`
      );
    }
    case "business_needs_days":
      return `${quoted(problem.input)}: only days can be business days — try "in 5 business days".`;
    case "needs_day":
      return `${quoted(problem.input)} needs a day — try 5 ${month(problem.month).slice(0, 3)} or end of ${problem.monthWord}.`;
  }
}

/** Why the deal form's contacts can't be read, next to that field. */
export function contactsProblemText(problem: ContactsProblem): string {
  switch (problem.kind) {
    case "too_many":
      return `Up to ${problem.limit} contacts, one per line (there are ${problem.count}).`;
    case "part_too_long":
      return `“${problem.part.slice(0, 30)}…” is too long for a contact (${problem.limit} characters at most).`;
    case "no_name":
      return `“${problem.line.slice(0, 40)}” has no name — write one contact per line: name, title, email.`;
  }
}

/** The field problems an AppError carries (services' invalidFields, or a conflict). */
export function fieldProblemsOf(error: unknown): readonly FieldProblemAt[] | undefined {
  if (!isAppError(error)) return undefined;
  const problems = (error.details as { fieldProblems?: unknown }).fieldProblems;
  return Array.isArray(problems) && problems.length > 0 ? (problems as FieldProblemAt[]) : undefined;
}

/** One line for surfaces without fields (a DM, an ephemeral): the first problem, in words. */
export function fieldProblemsSummary(problems: readonly FieldProblemAt[]): string {
  return fieldProblemText(problems[0]!.problem);
}

/** The form fields that refuse a day before today, each for its own reason. */
export type PastDateField = "closeDate" | "nextStepDate" | "kickoff";

/** Why a day before today is refused: what it would do, and what to pick instead. */
export function pastDateText(field: PastDateField, date: string): string {
  const day = formatDate(date, { withYear: true });
  switch (field) {
    case "closeDate":
      return `${day} is in the past. Pick the day you now expect it to close, or leave it empty.`;
    case "nextStepDate":
      return `${day} is in the past. Pick the day the next step will happen, or leave it empty.`;
    case "kickoff":
      return `${day} is in the past: the project would open Late, its first tasks already overdue. Pick today or a later day.`;
  }
}

const TEMPLATE_SHAPE = 'The template must be a JSON object like {"phases": [{"name": "…", "tasks": […]}]}';

const EXPECTED: Record<TemplateExpected, string> = {
  text: "text",
  object: "an object",
  phases: "a list of phases",
  tasks: "a list of tasks",
  days: "a whole number of days",
  task_key: "a task key",
  task_keys: "a list of task keys",
};

/** "phases[1].tasks[0].dependsOn": how the JSON would be navigated. */
export function templatePathText(path: TemplatePath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

function fieldsText(keys: readonly string[]): string {
  return `unknown field${keys.length === 1 ? "" : "s"} ${keys.map((k) => JSON.stringify(k)).join(", ")}`;
}

/** One problem of a template definition, on one line, starting with where it is. */
export function templateProblemText(problem: TemplateProblem): string {
  const words = templateProblemWords(problem);
  return problem.path.length === 0 ? words : `${templatePathText(problem.path)}: ${words}`;
}

function templateProblemWords(problem: TemplateProblem): string {
  const key = "key" in problem ? JSON.stringify(problem.key) : "";
  switch (problem.kind) {
    case "no_text":
      return `Paste the template as JSON. ${TEMPLATE_SHAPE}.`;
    case "json_ends_early":
      return `Line ${problem.line}: the JSON ends too early — a closing bracket, brace or quote is probably missing.`;
    case "json_trailing_comma":
      return `Line ${problem.line}, column ${problem.column}: remove the comma before this ${problem.closing} — JSON doesn't allow a trailing comma.`;
    case "json_syntax":
      return problem.line === undefined
        ? `Not valid JSON: ${problem.message}`
        : `Line ${problem.line}, column ${problem.column}: ${problem.message} — the text isn't valid JSON.`;
    case "not_an_object":
      return TEMPLATE_SHAPE;
    case "unknown_fields":
      return problem.path.length === 0
        ? `The template has ${fieldsText(problem.keys)}`
        : fieldsText(problem.keys);
    case "missing":
      return "is missing";
    case "wrong_type":
      return `must be ${EXPECTED[problem.expected]}`;
    case "empty_text":
      return "must not be empty";
    case "text_too_long":
      return `must be at most ${problem.max} characters`;
    case "bad_task_key":
      return `${JSON.stringify(problem.key)} is not a valid key — use up to 48 lower-case letters, digits and dashes, like "kickoff-meeting"`;
    case "offset_out_of_range":
      return `must be between ${problem.min} and ${problem.max} days`;
    case "too_few":
      return problem.what === "tasks" ? "needs at least one task" : "needs at least one phase";
    case "too_many":
      return problem.what === "dependencies"
        ? `can name at most ${problem.max} tasks`
        : `can have at most ${problem.max} ${problem.what}`;
    case "dependency_twice":
      return `${key} is listed twice`;
    case "dependency_self":
      return `${key} is this task itself`;
    case "dependency_not_earlier":
      return `${key} is not an earlier task — a task can only wait on tasks above it`;
    case "dependency_unknown":
      return `${key} is not a task of this template`;
    case "duplicate_key":
      return `${key} is already the key of ${templatePathText(problem.firstAt)}`;
    case "too_many_tasks":
      return `has ${problem.total} tasks in all; a template can have at most ${problem.max}`;
    case "no_such_task":
      return `The template has no task ${key} any more — someone changed it; open it again.`;
    case "more_problems":
      return `…and ${problem.count} more problem${problem.count === 1 ? "" : "s"}`;
  }
}
