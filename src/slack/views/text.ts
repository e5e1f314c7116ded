import { truncateText } from "../../domain/command-text.ts";
import { formatMoney } from "../../domain/money.ts";
import { escapeMrkdwn } from "../mrkdwn.ts";

// Text helpers shared by the views: user text made safe and short for mrkdwn and plain_text.

/** Names and the like shown on one line: any run of whitespace, newlines included, is one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * User text made safe for our mrkdwn and cut so that, escaped (and wrapped, when `wrap` adds
 * markup around it), it is at most `max` characters: escaping can make "&" five times longer.
 */
export function fitMrkdwn(text: string, max: number, wrap: (escaped: string) => string = (s) => s): string {
  let cut = Math.min(text.length, max);
  for (;;) {
    const fitted = wrap(escapeMrkdwn(truncateText(text, cut)));
    if (fitted.length <= max || cut <= 1) return fitted;
    cut = Math.max(1, Math.min(cut - 1, Math.floor((cut * max) / fitted.length)));
  }
}

/** User text for a plain_text object: one line, within `max`, never empty. */
export function plainText(text: string, max: number, fallback = "—"): string {
  return truncateText(oneLine(text), max) || fallback;
}

/** `<@U123>` for a Slack user id; anything else is shown as text, so it can't become a token. */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(truncateText(userId, 40));
}

/**
 * A deal's owner in a line: their mention, or "not taken yet" for a lead the app holds until
 * someone clicks Take it (naming the app would read as if it were working the deal).
 */
export function ownerText(deal: {
  readonly ownerId: string;
  readonly awaitingOwner?: boolean | undefined;
}): string {
  return deal.awaitingOwner ? "_not taken yet_" : userMention(deal.ownerId);
}

/** "$12,000", or "—" while the amount is unknown. Never throws on a malformed stored amount. */
export function amountText(amount: string | null, currency: string): string {
  if (amount === null) return "—";
  try {
    return formatMoney({ amount, currency });
  } catch {
    return fitMrkdwn(`${amount} ${currency}`, 60);
  }
}

export function countText(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
