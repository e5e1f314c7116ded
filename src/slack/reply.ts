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

/** Where a click on a message came from, as block_actions payloads say it. */
interface ClickContainer {
  type?: string;
  channel_id?: string;
  message_ts?: string;
  thread_ts?: string;
  is_ephemeral?: boolean;
}

/**
 * Whether the clicked message is one only the clicker sees: an ephemeral answer, or a message in
 * their DM with the app (DM ids start with D, not in a thread). Redrawing it in place through
 * response_url changes nothing anyone else sees.
 */
export function isPrivateMessageClick(body: unknown): boolean {
  const container = (body as { container?: ClickContainer } | null)?.container;
  if (container?.type !== "message") return false;
  if (container.is_ephemeral === true) return true;
  const inThread = container.thread_ts !== undefined && container.thread_ts !== container.message_ts;
  return container.channel_id?.startsWith("D") === true && !inThread;
}

/**
 * The thread a clicked message is a reply in, if any. An answer there must be posted with
 * chat.postEphemeral: Slack ignores thread_ts on a response_url answer, which then lands in
 * the channel, away from the task the person was looking at.
 */
export function threadOfClick(body: unknown): { channelId: string; threadTs: string } | undefined {
  const container = (body as { container?: ClickContainer } | null)?.container;
  if (container?.type !== "message" || container.is_ephemeral) return undefined;
  const { channel_id: channelId, thread_ts: threadTs, message_ts: messageTs } = container;
  if (!channelId || !threadTs || threadTs === messageTs) return undefined;
  return { channelId, threadTs };
}

/** A private answer to a click: in the clicked message's thread when it is a reply, else through response_url. */
export async function answerClickPrivately(
  args: { body: unknown; client: WebClient; respond: RespondFn },
  userId: string,
  message: MessageView,
): Promise<void> {
  const thread = threadOfClick(args.body);
  if (thread) {
    try {
      await args.client.chat.postEphemeral({
        channel: thread.channelId,
        user: userId,
        thread_ts: thread.threadTs,
        ...message,
      });
      return;
    } catch {
      // not_in_channel and the like: the response_url still reaches the person.
    }
  }
  await respondPrivately(args.respond, message);
}
