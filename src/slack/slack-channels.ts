import type { WebClient } from "@slack/web-api";
import type { ChannelDirectory, ChannelKind } from "../services/ports.ts";

/** Whether the app can post in a conversation, as far as Slack tells it. */
export type ChannelAccess = "ok" | "direct_message" | "private" | "archived" | "unchecked";

/**
 * What a conversation is to the bot, asked on the process's quick client (short timeout, no
 * retries: a person or a form is waiting). A Slack that does not answer is "unavailable" or
 * "unchecked", never a guess.
 */
export class SlackChannelDirectory implements ChannelDirectory {
  constructor(private readonly client: WebClient) {}

  /**
   * A channel, a DM or group DM, or nothing the bot can see (`channel_not_found`: no such
   * channel, or a private one the app is not in).
   */
  async kindOf(channelId: string): Promise<ChannelKind> {
    try {
      const { channel } = await this.client.conversations.info({ channel: channelId });
      if (!channel) return "unknown";
      return channel.is_im || channel.is_mpim ? "not_a_channel" : "channel";
    } catch (error) {
      return slackErrorCode(error) === "channel_not_found" ? "unknown" : "unavailable";
    }
  }

  /**
   * Can the app post in `channelId` for `userId`? A public channel (chat:write.public), a
   * private one it is in, and the person's own DM with the app: yes. A DM between people or a
   * private channel the app is not in: Slack hides it from the app (`channel_not_found`).
   */
  async accessFor(channelId: string, userId: string): Promise<ChannelAccess> {
    try {
      if (isDirectMessage(channelId)) {
        // The only DM the app can post in with this person is its own (conversations.open: im:write).
        const { channel } = await this.client.conversations.open({ users: userId });
        return channel?.id === channelId ? "ok" : "direct_message";
      }
      const { channel } = await this.client.conversations.info({ channel: channelId });
      if (!channel) return "private";
      if (channel.is_archived) return "archived";
      if ((channel.is_private || channel.is_mpim || channel.is_group) && !channel.is_member) return "private";
      return "ok";
    } catch (error) {
      return slackErrorCode(error) === "channel_not_found" ? "private" : "unchecked";
    }
  }
}

/** Slack's direct-message conversation ids start with D. */
export function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith("D");
}

function slackErrorCode(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}
