import type { WebClient } from "@slack/web-api";
import type { ChannelDirectory, ChannelKind } from "../services/ports.ts";

/**
 * What a conversation id is to the bot (conversations.info): a channel, a DM or group DM, or
 * nothing it can see (`channel_not_found`: no such channel, or a private one the app is not in).
 * A Slack that does not answer is "unavailable", never a guess.
 */
export class SlackChannelDirectory implements ChannelDirectory {
  constructor(private readonly client: WebClient) {}

  async kindOf(channelId: string): Promise<ChannelKind> {
    try {
      const { channel } = await this.client.conversations.info({ channel: channelId });
      if (!channel) return "unknown";
      return channel.is_im || channel.is_mpim ? "not_a_channel" : "channel";
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      return code === "channel_not_found" ? "unknown" : "unavailable";
    }
  }
}
