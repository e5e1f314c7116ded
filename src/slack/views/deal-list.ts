import {
  BLOCK_KIT_LIMITS as L,
  MESSAGE_BLOCKS_MAX_JSON_CHARS,
} from "@handoff/slack-emulator/block-kit-limits";
import type { Button, KnownBlock, SectionBlock } from "@slack/types";
import { formatDealRef } from "../../domain/command-text.ts";
import { type CalendarDate, formatDate } from "../../domain/dates.ts";
import { type Deal, isStale } from "../../domain/deal.ts";
import { DealAction } from "../ids.ts";
import { button, context, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { amountText, countText, fitMrkdwn, oneLine, ownerText, plainText } from "./text.ts";

/** Deals listed in one message; more would crowd it, and Slack stops at 50 blocks anyway. */
export const MAX_LISTED_DEALS = 40;
const MAX_CANDIDATES = 20;

const LINE_MAX = { name: 100, company: 60, stage: 40 } as const;

/**
 * Room kept for the closing context line when filling a message with deal rows. A row is about
 * 280 characters of JSON, so 40 rows of typical deals fit Slack's ~13k; long names fit fewer.
 * (No accessibility_label on Open for the same reason: the row's text right before it names the deal.)
 */
const FOOTER_RESERVE = 300;

interface Today {
  readonly now: Date;
  readonly today: CalendarDate;
}

/**
 * "*D-12* Acme renewal — Acme · $12,000 · Proposal · closes Fri 5 Dec · @ana · *overdue*".
 * Without `when`, no dates or flags (the ambiguity prompt doesn't need them).
 */
export function dealLine(deal: Deal, when?: Today): string {
  const name = fitMrkdwn(oneLine(deal.name), LINE_MAX.name);
  const parts: string[] = [];
  if (deal.accountName) parts.push(fitMrkdwn(oneLine(deal.accountName), LINE_MAX.company));
  parts.push(amountText(deal.amount, deal.currency));
  parts.push(fitMrkdwn(oneLine(deal.stage.name), LINE_MAX.stage) || "—");
  const open = deal.stage.kind === "open";
  if (when && open && deal.expectedCloseDate !== null) {
    parts.push(`closes ${formatDate(deal.expectedCloseDate, { today: when.today })}`);
  }
  parts.push(ownerText(deal));
  if (when && open && deal.expectedCloseDate !== null && deal.expectedCloseDate < when.today) {
    parts.push("*overdue*");
  }
  if (when && isStale(deal, when.now)) parts.push("_stale_");
  return `*${formatDealRef(deal.number)}* ${name} — ${parts.join(" · ")}`;
}

function openButton(deal: Deal): Button {
  return button("Open", DealAction.ShowDeal, deal.id);
}

function dealRow(deal: Deal, when?: Today): SectionBlock {
  return {
    type: "section",
    text: { type: "mrkdwn", text: dealLine(deal, when) },
    accessory: openButton(deal),
  };
}

/**
 * Appends one row per deal while the message stays within `max` rows and Slack's size limit;
 * returns how many were added.
 */
function appendRows(blocks: KnownBlock[], deals: readonly Deal[], max: number, when?: Today): number {
  let size = JSON.stringify(blocks).length;
  const budget = MESSAGE_BLOCKS_MAX_JSON_CHARS - FOOTER_RESERVE;
  let added = 0;
  for (const deal of deals.slice(0, max)) {
    const row = dealRow(deal, when);
    const rowSize = JSON.stringify(row).length + 1;
    if (size + rowSize > budget) break;
    blocks.push(row);
    size += rowSize;
    added++;
  }
  return added;
}

export interface DealListContext {
  /** "Your open deals", "Deals in Proposal". */
  readonly title: string;
  /** How many deals matched, when `deals` is only the first of them. */
  readonly total: number;
  readonly now: Date;
  readonly today: CalendarDate;
  /** App-written mrkdwn shown when nothing matched ("You have no open deals. …"). */
  readonly emptyText: string;
}

/** `/deal list` and `/deal find`: deals in the order given (most urgent first), each with Open. */
export function dealListMessage(deals: readonly Deal[], ctx: DealListContext): MessageView {
  const title = plainText(ctx.title, L.headerText, "Deals");
  const blocks: KnownBlock[] = [header(title)];
  if (deals.length === 0) {
    const empty = ctx.emptyText.trim() || "No deals match.";
    blocks.push(section(empty));
    return { text: empty, blocks };
  }
  const total = Math.max(ctx.total, deals.length);
  const shown = appendRows(blocks, deals, MAX_LISTED_DEALS, ctx);
  const hidden = total - shown;
  if (hidden > 0) {
    blocks.push(
      context(
        `and ${hidden} more — narrow it with \`/deal list &lt;stage&gt;\` or \`/deal find &lt;text&gt;\``,
      ),
    );
  }
  return { text: fitMrkdwn(`${oneLine(ctx.title)}: ${countText(total, "deal", "deals")}`, 300), blocks };
}

/** "“acme” matches 3 deals — which one?", each with Open, and how to name one exactly. */
export function ambiguousDealMessage(query: string, candidates: readonly Deal[]): MessageView {
  const quoted = `“${fitMrkdwn(oneLine(query), 100)}”`;
  if (candidates.length === 0) {
    const text = `No deal matches ${quoted}. Try \`/deal find\` with part of its name or company.`;
    return { text, blocks: [section(text)] };
  }
  const question = `${quoted} matches ${countText(candidates.length, "deal", "deals")} — which one?`;
  const blocks: KnownBlock[] = [section(question)];
  const shown = appendRows(blocks, candidates, MAX_CANDIDATES);
  const hidden = candidates.length - shown;
  const example = formatDealRef(candidates[0]!.number);
  const hint = `Name a deal by its reference to skip this question, e.g. \`/deal ${example}\`.`;
  blocks.push(context(hidden > 0 ? `and ${hidden} more. ${hint}` : hint));
  return { text: question, blocks };
}
