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
 * A deal: "D-12", "d-12", "D12", "#12" or a bare "12" (people name deals by their number alone too).
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
