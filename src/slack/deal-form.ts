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

/** The New/Edit deal form as the service's input, or the errors to show next to fields. */
export function dealInputFromForm(
  raw: DealFormInput,
  defaults: { currency: string; ownerId: string; stageId: string },
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
