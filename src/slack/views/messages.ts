import type { KnownBlock } from "@slack/types";

/** A message body for chat.postMessage, ack() or respond(): fallback text plus blocks. */
export interface MessageView {
  text: string;
  blocks?: KnownBlock[];
}

/** A private one-liner: the shape of every refusal and error we send. */
export function privateNotice(text: string): MessageView {
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
