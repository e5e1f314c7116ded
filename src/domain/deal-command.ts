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
  /** The deal's changes, newest first, a page at a time (page 1 is the newest). */
  | { readonly kind: "history"; readonly query: string; readonly page: number }
  /** The deals `filter` names as a CSV file, in Handoff's export format. */
  | { readonly kind: "export"; readonly filter: ListFilter }
  /** A known sub-command without what it needs; the Slack layer words how to write it. */
  | ({ readonly kind: "usage" } & DealCommandShortfall);

/** Which sub-command was typed short, and what it still needs. */
export type DealCommandShortfall =
  | { readonly verb: "show" | "edit" | "won" | "lost" | "history"; readonly missing: "deal" }
  | { readonly verb: "move"; readonly missing: "deal_and_stage" | "stage" }
  | { readonly verb: "note"; readonly missing: "deal_and_text" | "text" }
  | { readonly verb: "find"; readonly missing: "text" };

export type ListFilter =
  | { readonly kind: "mine" }
  | { readonly kind: "all" }
  | { readonly kind: "user"; readonly userId: string }
  | { readonly kind: "stage"; readonly stage: string };

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
  history: "history",
  log: "history",
  export: "export",
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
    case "export":
      return { kind: "export", filter: parseListFilter(rest) };
    case "find":
      return restText ? { kind: "find", text: restText } : usage({ verb: "find", missing: "text" });
    case "show":
      return rest[0] ? { kind: "show", query: rest.join(" ") } : usage({ verb: "show", missing: "deal" });
    case "move":
      if (rest.length < 2)
        return usage({ verb: "move", missing: rest.length === 0 ? "deal_and_stage" : "stage" });
      return { kind: "move", query: rest.slice(0, -1).join(" "), stage: rest.at(-1)! };
    case "won":
      return rest[0] ? { kind: "won", query: rest.join(" ") } : usage({ verb: "won", missing: "deal" });
    case "lost":
      return rest[0]
        ? { kind: "lost", query: rest[0], reason: after(1) || undefined }
        : usage({ verb: "lost", missing: "deal" });
    case "note":
      if (!rest[0]) return usage({ verb: "note", missing: "deal_and_text" });
      return after(1)
        ? { kind: "note", query: rest[0], text: after(1) }
        : usage({ verb: "note", missing: "text" });
    case "edit":
      return rest[0] ? { kind: "edit", query: rest.join(" ") } : usage({ verb: "edit", missing: "deal" });
    case "history": {
      if (!rest[0]) return usage({ verb: "history", missing: "deal" });
      // `/deal history D-12 2`: a trailing number after the deal is the page.
      const page = rest.length > 1 && /^\d{1,4}$/.test(rest.at(-1)!) ? Number(rest.at(-1)) : undefined;
      const query = (page === undefined ? rest : rest.slice(0, -1)).join(" ");
      return { kind: "history", query, page: Math.max(1, page ?? 1) };
    }
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

function usage(shortfall: DealCommandShortfall): DealCommand {
  return { kind: "usage", ...shortfall };
}
