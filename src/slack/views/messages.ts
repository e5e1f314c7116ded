import type { KnownBlock } from "@slack/types";
import { section } from "./blocks.ts";

/** A message body for chat.postMessage, ack() or respond(): fallback text plus blocks. */
export interface MessageView {
  text: string;
  blocks?: KnownBlock[];
}

/** A private one-liner: the shape of every refusal and error we send. */
export function privateNotice(text: string): MessageView {
  return { text, blocks: [section(text)] };
}
