import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { messagesTabHelpView } from "../../../views/help.ts";

/**
 * Someone wrote in the app's Messages tab. Handoff works by commands, so it answers with them
 * rather than leave the message unanswered. Only a person's new message in the app's DM gets an
 * answer: edits, deletions, bot messages (Bolt already drops the app's own) and channels do not.
 */
export function directMessageReceived() {
  return async ({
    event,
    client,
  }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs): Promise<void> => {
    if (event.channel_type !== "im" || event.subtype !== undefined) return;
    await client.chat.postMessage({ channel: event.channel, ...messagesTabHelpView() });
  };
}
