import { truncateText } from "../domain/command-text.ts";
import type { ContactsProblem } from "../domain/contacts.ts";
import { DATE_EXAMPLES, type DateProblem, formatDate, MONTH_LONG, WEEKDAY_LONG } from "../domain/dates.ts";
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
