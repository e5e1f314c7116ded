import { findUserMentions, unescapeSlackText } from "./command-text.ts";
import { type CalendarDate, findDateInText, parseDate } from "./dates.ts";
import { findAmountInText, parseAmount } from "./money.ts";

export interface DealPrefill {
  readonly name?: string;
  readonly amount?: string;
  readonly currency: string;
  readonly closeDate?: CalendarDate;
  readonly ownerId?: string;
  /** What was read, in the order read, for the form to repeat back. */
  readonly echo: readonly PrefillEcho[];
  /** Words that look like an amount or a date but could not be read; left out of the name. */
  readonly unreadable?: readonly UnreadableToken[];
}

/** One thing read from the text; amounts and dates as the app writes them ("USD 12,000", "Fri 5 Dec 2026"). */
export type PrefillEcho =
  | { readonly field: "owner"; readonly userId: string }
  | { readonly field: "amount"; readonly value: string }
  | { readonly field: "closeDate"; readonly value: string };

export interface UnreadableToken {
  readonly token: string;
  readonly as: "amount" | "date";
}

/** The numeric date shapes `parseDate` knows: 2027-02-31, 31/02, 31/02/2027, 31.02.2027. */
const DATE_LIKE =
  /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}\/\d{1,2}(?:\/(?:\d{4}|\d{2}))?|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})?)$/;
/** A currency sign before digits, or digits with a magnitude suffix: $12x, 12kk, 1.2.3k, 5mio. */
const AMOUNT_LIKE = /^(?:[$€£¥]\d\S*|\d[\d.,']*(?:[kmb]+|bn|mn|mio))$/i;
/** Punctuation around a word in prose, not part of it. */
const AROUND = /^[("'“‘[]+|[)"'”’\],;:!?]+$/g;

const MAX_NAME = 200;

/**
 * Reads `/deal new Acme renewal 12k @ana next friday` into the New deal form: an amount, a
 * date, an owner mention; what is left is the name. Nothing here is final — the person sees
 * the form and can change every field.
 */
export function readDealPrefill(
  text: string,
  options: { defaultCurrency: string; today: CalendarDate },
): DealPrefill {
  let rest = text;
  const echo: PrefillEcho[] = [];
  const cut = (start: number, end: number) => {
    rest = `${rest.slice(0, start)} ${rest.slice(end)}`;
  };

  const mention = findUserMentions(rest)[0];
  let ownerId: string | undefined;
  if (mention) {
    ownerId = mention.userId;
    echo.push({ field: "owner", userId: mention.userId });
    cut(mention.start, mention.end);
  }
  const amount = findAmountInText(rest, options.defaultCurrency);
  if (amount) {
    echo.push({ field: "amount", value: amount.echo });
    cut(amount.start, amount.end);
  }
  const date = findDateInText(rest, { today: options.today });
  if (date) {
    echo.push({ field: "closeDate", value: date.echo });
    cut(date.start, date.end);
  }
  const unreadable: UnreadableToken[] = [];
  const words = unescapeSlackText(rest.replace(/<[^>]*>/g, " "))
    .split(/\s+/)
    .filter((word) => {
      const token = word.replace(AROUND, "");
      if (DATE_LIKE.test(token) && !parseDate(token, { today: options.today }).ok) {
        unreadable.push({ token, as: "date" });
        return false;
      }
      if (AMOUNT_LIKE.test(token) && !parseAmount(token, options.defaultCurrency).ok) {
        unreadable.push({ token, as: "amount" });
        return false;
      }
      return true;
    });
  const name = words.join(" ").trim();
  const shortName = Array.from(name).slice(0, MAX_NAME).join("").trimEnd();
  return {
    ...(shortName ? { name: shortName } : {}),
    ...(amount ? { amount: amount.money.amount } : {}),
    currency: amount?.money.currency ?? options.defaultCurrency,
    ...(date ? { closeDate: date.date } : {}),
    ...(ownerId ? { ownerId } : {}),
    echo,
    ...(unreadable.length > 0 ? { unreadable } : {}),
  };
}
