import {
  BLOCK_KIT_LIMITS as L,
  MESSAGE_BLOCKS_MAX_JSON_CHARS,
} from "@handoff/slack-emulator/block-kit-limits";
import type { ActionsBlock, Button, KnownBlock, SectionBlock } from "@slack/types";
import { formatDealRef } from "../../domain/command-text.ts";
import { formatDate } from "../../domain/dates.ts";
import { type Deal, daysSince } from "../../domain/deal.ts";
import { addAmounts } from "../../domain/money.ts";
import type { PipelineSummary, StageSummary } from "../../domain/pipeline.ts";
import { DealAction } from "../ids.ts";
import { button, context, divider, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { amountText, countText, fitMrkdwn, oneLine, ownerText, userMention } from "./text.ts";

/** What the Share in channel button carries: the scope to recompute, never the figures themselves. */
export type PipelineShareScope =
  | { readonly scope: "all" }
  | { readonly scope: "owner"; readonly userId: string };

export function pipelineShareValue(scope: PipelineSummary["scope"]): string {
  const value: PipelineShareScope =
    scope.kind === "owner" ? { scope: "owner", userId: scope.userId } : { scope: "all" };
  return JSON.stringify(value);
}

/** How much of a long pipeline fits: fewer stale deals first, then fewer currencies per line. */
interface Detail {
  readonly staleShown: number;
  readonly currencies: number;
}

const DETAIL_LEVELS: readonly Detail[] = [
  { staleShown: 10, currencies: 5 },
  { staleShown: 5, currencies: 3 },
  { staleShown: 3, currencies: 2 },
  { staleShown: 0, currencies: 1 },
];

const NAME_MAX = { stage: 40, deal: 80, period: 60 } as const;

type Amounts = readonly { readonly currency: string; readonly value: string }[];

/** "$48,000 + €10,000", the first `max` currencies and a count of the rest; "—" for none. */
function moneyList(amounts: Amounts, max: number): string {
  if (amounts.length === 0) return "—";
  const shown = amounts.slice(0, Math.max(1, max)).map((a) => amountText(a.value, a.currency));
  const rest = amounts.length - shown.length;
  return rest > 0
    ? `${shown.join(" + ")} + ${countText(rest, "other currency", "other currencies")}`
    : shown.join(" + ");
}

function stageLine(summary: StageSummary, detail: Detail): string {
  const name = `*${fitMrkdwn(oneLine(summary.stage.name), NAME_MAX.stage) || "—"}*`;
  const values = summary.totals.map((t) => ({ currency: t.currency, value: t.value }));
  if (summary.stage.kind !== "open") {
    return `${name} — ${countText(summary.count, "deal", "deals")} · ${moneyList(values, detail.currencies)}`;
  }
  const label = `${name} (${summary.stage.probability}%)`;
  if (summary.count === 0) return `${label} — no deals`;
  const weighted = summary.totals.map((t) => ({ currency: t.currency, value: t.weighted }));
  return `${label} — ${countText(summary.count, "deal", "deals")} · ${moneyList(values, detail.currencies)} · weighted ${moneyList(weighted, detail.currencies)}`;
}

/** Per-currency sums of the open stages, largest currency first. */
function openTotals(stages: readonly StageSummary[]): { count: number; value: Amounts; weighted: Amounts } {
  const sums = new Map<string, { value: string; weighted: string }>();
  let count = 0;
  for (const summary of stages) {
    if (summary.stage.kind !== "open") continue;
    count += summary.count;
    for (const total of summary.totals) {
      const sum = sums.get(total.currency) ?? { value: "0", weighted: "0" };
      try {
        sums.set(total.currency, {
          value: addAmounts(sum.value, total.value),
          weighted: addAmounts(sum.weighted, total.weighted),
        });
      } catch {
        // A malformed figure is left out of the total rather than failing the whole view.
      }
    }
  }
  const entries = [...sums.entries()];
  return {
    count,
    value: entries.map(([currency, s]) => ({ currency, value: s.value })),
    weighted: entries.map(([currency, s]) => ({ currency, value: s.weighted })),
  };
}

/** Lines packed into as few sections as fit Slack's 3000 characters each. */
export function sections(lines: readonly string[]): SectionBlock[] {
  const packed: SectionBlock[] = [];
  let current = "";
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length <= L.sectionText) {
      current = next;
      continue;
    }
    if (current) packed.push(section(current));
    current = line.slice(0, L.sectionText);
  }
  if (current) packed.push(section(current));
  return packed;
}

