import { findUserMentions, unescapeSlackText } from "./command-text.ts";
import { type CalendarDate, findDateInText } from "./dates.ts";
import { findAmountInText } from "./money.ts";

export interface DealPrefill {
  readonly name?: string;
  readonly amount?: string;
  readonly currency: string;
  readonly closeDate?: CalendarDate;
  readonly ownerId?: string;
  /** What was read, to echo back ("USD 12,000", "Fri 5 Dec", "@ana"). */
  readonly echo: readonly string[];
}

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
  const echo: string[] = [];
  const cut = (start: number, end: number) => {
    rest = `${rest.slice(0, start)} ${rest.slice(end)}`;
  };

  const mention = findUserMentions(rest)[0];
  let ownerId: string | undefined;
  if (mention) {
    ownerId = mention.userId;
    echo.push(`owner <@${mention.userId}>`);
    cut(mention.start, mention.end);
  }
  const amount = findAmountInText(rest, options.defaultCurrency);
  if (amount) {
    echo.push(`amount ${amount.echo}`);
    cut(amount.start, amount.end);
  }
  const date = findDateInText(rest, { today: options.today });
  if (date) {
    echo.push(`close date ${date.echo}`);
    cut(date.start, date.end);
  }
  const name = unescapeSlackText(rest.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
  const shortName = Array.from(name).slice(0, MAX_NAME).join("").trimEnd();
  return {
    ...(shortName ? { name: shortName } : {}),
    ...(amount ? { amount: amount.money.amount } : {}),
    currency: amount?.money.currency ?? options.defaultCurrency,
    ...(date ? { closeDate: date.date } : {}),
    ...(ownerId ? { ownerId } : {}),
    echo,
  };
}
