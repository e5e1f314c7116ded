import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { KnownBlock, SectionBlock } from "@slack/types";
import { formatDealRef } from "../../../domain/command-text.ts";
import type { CalendarDate } from "../../../domain/dates.ts";
import type { Project } from "../../../domain/delivery.ts";
import { context, divider, section } from "../blocks.ts";
import type { MessageView } from "../messages.ts";
import { countText, fitMrkdwn, oneLine, userMention } from "../text.ts";
import { dateText, dayOf, JSON_BUDGET, jsonLength, MAX, projectRef } from "./delivery-text.ts";

/** The handoff brief: the first reply in the project thread. */
export interface DealNote {
  readonly authorId: string;
  readonly body: string;
  readonly at: Date;
}

export interface HandoffBriefContext {
  readonly dealNotes: readonly DealNote[];
  /** Shows note dates without this year's year. */
  readonly today?: CalendarDate;
  /** The workspace's IANA zone, to name the day of each note (UTC without it). */
  readonly timeZone?: string;
}

/** Caps at full size; all shrink together when a brief would not fit one message. */
const BRIEF_MAX = {
  goals: 2900,
  commitments: 2900,
  keyContacts: 2900,
  note: 600,
} as const;

/** Below this much room for notes, the three long sections are cut further to make some. */
const NOTES_MIN_BUDGET = 2500;
const NOTE_BLOCKS_MAX = 40;
const SCALES = [1, 0.75, 0.55, 0.4, 0.25, 0.1] as const;

function quoted(text: string, max: number): string {
  return fitMrkdwn(text.trim(), max, (escaped) =>
    escaped
      .split("\n")
      .map((line) => `>${line}`)
      .join("\n"),
  );
}

function briefSection(label: string, value: string | null, max: number): SectionBlock {
  const heading = `*${label}*\n`;
  const body = value === null ? "" : fitMrkdwn(value.trim(), max - heading.length);
  return section(`${heading}${body || "_None given._"}`);
}

function noteEntry(note: DealNote, max: number, ctx: HandoffBriefContext): string {
  const day = dayOf(note.at, ctx.timeZone);
  const when = day === undefined ? "" : ` · ${dateText(day, ctx.today)}`;
  const heading = `${userMention(note.authorId)}${when}\n`;
  return `${heading}${quoted(note.body, Math.max(1, max - heading.length)) || ">—"}`;
}

/**
 * Notes, newest first, packed into sections of at most Slack's 3,000 characters while the
 * blocks stay within `budget` characters of JSON; returns the blocks and how many notes fit.
 */
function noteBlocks(
  notes: readonly DealNote[],
  noteMax: number,
  budget: number,
  ctx: HandoffBriefContext,
): { blocks: SectionBlock[]; shown: number } {
  const blocks: SectionBlock[] = [];
  const heading = "*Notes from sales*";
  let current = heading;
  let used = 0;
  let shown = 0;
  const flush = () => {
    blocks.push(section(current));
    used += jsonLength(blocks.at(-1)) + 1;
    current = "";
  };
  for (const note of notes) {
    const entry = noteEntry(note, noteMax, ctx);
    const joined = current === "" ? entry : `${current}${current === heading ? "\n" : "\n\n"}${entry}`;
    if (joined.length <= L.sectionText) {
      if (used + jsonLength(section(joined)) + 1 > budget) break;
      current = joined;
    } else {
      if (blocks.length + 2 > NOTE_BLOCKS_MAX) break;
      if (used + jsonLength(section(current)) + jsonLength(section(entry)) + 2 > budget) break;
      flush();
      current = entry;
    }
    shown++;
  }
  if (current !== "") flush();
  return { blocks, shown };
}

function briefBlocks(project: Project, ctx: HandoffBriefContext, scale: number, notes: readonly DealNote[]) {
  const cap = (max: number) => Math.max(200, Math.floor(max * scale));
  const intro: string[] = ["*Handoff brief*"];
  if (project.dealNumber !== null) intro.push(`from ${formatDealRef(project.dealNumber)}`);
  if (project.salesOwnerId !== null) intro.push(`sold by ${userMention(project.salesOwnerId)}`);
  const blocks: KnownBlock[] = [
    context(intro.join(" · ")),
    briefSection("Customer goals", project.goals, cap(BRIEF_MAX.goals)),
    briefSection("Commitments made", project.commitments, cap(BRIEF_MAX.commitments)),
    briefSection("Key contacts", project.keyContacts, cap(BRIEF_MAX.keyContacts)),
  ];
  if (notes.length === 0) return { blocks, fits: jsonLength(blocks) <= JSON_BUDGET };
  blocks.push(divider());
  const moreReserve = 200;
  const budget = JSON_BUDGET - jsonLength(blocks) - moreReserve;
  const { blocks: noteSections, shown } = noteBlocks(notes, cap(BRIEF_MAX.note), budget, ctx);
  blocks.push(...noteSections);
  const more = notes.length - shown;
  if (more > 0) {
    const where = project.dealNumber === null ? "" : ` on ${formatDealRef(project.dealNumber)}`;
    blocks.push(context(`and ${countText(more, "more note", "more notes")}${where}`));
  }
  return { blocks, fits: (more === 0 || budget >= NOTES_MIN_BUDGET) && jsonLength(blocks) <= JSON_BUDGET };
}

/** Goals, commitments, key contacts and the deal's notes (newest first), always one message. */
export function handoffBrief(project: Project, ctx: HandoffBriefContext): MessageView {
  const notes = [...ctx.dealNotes].sort((a, b) => b.at.getTime() - a.at.getTime());
  const text = fitMrkdwn(`Handoff brief for ${projectRef(project)} · ${oneLine(project.name)}`, MAX.fallback);
  let built = briefBlocks(project, ctx, SCALES[0], notes);
  for (const scale of SCALES.slice(1)) {
    if (built.fits) break;
    built = briefBlocks(project, ctx, scale, notes);
  }
  return { text, blocks: built.blocks };
}
