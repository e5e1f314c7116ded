import { truncateText } from "../domain/command-text.ts";

// A person's own text inside our mrkdwn: made safe (no mentions, links or formatting they did not
// mean) and short enough to repeat back.

const FORMATTING_LOOKALIKES: Readonly<Record<string, string>> = {
  "*": "∗", // U+2217 asterisk operator
  _: "ˍ", // U+02CD modifier letter low macron
  "~": "∼", // U+223C tilde operator
  "`": "ˋ", // U+02CB modifier letter grave accent
};

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** A marker between two letters or digits (snake_case, 5*3) can't open or close formatting. */
function isInsideWord(text: string, index: number): boolean {
  return index > 0 && WORD_CHAR.test(text[index - 1]!) && WORD_CHAR.test(text[index + 1] ?? "");
}

/**
 * Makes user text safe to show inside our mrkdwn. `&`, `<`, `>` are escaped, so nothing typed can
 * become a mention, `<!channel>` or a link. Slack has no escape for `*_~` and backticks, so where a
 * marker could pair up with another (two or more in the text, not inside a word) it is swapped for
 * a look-alike character; a lone marker and snake_case stay exactly as typed. A line starting with
 * `>` would still quote, so it gets an invisible soft hyphen in front.
 */
export function escapeMrkdwn(text: string): string {
  // Positions are decided on the original text: some look-alikes count as letters.
  const chars = text.split("");
  for (const [marker, lookalike] of Object.entries(FORMATTING_LOOKALIKES)) {
    const active: number[] = [];
    for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, i + 1)) {
      if (marker === "`" || !isInsideWord(text, i)) active.push(i);
    }
    if (active.length < 2) continue;
    for (const i of active) chars[i] = lookalike;
  }
  const result = chars.join("");
  return result
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/^(\s*)&gt;/gm, "$1\u00ad&gt;");
}

/**
 * Longest piece of a person's own text repeated back in an answer ("There is no stage called
 * “…”"). Slack sends up to 4,000 characters of command text, and escaping can make it five
 * times longer: an echo cut to this stays far inside Block Kit's 3,000-character sections.
 */
export const ECHO_LIMIT = 80;

/** A person's text to repeat back in mrkdwn: one line, cut to `limit` characters (…), escaped. */
export function echoInput(text: string, limit: number = ECHO_LIMIT): string {
  return escapeMrkdwn(truncateText(text.replace(/\s+/g, " ").trim(), limit));
}

/** echoInput in “quotes”. */
export function quoteInput(text: string, limit: number = ECHO_LIMIT): string {
  return `“${echoInput(text, limit)}”`;
}

/** A person's text quoted back as `code`: one line, cut to `limit` characters, &<> escaped, no backticks. */
export function codeInput(text: string, limit: number = ECHO_LIMIT): string {
  const line = truncateText(text.replace(/\s+/g, " ").replaceAll("`", "'").trim(), limit);
  return `\`${line.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")}\``;
}
