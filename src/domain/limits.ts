import { stripControlCharacters } from "./command-text.ts";
import { type CalendarDate, type DateProblem, isValidCalendarDate } from "./dates.ts";

/**
 * What a stored field accepts. The modals' max_length and the services' checks both read this
 * one table, so a forged submission meets the same limits as the form, and an Edit form never
 * has to cut a stored value.
 */
export const TEXT_LIMITS = {
  dealName: 200,
  company: 200,
  /** parseAmount reads at most 80 characters. */
  amount: 80,
  nextStep: 500,
  source: 200,
  lostReason: 500,
  note: 2900,
  /** The contacts box, one per line. */
  contacts: 2500,
  handoffGoals: 2500,
  handoffCommitments: 2500,
  handoffKeyContacts: 2000,
  projectName: 200,
  customer: 200,
  /** A lead's contact details. */
  email: 254,
  phone: 50,
} as const;
export type TextLimit = keyof typeof TEXT_LIMITS;

/**
 * The dates a person may give a deal or a project (close, next step, kickoff). Outside this
 * range a date is a slip or a forgery, and task dates planned from it could leave year 9999.
 */
export const DATE_RANGE = { earliest: "2000-01-01", latest: "2099-12-31" } as const;

/** Why a field's value was refused; the Slack layer puts it into words next to the field. */
export type FieldProblem =
  | { readonly kind: "required" }
  | { readonly kind: "too_long"; readonly limit: number; readonly length: number }
  | { readonly kind: "invalid_date" }
  | { readonly kind: "invalid_time" }
  | { readonly kind: "date_out_of_range"; readonly earliest: CalendarDate; readonly latest: CalendarDate }
  | { readonly kind: "invalid_currency" }
  | { readonly kind: "invalid_amount" }
  | { readonly kind: "invalid_email" }
  /** A value of another type than the field takes (a number for a name, a list for text). */
  | { readonly kind: "wrong_type"; readonly expected: "text" | "text_or_number" | "object" }
  | { readonly kind: "unknown_person"; readonly userId: string }
  | { readonly kind: "not_a_person"; readonly userId: string }
  | { readonly kind: "too_many"; readonly limit: number; readonly count: number }
  | { readonly kind: "person_unchecked"; readonly userId: string }
  | { readonly kind: "unknown_channel"; readonly channelId: string }
  | { readonly kind: "not_a_channel"; readonly channelId: string }
  | { readonly kind: "channel_unchecked"; readonly channelId: string }
  /** A stale form: someone (`by`) changed this field since it opened. */
  | { readonly kind: "changed_since_opened"; readonly by: string | null; readonly at: Date | null }
  | { readonly kind: "unknown_choice" }
  /** One line of a one-per-line field (1-based) is not what it should be. */
  | { readonly kind: "bad_date_line"; readonly line: number; readonly problem: DateProblem };

/** A problem and the form field (the service's name for it) it is about. */
export interface FieldProblemAt {
  readonly field: string;
  readonly problem: FieldProblem;
}

/** Text as it may be stored: without control characters PostgreSQL refuses (NUL) or that garble display. */
export function storableText(text: string): string {
  return stripControlCharacters(text).trim();
}

/** A problem with `text` against its limit (counted in characters, as Slack's max_length does). */
export function checkLength(text: string, limit: TextLimit): FieldProblem | undefined {
  const length = [...text].length;
  const max = TEXT_LIMITS[limit];
  return length > max ? { kind: "too_long", limit: max, length } : undefined;
}

export function checkDate(date: string): FieldProblem | undefined {
  if (!isValidCalendarDate(date)) return { kind: "invalid_date" };
  if (date < DATE_RANGE.earliest || date > DATE_RANGE.latest)
    return { kind: "date_out_of_range", ...DATE_RANGE };
  return undefined;
}

/** A Slack channel id as Slack writes it (C… public or G… private; D… is a DM). */
export function isSlackConversationId(value: string): boolean {
  return /^[CGD][A-Z0-9]{2,20}$/.test(value);
}

/** A Slack user id as Slack writes it (U… or W…). */
export function isSlackUserId(value: string): boolean {
  return /^[UW][A-Z0-9]{2,20}$/.test(value);
}
