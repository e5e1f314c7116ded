import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { KnownBlock } from "@slack/types";
import { changedFields, type FieldChange } from "../../domain/audit.ts";
import { formatDealRef, truncateText } from "../../domain/command-text.ts";
import { formatDate, todayIn, zonedParts } from "../../domain/dates.ts";
import type { Deal } from "../../domain/deal.ts";
import { context, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { countText, fitMrkdwn, oneLine, userMention } from "./text.ts";

/** Changes listed per page of `/deal history`. */
export const HISTORY_PAGE_SIZE = 10;

/** One recorded change of the deal, as the audit log keeps it. */
export interface HistoryEntry {
  readonly actorId: string | null;
  readonly action: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: Date;
}

const ACTIONS: Record<string, string> = {
  "deal.created": "created the deal",
  "deal.edited": "edited",
  "deal.moved": "moved",
  "deal.noted": "added a note",
  "deal.won": "marked it won",
  "deal.lost": "marked it lost",
};

const FIELDS: Record<string, string> = {
  accountName: "company",
  expectedCloseDate: "close date",
  nextStep: "next step",
  nextStepDate: "next step date",
  ownerId: "owner",
  lostReason: "reason",
};

function valueText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "ownerId" && typeof value === "string") return userMention(value);
  if (Array.isArray(value)) return countText(value.length, "entry", "entries");
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return fitMrkdwn(oneLine(text), 120) || "—";
}

function changeLine(change: FieldChange): string {
  const name = FIELDS[change.field] ?? change.field;
  return `• ${name}: ${valueText(change.field, change.before)} → ${valueText(change.field, change.after)}`;
}

function whenText(at: Date, timeZone: string, today: string): string {
  const { year, month, day, hour, minute } = zonedParts(at, timeZone);
  const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return `${formatDate(date, { today })} ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** `/deal history D-12`: who changed what and when, newest first, before → after; private. */
export function dealHistoryMessage(
  deal: Deal,
  entries: readonly HistoryEntry[],
  ctx: { readonly page: number; readonly more: boolean; readonly timeZone: string; readonly now: Date },
): MessageView {
  const ref = formatDealRef(deal.number);
  const today = todayIn(ctx.timeZone, ctx.now);
  const blocks: KnownBlock[] = [
    header(truncateText(`${ref} · ${oneLine(deal.name)} — history`, L.headerText)),
  ];
  for (const entry of entries) {
    const who = entry.actorId ? userMention(entry.actorId) : "Handoff";
    const what = ACTIONS[entry.action] ?? entry.action;
    // A creation lists no before → after: everything was new.
    const changes = entry.before === null ? [] : changedFields(entry.before, entry.after).map(changeLine);
    const text = [`*${whenText(entry.at, ctx.timeZone, today)}* · ${who} ${what}`, ...changes].join("\n");
    blocks.push(section(truncateText(text, L.sectionText)));
  }
  if (entries.length === 0)
    blocks.push(section(ctx.page > 1 ? "No older changes." : "No changes recorded yet."));
  const older = ctx.more ? ` · older changes: \`/deal history ${ref} ${ctx.page + 1}\`` : "";
  blocks.push(context(`Page ${ctx.page}, newest first${older} · Only you can see this.`));
  return {
    text: `${ref} history: ${countText(entries.length, "change", "changes")} on page ${ctx.page}`,
    blocks,
  };
}
