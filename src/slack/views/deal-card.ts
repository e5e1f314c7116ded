import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { ActionsBlock, KnownBlock, PlainTextOption, SectionBlock, StaticSelect } from "@slack/types";
import { formatDealRef, truncateText } from "../../domain/command-text.ts";
import { addDays, type CalendarDate, formatDate, todayIn } from "../../domain/dates.ts";
import { type Deal, daysSince, isStale } from "../../domain/deal.ts";
import { openStages, type Stage } from "../../domain/stages.ts";
import { DealAction, DealBlock } from "../ids.ts";
import { button, context, field, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { amountText, fitMrkdwn, oneLine, plainText, userMention } from "./text.ts";

// The general text helpers live in text.ts; digest.ts still imports them from here.

/** "D-12 · Acme renewal" as plain text: the card's header and the modals' deal line. */
export function dealTitle(deal: Pick<Deal, "number" | "name">, max: number): string {
  return truncateText(`${formatDealRef(deal.number)} · ${oneLine(deal.name)}`, max);
}

// ---------------------------------------------------------------------------------------------
// The deal card.

export interface DealCardContext {
  readonly stages: readonly Stage[];
  readonly now: Date;
  readonly today: CalendarDate;
  /** May the viewer change the deal (canChangeDeal)? Without it the card shows no controls. */
  readonly canChange: boolean;
  /** The workspace's IANA zone, to name the day a deal closed; without it, days are counted back from `today`. */
  readonly timeZone?: string;
  /** Where a lead nobody has taken yet can be taken (its New lead message). */
  readonly salesChannelId?: string | undefined;
}

// Per-field caps below Slack's own, so a card with every field at its longest stays well under
// the ~13k characters Slack accepts for a whole message.
const CARD_MAX = {
  company: 300,
  nextStep: 600,
  reason: 600,
  fallback: 300,
} as const;

const PROGRESS_SEGMENTS = 10;

function progressBar(probability: number): string {
  const filled = Math.min(PROGRESS_SEGMENTS, Math.max(0, Math.round(probability / 10)));
  return "▰".repeat(filled) + "▱".repeat(PROGRESS_SEGMENTS - filled);
}

function stageName(stage: Pick<Stage, "name">): string {
  return fitMrkdwn(oneLine(stage.name), L.optionText) || "—";
}

/** "Proposal · 60%  ▰▰▰▰▰▰▱▱▱▱" for an open stage; Won and Lost are just their names. */
function stageText(stage: Stage): string {
  if (stage.kind !== "open") return stageName(stage);
  return `${stageName(stage)} · ${stage.probability}%  ${progressBar(stage.probability)}`;
}

function relativeDays(days: number): string {
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  return `${days} days ago`;
}

const DAY_MS = 86_400_000;

/** The calendar day an instant fell on, for the workspace. */
function dayOf(instant: Date, ctx: Pick<DealCardContext, "now" | "today" | "timeZone">): CalendarDate {
  if (ctx.timeZone !== undefined) {
    try {
      return todayIn(ctx.timeZone, instant);
    } catch {
      // An unknown zone: count back from today below.
    }
  }
  const daysBack = Math.floor(ctx.now.getTime() / DAY_MS) - Math.floor(instant.getTime() / DAY_MS);
  return addDays(ctx.today, -Math.max(0, daysBack));
}

function closeDateText(deal: Deal, today: CalendarDate): string {
  if (deal.expectedCloseDate === null) return "—";
  const date = formatDate(deal.expectedCloseDate, { today });
  const overdue = deal.stage.kind === "open" && deal.expectedCloseDate < today;
  return overdue ? `${date} · *overdue*` : date;
}

function nextStepText(deal: Deal, today: CalendarDate): string {
  const step = deal.nextStep === null ? "" : fitMrkdwn(oneLine(deal.nextStep), CARD_MAX.nextStep);
  if (deal.nextStepDate === null) return step || "—";
  const date = formatDate(deal.nextStepDate, { today });
  const overdue = deal.stage.kind === "open" && deal.nextStepDate < today ? " · *overdue*" : "";
  return step ? `${step} · ${date}${overdue}` : `${date}${overdue}`;
}

function statusLine(deal: Deal, ctx: DealCardContext): string {
  const closedOn = deal.closedAt === null ? "" : formatDate(dayOf(deal.closedAt, ctx), { today: ctx.today });
  switch (deal.stage.kind) {
    case "won":
      return closedOn ? `Won on ${closedOn}` : "Won";
    case "lost": {
      const reason = deal.lostReason === null ? "" : fitMrkdwn(oneLine(deal.lostReason), CARD_MAX.reason);
      const when = closedOn ? ` · ${closedOn}` : "";
      return reason ? `Lost: ${reason}${when}` : `Lost${when}`;
    }
    default: {
      const quiet = `Last activity ${relativeDays(daysSince(deal.lastActivityAt, ctx.now))}`;
      return isStale(deal, ctx.now) ? `${quiet} · *Stale*` : quiet;
    }
  }
}

function stageOption(stage: Stage): PlainTextOption {
  return {
    text: { type: "plain_text", text: plainText(stage.name, L.optionText, stage.key || "Stage") },
    value: stage.id,
  };
}

/** Open stages plus the deal's own (Lost, so picking an open stage reopens it), in pipeline order. */
function stageSelect(deal: Deal, stages: readonly Stage[]): StaticSelect {
  const choices = openStages(stages).filter((s) => s.id !== deal.stage.id);
  const kept = choices.slice(0, L.selectOptions - 1);
  const ordered = [...kept, deal.stage].sort((a, b) => a.position - b.position);
  return {
    type: "static_select",
    action_id: DealAction.StageSelect,
    placeholder: { type: "plain_text", text: "Move to stage" },
    options: ordered.map(stageOption),
    initial_option: stageOption(deal.stage),
  } satisfies StaticSelect;
}

/** `deal.actions:<dealId>:<version>`: see DealBlock in ids.ts. */
export function dealActionsBlockId(deal: Pick<Deal, "id" | "version">): string {
  return `${DealBlock.Actions}:${deal.id}:${deal.version}`;
}

/** The deal and the version a card's controls were drawn for, from their block_id. */
export function readDealActionsBlockId(blockId: string): { dealId: string; version: number } | undefined {
  const prefix = `${DealBlock.Actions}:`;
  if (!blockId.startsWith(prefix)) return undefined;
  const match = /^([^:]+):(\d{1,9})$/.exec(blockId.slice(prefix.length));
  return match ? { dealId: match[1]!, version: Number(match[2]) } : undefined;
}

/** The Owner field: a lead the app holds until Take it says where to take it. */
function ownerField(deal: Deal, ctx: DealCardContext): string {
  if (!deal.awaitingOwner) return userMention(deal.ownerId);
  return ctx.salesChannelId
    ? `nobody yet — new lead, *Take it* in <#${ctx.salesChannelId}>`
    : "nobody yet — new lead, not taken";
}

function gateText(deal: Deal, ctx: DealCardContext): string {
  if (!deal.awaitingOwner)
    return `Only ${userMention(deal.ownerId)}, managers and admins can change this deal.`;
  const where = ctx.salesChannelId ? ` (*Take it* in <#${ctx.salesChannelId}>)` : "";
  return `Nobody has taken this lead yet${where}; until then only managers and admins can change it.`;
}

function controls(deal: Deal, ctx: DealCardContext): KnownBlock {
  if (!ctx.canChange) return context(gateText(deal, ctx));
  const elements: ActionsBlock["elements"] = [];
  // A won deal has gone to delivery: it stays won, so it keeps only notes and edits.
  if (deal.stage.kind !== "won") elements.push(stageSelect(deal, ctx.stages));
  if (deal.stage.kind === "open") {
    elements.push(button("Won", DealAction.Won, deal.id, "primary"));
    // No confirm dialog: Lost opens a form asking for the reason, which can be cancelled.
    elements.push(button("Lost", DealAction.Lost, deal.id, "danger"));
  }
  elements.push(button("Add note", DealAction.AddNote, deal.id));
  elements.push(button("Edit", DealAction.Edit, deal.id));
  return { type: "actions", block_id: dealActionsBlockId(deal), elements } satisfies ActionsBlock;
}

const CONTACTS_SHOWN = 3;

function contactsText(deal: Deal): string {
  const shown = deal.contacts.slice(0, CONTACTS_SHOWN).map((c) => {
    const title = c.title ? ` (${fitMrkdwn(oneLine(c.title), 60)})` : "";
    const email = c.email ? ` ${fitMrkdwn(c.email, 100)}` : "";
    const phone = c.phone ? ` ${fitMrkdwn(oneLine(c.phone), 40)}` : "";
    return `${fitMrkdwn(oneLine(c.name), 80)}${title}${email}${phone}`;
  });
  const more = deal.contacts.length - shown.length;
  return [...shown, ...(more > 0 ? [`and ${more} more`] : [])].join("\n");
}

/** The deal card, as posted in the sales channel or shown privately. */
export function dealCardMessage(deal: Deal, ctx: DealCardContext): MessageView {
  const company = deal.accountName === null ? "" : fitMrkdwn(oneLine(deal.accountName), CARD_MAX.company);
  const amount = amountText(deal.amount, deal.currency);
  const details: SectionBlock = {
    type: "section",
    fields: [
      field("Company", company || "—"),
      field("Amount", amount),
      field("Stage", stageText(deal.stage)),
      field("Owner", ownerField(deal, ctx)),
      field("Expected close", closeDateText(deal, ctx.today)),
      field("Next step", nextStepText(deal, ctx.today)),
      ...(deal.contacts.length > 0 ? [field("Contacts", contactsText(deal))] : []),
    ],
  };
  const blocks: KnownBlock[] = [
    header(dealTitle(deal, L.headerText)),
    details,
    context(statusLine(deal, ctx)),
    controls(deal, ctx),
  ];
  const fallback = fitMrkdwn(
    `${formatDealRef(deal.number)} · ${oneLine(deal.name)} — ${oneLine(deal.stage.name)} · ${amount}`,
    CARD_MAX.fallback,
  );
  return { text: fallback, blocks };
}

// ---------------------------------------------------------------------------------------------
// Thread replies under the card ("moved Demo → Proposal by @ana").

const REPLY_MAX = L.sectionText;

/** Who made a change: a person, or a person's API token ("@ana via API token *CRM sync*"). */
export type ChangedBy = string | { readonly actorId: string; readonly via?: string | undefined };

export function whoChanged(by: ChangedBy): string {
  if (typeof by === "string") return userMention(by);
  const via = by.via ? fitMrkdwn(oneLine(by.via), 80) : "";
  return via ? `${userMention(by.actorId)} via API token *${via}*` : userMention(by.actorId);
}

/** A short reply in the card's thread; `text` is mrkdwn built by the helpers below. */
export function dealThreadReply(text: string): MessageView {
  const line = truncateText(text, REPLY_MAX) || "—";
  return { text: line, blocks: [section(line)] };
}

export function movedText(from: Pick<Stage, "name">, to: Pick<Stage, "name">, by: ChangedBy): string {
  return `moved *${stageName(from)} → ${stageName(to)}* by ${whoChanged(by)}`;
}

export function wonText(by: ChangedBy): string {
  return `marked *Won* by ${whoChanged(by)}`;
}

export function lostText(reason: string, by: ChangedBy): string {
  const why = fitMrkdwn(oneLine(reason), CARD_MAX.reason);
  return why ? `marked *Lost* by ${whoChanged(by)}: ${why}` : `marked *Lost* by ${whoChanged(by)}`;
}

const NOTE_MAX = 2_800;

/** The note as a quote under who wrote it, every line of it quoted. */
export function noteAddedText(note: string, by: ChangedBy): string {
  const quoted = fitMrkdwn(note.trim(), NOTE_MAX, (escaped) =>
    escaped
      .split("\n")
      .map((line) => `>${line}`)
      .join("\n"),
  );
  return `note from ${whoChanged(by)}:\n${quoted}`;
}

/** "edited *amount, close date* by @ana"; the names are the form's labels. */
export function editedText(changedFieldNames: readonly string[], by: ChangedBy): string {
  const names = fitMrkdwn(changedFieldNames.map(oneLine).join(", "), 500);
  return names ? `edited *${names}* by ${whoChanged(by)}` : `edited by ${whoChanged(by)}`;
}

export function reopenedText(to: Pick<Stage, "name">, by: ChangedBy): string {
  return `reopened in *${stageName(to)}* by ${whoChanged(by)}`;
}
