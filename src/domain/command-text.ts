/**
 * Slash-command text as Slack sends it with `should_escape: true`: mentions arrive as
 * `<@U123|ana>`, channels as `<#C123|sales>`, links as `<https://x|label>`, and the user's own
 * `&`, `<`, `>` arrive as `&amp;`, `&lt;`, `&gt;` — so a raw `<` always opens one of Slack's tokens.
 */

/** Largest reference we accept: references are PostgreSQL `integer`s. */
const MAX_REF = 2_147_483_647;

const ENTITIES: Readonly<Record<string, string>> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };

/**
 * Removes characters no one types on purpose and PostgreSQL cannot store (NUL) or that
 * garble what others see (other C0/C1 controls, bidi overrides); keeps tabs and newlines.
 */
export function stripControlCharacters(text: string): string {
  let kept = "";
  for (const char of text) if (!isUnwantedCodePoint(char.codePointAt(0)!)) kept += char;
  return kept;
}

function isUnwantedCodePoint(code: number): boolean {
  return (
    code <= 0x08 ||
    code === 0x0b ||
    code === 0x0c ||
    (code >= 0x0e && code <= 0x1f) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Undoes Slack's three escapes, in one pass so "&amp;lt;" becomes "&lt;", not "<". */
export function unescapeSlackText(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => ENTITIES[entity]!);
}

const OPENING_QUOTES = new Set(['"', "“", "”", "„"]);
const CLOSING_QUOTES = new Set(['"', "“", "”"]);

function isSpace(char: string): boolean {
  return /\s/.test(char);
}

/**
 * Splits command text on whitespace. Slack's `<…>` tokens stay whole and untouched (a link's
 * label may hold spaces; parse them with the functions below). A quote at the start of a word
 * opens a phrase up to the next quote ("Acme Corp" → Acme Corp); macOS smart quotes count, an
 * unclosed quote runs to the end, and an empty phrase is dropped. Other words are unescaped.
 */
export function tokenize(text: string): string[] {
  return tokenSpans(text).map((span) => span.token);
}

export interface TokenSpan {
  readonly token: string;
  /** Offset just past the token in the raw text, so "the rest" can be taken as typed. */
  readonly end: number;
}

/** tokenize, with where each token ends in the raw text. */
export function tokenSpans(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (isSpace(char)) {
      i++;
      continue;
    }
    if (char === "<") {
      const close = text.indexOf(">", i);
      if (close !== -1) {
        spans.push({ token: text.slice(i, close + 1), end: close + 1 });
        i = close + 1;
        continue;
      }
    }
    if (OPENING_QUOTES.has(char)) {
      let close = i + 1;
      while (close < text.length && !CLOSING_QUOTES.has(text[close]!)) close++;
      const phrase = unescapeSlackText(text.slice(i + 1, close)).trim();
      if (phrase !== "") spans.push({ token: phrase, end: Math.min(close + 1, text.length) });
      i = close + 1;
      continue;
    }
    let end = i + 1;
    while (end < text.length && !isSpace(text[end]!) && text[end] !== "<") end++;
    spans.push({ token: unescapeSlackText(text.slice(i, end)), end });
    i = end;
  }
  return spans;
}

const USER_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>/g;

/** "<@U123ABC|ana>" or "<@U123ABC>" → "U123ABC"; anything else → undefined. */
export function parseUserMention(token: string): string | undefined {
  return /^<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>$/.exec(token.trim())?.[1];
}

export interface UserMention {
  readonly userId: string;
  /** UTF-16 offsets of the whole `<@…>` token; `end` is exclusive. */
  readonly start: number;
  readonly end: number;
}

export function findUserMentions(text: string): UserMention[] {
  return [...text.matchAll(USER_MENTION)].map((match) => ({
    userId: match[1]!,
    start: match.index,
    end: match.index + match[0].length,
  }));
}

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

function parseRef(token: string, prefix: string, bareAllowed: boolean): number | undefined {
  // Trailing punctuation from prose ("D-12," or "D-12.") is not part of the reference.
  const match = /^(?:([A-Za-z])-?|(#))?(\d+)[.,;:!?]?$/.exec(token.trim());
  if (!match) return undefined;
  const [, letter, hash, digits] = match;
  if (letter !== undefined && letter.toUpperCase() !== prefix) return undefined;
  if (letter === undefined && hash === undefined && !bareAllowed) return undefined;
  const significant = digits!.replace(/^0+/, "");
  if (significant === "" || significant.length > 10) return undefined;
  const value = Number(significant);
  return value <= MAX_REF ? value : undefined;
}

/**
 * A deal: "D-12", "d-12", "D12", "#12" or a bare "12" (PRODUCT §4 names deals by `12` too).
 * Zero, signs, decimals and numbers above 2^31−1 are not references.
 */
export function parseDealRef(token: string): number | undefined {
  return parseRef(token, "D", true);
}

/** A project: "P-3", "p3", "#3" or a bare "3" (`/project 3` has no other number to mean). */
export function parseProjectRef(token: string): number | undefined {
  return parseRef(token, "P", true);
}

export function formatDealRef(n: number): string {
  return `D-${n}`;
}

export function formatProjectRef(n: number): string {
  return `P-${n}`;
}

export function formatTaskRef(n: number): string {
  return `T-${n}`;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * At most `max` UTF-16 units (what Block Kit's limits count, and never fewer than characters),
 * cut between graphemes — never inside a surrogate pair or an emoji sequence — with "…" as the
 * last unit when anything was cut.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return "";
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    if (index + segment.length > max - 1) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end).trimEnd()}…`;
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
