import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { KnownBlock } from "@slack/types";
import { changedFields } from "../../domain/audit.ts";
import { truncateText } from "../../domain/command-text.ts";
import { formatDate, todayIn, zonedParts } from "../../domain/dates.ts";
import { context, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { countText, fitMrkdwn, oneLine, userMention } from "./text.ts";

/** Events listed per page of `/handoff audit`. */
export const AUDIT_PAGE_SIZE = 15;
/** Changed fields shown per event; the rest are counted. */
const FIELDS_SHOWN = 3;

export interface AuditLogEntry {
  readonly actorId: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: Date;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return countText(value.length, "entry", "entries");
  return fitMrkdwn(oneLine(typeof value === "string" ? value : JSON.stringify(value)), 80) || "—";
}

/** The record's name when its snapshot has one ("Acme renewal"). */
function nameOf(entry: AuditLogEntry): string {
  for (const side of [entry.after, entry.before]) {
    const name = typeof side === "object" && side !== null ? (side as { name?: unknown }).name : undefined;
    if (typeof name === "string" && name !== "") return ` ${fitMrkdwn(oneLine(name), 80)}`;
  }
  return "";
}

function entryText(entry: AuditLogEntry, timeZone: string, today: string): string {
  const { year, month, day, hour, minute } = zonedParts(entry.at, timeZone);
  const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const when = `${formatDate(date, { today })} ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
  const who = entry.actorId ? userMention(entry.actorId) : "Handoff";
  const changes = entry.before === null ? [] : changedFields(entry.before, entry.after);
  const lines = changes
    .slice(0, FIELDS_SHOWN)
    .map((c) => `• ${c.field}: ${valueText(c.before)} → ${valueText(c.after)}`);
  if (changes.length > FIELDS_SHOWN)
    lines.push(`• and ${countText(changes.length - FIELDS_SHOWN, "more field", "more fields")}`);
  return [`*${when}* · ${who} · \`${entry.action}\` · ${entry.entityType}${nameOf(entry)}`, ...lines].join(
    "\n",
  );
}

/** `/handoff audit`: the latest changes, newest first, a page at a time; private. */
export function auditLogMessage(
  entries: readonly AuditLogEntry[],
  ctx: { page: number; more: boolean; timeZone: string; now: Date; filter: string; nextCommand: string },
): MessageView {
  const today = todayIn(ctx.timeZone, ctx.now);
  const blocks: KnownBlock[] = [header("Audit log")];
  if (ctx.filter) blocks.push(context(ctx.filter));
  for (const entry of entries)
    blocks.push(section(truncateText(entryText(entry, ctx.timeZone, today), L.sectionText)));
  if (entries.length === 0)
    blocks.push(section(ctx.page > 1 ? "No older changes." : "No changes recorded yet."));
  const older = ctx.more ? ` · older: \`${ctx.nextCommand}\`` : "";
  blocks.push(
    context(
      `Page ${ctx.page}, newest first${older} · Filter: \`/handoff audit @person\` or \`/handoff audit D-12\` · Only you can see this.`,
    ),
  );
  return { text: `Audit log: ${countText(entries.length, "change", "changes")} on page ${ctx.page}`, blocks };
}
