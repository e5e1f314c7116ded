import { stripControlCharacters, tokenSpans, unescapeSlackText } from "./command-text.ts";

/**
 * A slash command's text read one way for every command: control characters stripped, trimmed,
 * split into tokens (quotes and Slack's `<…>` tokens kept whole), the first word looked up,
 * case-insensitively, in the command's table of words and aliases.
 */
export interface Subcommand<V extends string> {
  /** The sub-command the first word names, or undefined when it names none (or there is none). */
  readonly verb: V | undefined;
  /** The first word as typed (lower-cased), undefined for empty text. */
  readonly word: string | undefined;
  /** Every token, the first word included. */
  readonly tokens: readonly string[];
  /** The tokens after the first word. */
  readonly args: readonly string[];
  /** The whole text, stripped and trimmed but otherwise as typed. */
  readonly text: string;
  /** The text after the token at `index` (0 is the first word), as typed, minus Slack's escapes. */
  after(index: number): string;
}

export function parseSubcommand<V extends string>(
  text: string,
  verbs: Readonly<Record<string, V>>,
): Subcommand<V> {
  const cleaned = stripControlCharacters(text).trim();
  const spans = tokenSpans(cleaned);
  const tokens = spans.map((span) => span.token);
  const word = tokens[0]?.toLowerCase();
  return {
    verb: word !== undefined && Object.hasOwn(verbs, word) ? verbs[word] : undefined,
    word,
    tokens,
    args: tokens.slice(1),
    text: cleaned,
    after: (index) => unescapeSlackText(spans[index] ? cleaned.slice(spans[index].end).trim() : ""),
  };
}
