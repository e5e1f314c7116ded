import {
  BLOCK_KIT_LIMITS as L,
  MESSAGE_BLOCKS_MAX_JSON_CHARS,
} from "@handoff/slack-emulator/block-kit-limits";
import type { KnownBlock } from "@slack/types";
import { truncateText } from "../../../domain/command-text.ts";
import { header, section } from "../blocks.ts";
import type { MessageView } from "../messages.ts";
import { plainText } from "../text.ts";
import { jsonLength } from "./delivery-text.ts";

/** Items listed in one message; Slack stops at 50 blocks anyway. */
export const MAX_LISTED_ITEMS = 40;

/** Room kept for the closing "and N more" line when filling a message with rows. */
const FOOTER_RESERVE = 300;

/**
 * Appends rows while the message stays within `max` rows and Slack's size limit; returns how
 * many were added.
 */
export function appendRows<T>(
  blocks: KnownBlock[],
  items: readonly T[],
  row: (item: T) => KnownBlock,
): number {
  let size = jsonLength(blocks);
  const budget = MESSAGE_BLOCKS_MAX_JSON_CHARS - FOOTER_RESERVE;
  let added = 0;
  for (const item of items.slice(0, MAX_LISTED_ITEMS)) {
    const block = row(item);
    const rowSize = jsonLength(block) + 1;
    if (size + rowSize > budget) break;
    blocks.push(block);
    size += rowSize;
    added++;
  }
  return added;
}

export function listStart(title: string, fallbackTitle: string): KnownBlock[] {
  return [header(plainText(title, L.headerText, fallbackTitle))];
}

export function emptyList(blocks: KnownBlock[], emptyText: string, fallback: string): MessageView {
  const empty = truncateText(emptyText.trim(), L.sectionText) || fallback;
  blocks.push(section(empty));
  return { text: empty, blocks };
}
