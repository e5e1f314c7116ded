import { stripControlCharacters } from "../domain/command-text.ts";
import { parseContacts } from "../domain/contacts.ts";
import { type CalendarDate, isValidCalendarDate } from "../domain/dates.ts";
import { isCurrencyCode, parseAmount } from "../domain/money.ts";
import { AppErrorCode, fieldOfError, isAppError } from "../lib/app-error.ts";
import type { DealInput, DealField as ServiceField } from "../services/deal-service.ts";
import { appErrorText } from "./error-messages.ts";
import {
  amountProblemText,
  contactsProblemText,
  fieldProblemsOf,
  fieldProblemText,
  pastDateText,
} from "./field-problems.ts";
import { DealField } from "./ids.ts";
import type { DealFormInput } from "./views/deal-modals.ts";

const DEAL_BLOCKS: Record<ServiceField, string> = {
  name: DealField.Name,
  company: DealField.Company,
  amount: DealField.Amount,
  currency: DealField.Currency,
  closeDate: DealField.CloseDate,
  stage: DealField.Stage,
  owner: DealField.Owner,
  nextStep: DealField.NextStep,
  nextStepDate: DealField.NextStepDate,
  source: DealField.Source,
  contacts: DealField.Contacts,
  reason: DealField.Reason,
  note: DealField.Note,
};

export type FormErrors = Record<string, string>;

/**
 * What the form checks its dates against: today in the workspace, and the dates the deal had
 * (a close date already past may stay as it was; it cannot be moved to another past day).
 */
export interface FormDates {
  readonly today: CalendarDate;
  readonly kept?: { readonly closeDate: CalendarDate | null; readonly nextStepDate: CalendarDate | null };
}

/** The New/Edit deal form as the service's input, or the errors to show next to fields. */
export function dealInputFromForm(
  raw: DealFormInput,
  defaults: { currency: string; ownerId: string; stageId: string },
  dates: FormDates,
): { ok: true; input: DealInput } | { ok: false; errors: FormErrors } {
  const form = Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [
      key,
      typeof value === "string" ? stripControlCharacters(value).trim() || undefined : value,
    ]),
  ) as DealFormInput;
  const errors: FormErrors = {};
  if (!form.name) errors[DealField.Name] = "Give the deal a name.";
  if (!form.company) errors[DealField.Company] = "Which company is this deal with?";
  const currency = form.currency && isCurrencyCode(form.currency) ? form.currency : defaults.currency;
  const parsedAmount = form.amountText ? parseAmount(form.amountText, currency) : undefined;
  if (parsedAmount && !parsedAmount.ok) errors[DealField.Amount] = amountProblemText(parsedAmount.problem);
  const contacts = parseContacts(form.contacts ?? "");
  if (!contacts.ok) errors[DealField.Contacts] = contactsProblemText(contacts.problem);
  const closeDate = readDate(form.closeDate, DealField.CloseDate, errors);
  const nextStepDate = readDate(form.nextStepDate, DealField.NextStepDate, errors);
  refusePast("closeDate", closeDate, dates.kept?.closeDate, dates.today, errors);
  refusePast("nextStepDate", nextStepDate, dates.kept?.nextStepDate, dates.today, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const money = parsedAmount?.ok ? parsedAmount.money : undefined;
  return {
    ok: true,
    input: {
      name: form.name!,
      accountName: form.company ?? null,
      amount: money?.amount ?? null,
      // "12000 EUR" typed in the amount wins over the currency select, as the person wrote it.
      currency: money?.currency ?? currency,
      expectedCloseDate: closeDate,
      ownerId: form.ownerId ?? defaults.ownerId,
      stageId: form.stageId ?? defaults.stageId,
      nextStep: form.nextStep ?? null,
      nextStepDate,
      source: form.source ?? null,
      contacts: contacts.ok ? contacts.contacts : [],
    },
  };
}

function readDate(value: string | undefined, blockId: string, errors: FormErrors): CalendarDate | null {
  if (!value) return null;
  if (isValidCalendarDate(value)) return value;
  errors[blockId] = "Pick a date from the calendar.";
  return null;
}

/** A day before today, unless it is the one the deal already had. */
function refusePast(
  field: "closeDate" | "nextStepDate",
  date: CalendarDate | null,
  kept: CalendarDate | null | undefined,
  today: CalendarDate,
  errors: FormErrors,
): void {
  if (date !== null && date < today && date !== kept) errors[DEAL_BLOCKS[field]] = pastDateText(field, date);
}

/** A day before today refused as a kickoff, next to the kickoff field; undefined when it is not. */
export function pastKickoffErrors(
  kickoffDate: string | undefined,
  today: CalendarDate,
  blockId: string,
): FormErrors | undefined {
  if (!kickoffDate || !isValidCalendarDate(kickoffDate) || kickoffDate >= today) return undefined;
  return { [blockId]: pastDateText("kickoff", kickoffDate) };
}

/** A service refusal about one field, shown next to it; undefined when it is not about a field. */
export function formErrorsFrom(
  error: unknown,
  blocks: Readonly<Record<string, string>> = DEAL_BLOCKS,
): FormErrors | undefined {
  if (
    !isAppError(error) ||
    (error.code !== AppErrorCode.InvalidInput && error.code !== AppErrorCode.Conflict)
  )
    return undefined;
  const problems = fieldProblemsOf(error);
  if (problems) {
    const errors: FormErrors = {};
    for (const { field, problem } of problems) {
      const block = blocks[field];
      if (block && !errors[block]) errors[block] = fieldProblemText(problem);
    }
    return Object.keys(errors).length > 0 ? errors : undefined;
  }
  const field = fieldOfError(error);
  const block = field ? blocks[field] : undefined;
  return block ? { [block]: appErrorText(error) } : undefined;
}
