import { parseUserMention } from "./command-text.ts";
import { parseSubcommand } from "./subcommand.ts";

/** What `/deal …` asks for, read from the command text. */
export type DealCommand =
  | { readonly kind: "help" }
  | { readonly kind: "new"; readonly text: string }
  | { readonly kind: "list"; readonly filter: ListFilter }
  | { readonly kind: "show"; readonly query: string }
  | { readonly kind: "find"; readonly text: string }
  | { readonly kind: "move"; readonly query: string; readonly stage: string }
  | { readonly kind: "won"; readonly query: string }
  | { readonly kind: "lost"; readonly query: string; readonly reason: string | undefined }
  | { readonly kind: "note"; readonly query: string; readonly text: string }
  | { readonly kind: "edit"; readonly query: string }
  /** A known sub-command without what it needs; `usage` says how to write it. */
  | { readonly kind: "usage"; readonly usage: string; readonly problem: string };

export type ListFilter =
  | { readonly kind: "mine" }
  | { readonly kind: "all" }
  | { readonly kind: "user"; readonly userId: string }
  | { readonly kind: "stage"; readonly stage: string };

const USAGE = {
  move: "`/deal move <deal> <stage>` — e.g. `/deal move D-12 proposal`",
  won: "`/deal won <deal>` — e.g. `/deal won D-12`",
  lost: "`/deal lost <deal> [reason]` — e.g. `/deal lost D-12 went with a competitor`",
  note: "`/deal note <deal> <text>` — e.g. `/deal note D-12 sent the security questionnaire`",
  edit: "`/deal edit <deal>` — e.g. `/deal edit D-12`",
  show: "`/deal show <deal>` — e.g. `/deal show D-12`",
  find: "`/deal find <text>` — e.g. `/deal find acme`",
} as const;

/** The first words `/deal` knows, with their aliases. */
const VERBS = {
  help: "help",
  "?": "help",
  new: "new",
  create: "new",
  add: "new",
  list: "list",
  ls: "list",
  find: "find",
  search: "find",
  show: "show",
  open: "show",
  move: "move",
  won: "won",
  win: "won",
  lost: "lost",
  lose: "lost",
  note: "note",
  edit: "edit",
} as const;

/**
 * A deal is one token: `D-12`, `12`, a word, or a "quoted phrase" for several words. The
 * rest of the text is the stage, reason or note. Unknown first words are read as a deal
 * (`/deal acme` shows Acme's deal).
 */
export function parseDealCommand(text: string): DealCommand {
  const { verb, args: rest, tokens, after } = parseSubcommand(text, VERBS);
  // Free text (names, reasons, notes) is kept as typed, minus Slack's &amp;/&lt;/&gt; escapes.
  const restText = after(0);
  switch (verb) {
    case "help":
      return { kind: "help" };
    case "new":
      return { kind: "new", text: restText };
    case "list":
      return { kind: "list", filter: parseListFilter(rest) };
    case "find":
      return restText ? { kind: "find", text: restText } : usage("find", "What should I look for?");
    case "show":
      return rest[0] ? { kind: "show", query: rest.join(" ") } : usage("show", "Which deal?");
    case "move":
      if (rest.length < 2)
        return usage("move", rest.length === 0 ? "Which deal, and to which stage?" : "To which stage?");
      return { kind: "move", query: rest.slice(0, -1).join(" "), stage: rest.at(-1)! };
    case "won":
      return rest[0] ? { kind: "won", query: rest.join(" ") } : usage("won", "Which deal was won?");
    case "lost":
      return rest[0]
        ? { kind: "lost", query: rest[0], reason: after(1) || undefined }
        : usage("lost", "Which deal was lost?");
    case "note":
      if (!rest[0]) return usage("note", "Which deal, and what should the note say?");
      return after(1)
        ? { kind: "note", query: rest[0], text: after(1) }
        : usage("note", "What should the note say?");
    case "edit":
      return rest[0] ? { kind: "edit", query: rest.join(" ") } : usage("edit", "Which deal?");
    default:
      return tokens.length === 0 ? { kind: "help" } : { kind: "show", query: tokens.join(" ") };
  }
}

function parseListFilter(tokens: readonly string[]): ListFilter {
  const first = tokens[0];
  if (!first || first.toLowerCase() === "mine" || first.toLowerCase() === "my") return { kind: "mine" };
  if (first.toLowerCase() === "all") return { kind: "all" };
  const userId = parseUserMention(first);
  if (userId) return { kind: "user", userId };
  return { kind: "stage", stage: tokens.join(" ") };
}

function usage(kind: keyof typeof USAGE, problem: string): DealCommand {
  return { kind: "usage", usage: USAGE[kind], problem };
}
