import { WebClient } from "@slack/web-api";

/** Whether the app can post in a conversation, as far as Slack tells it. */
export type ChannelAccess = "ok" | "direct_message" | "private" | "archived" | "unchecked";

/**
 * Can the app post in `channelId`? A public channel (chat:write.public), a private one it is
 * in, and the person's own DM with the app: yes. A DM between people or a private channel the
 * app is not in: Slack hides it from the app (`channel_not_found`). Asked with a short timeout
 * and no retries, since the person is waiting for the answer.
 */
export async function channelAccess(
  client: WebClient,
  botToken: string | undefined,
  channelId: string,
  userId: string,
): Promise<ChannelAccess> {
  const quick = new WebClient(botToken, {
    slackApiUrl: client.slackApiUrl,
    timeout: 1_500,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  try {
    if (isDirectMessage(channelId)) {
      // The only DM the app can post in with this person is its own (conversations.open: im:write).
      const { channel } = await quick.conversations.open({ users: userId });
      return channel?.id === channelId ? "ok" : "direct_message";
    }
    const { channel } = await quick.conversations.info({ channel: channelId });
    if (!channel) return "private";
    if (channel.is_archived) return "archived";
    if ((channel.is_private || channel.is_mpim || channel.is_group) && !channel.is_member) return "private";
    return "ok";
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    return code === "channel_not_found" ? "private" : "unchecked";
  }
}

/** Slack's direct-message conversation ids start with D. */
export function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith("D");
}
