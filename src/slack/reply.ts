import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { MessageView } from "./views/messages.ts";

/**
 * Tells one person something privately where they are: an ephemeral message in the channel
 * they used, or their DM with the app when that is not possible (the app is not in the
 * channel, or there is no channel, e.g. after a modal).
 */
export async function tellPrivately(
  client: WebClient,
  target: { userId: string; channelId?: string | undefined },
  message: MessageView,
): Promise<void> {
  if (target.channelId) {
    try {
      await client.chat.postEphemeral({ channel: target.channelId, user: target.userId, ...message });
      return;
    } catch {
      // not_in_channel, channel_not_found, user_not_in_channel: fall back to the DM.
    }
  }
  await client.chat.postMessage({ channel: target.userId, ...message });
}

/** Answers through a message's response_url, privately, as a new message or in place. */
export async function respondPrivately(
  respond: RespondFn,
  message: MessageView,
  replaceOriginal = false,
): Promise<void> {
  await respond({ response_type: "ephemeral", replace_original: replaceOriginal, ...message });
}