function staleLine(deal: Deal, now: Date): string {
  const name = fitMrkdwn(oneLine(deal.name), NAME_MAX.deal);
  const stage = fitMrkdwn(oneLine(deal.stage.name), NAME_MAX.stage) || "—";
  const quiet = countText(Math.max(0, daysSince(deal.lastActivityAt, now)), "day", "days");
  return `• *${formatDealRef(deal.number)}* ${name} — ${stage}, ${quiet} quiet, ${ownerText(deal)}`;
}

function staleLines(summary: PipelineSummary, now: Date, detail: Detail): string[] {
  const count = Math.max(summary.staleCount, summary.stale.length);
  if (count === 0) return ["*Stale deals*: none — every open deal has had recent activity."];
  const shown = summary.stale.slice(0, detail.staleShown);
  const lines = [`*Stale deals* (${count})`, ...shown.map((deal) => staleLine(deal, now))];
  const hidden = count - shown.length;
  if (hidden > 0 && shown.length > 0) lines.push(`and ${hidden} more`);
  return lines;
}

function forecastLine(period: PipelineSummary["month"], prefix: string, detail: Detail): string {
  const label = fitMrkdwn(oneLine(period.label), NAME_MAX.period);
  return `${prefix} (${label}): won ${moneyList(period.won, detail.currencies)} · weighted ${moneyList(period.weighted, detail.currencies)}`;
}

interface Frame {
  readonly footer?: string;
  readonly share?: Button;
}

function pipelineBlocks(summary: PipelineSummary, now: Date, frame: Frame, detail: Detail): KnownBlock[] {
  const asOf = formatDate(summary.today, { today: summary.today });
  const whose = summary.scope.kind === "owner" ? `for ${userMention(summary.scope.userId)}` : "All deals";
  const totals = openTotals(summary.stages);
  const stageLines = summary.stages.map((s) => stageLine(s, detail));
  stageLines.push(
    `*Open pipeline* — ${countText(totals.count, "deal", "deals")} · ${moneyList(totals.value, detail.currencies)} · weighted ${moneyList(totals.weighted, detail.currencies)}`,
  );
  const blocks: KnownBlock[] = [
    header("Pipeline"),
    context(`${whose} · ${asOf}`),
    ...sections(stageLines),
    divider(),
    ...sections([
      "*Forecast*",
      forecastLine(summary.month, "This month", detail),
      forecastLine(summary.quarter, "This quarter", detail),
    ]),
    ...sections(staleLines(summary, now, detail)),
  ];
  if (frame.share) {
    blocks.push({ type: "actions", elements: [frame.share] } satisfies ActionsBlock);
  }
  if (frame.footer) blocks.push(context(frame.footer));
  return blocks;
}

/** The most detailed rendering that stays within Slack's message limits. */
function fitted(summary: PipelineSummary, now: Date, frame: Frame): KnownBlock[] {
  let blocks: KnownBlock[] = [];
  for (const detail of DETAIL_LEVELS) {
    blocks = pipelineBlocks(summary, now, frame, detail);
    if (blocks.length <= L.messageBlocks && JSON.stringify(blocks).length <= MESSAGE_BLOCKS_MAX_JSON_CHARS) {
      return blocks;
    }
  }
  return blocks.slice(0, L.messageBlocks);
}

function fallbackText(summary: PipelineSummary): string {
  const open = summary.stages.filter((s) => s.stage.kind === "open").reduce((n, s) => n + s.count, 0);
  const stale = Math.max(summary.staleCount, summary.stale.length);
  return `Pipeline: ${countText(open, "open deal", "open deals")} · ${stale} stale`;
}

export interface PipelineViewContext {
  /** Shown privately to the person who asked: offer to share it, and say only they see it. */
  readonly shareable: boolean;
  readonly now: Date;
}

/** `/pipeline`: per stage count, value and weighted value; forecast; stale deals. */
export function pipelineMessage(summary: PipelineSummary, ctx: PipelineViewContext): MessageView {
  const frame: Frame = ctx.shareable
    ? {
        footer: "Only you can see this.",
        share: button("Share in channel", DealAction.SharePipeline, pipelineShareValue(summary.scope)),
      }
    : {};
  return { text: fallbackText(summary), blocks: fitted(summary, ctx.now, frame) };
}

/** The pipeline as posted in a channel by Share in channel. */
export function sharedPipelineMessage(
  summary: PipelineSummary,
  ctx: { readonly sharedBy: string; readonly now: Date },
): MessageView {
  const blocks = fitted(summary, ctx.now, { footer: `Shared by ${userMention(ctx.sharedBy)}` });
  return { text: fallbackText(summary), blocks };
}
