import { type ChatPostMessageArguments, WebAPIPlatformError, type WebClient } from "@slack/web-api";
import type { Logger } from "../../lib/logger.ts";
import type { QueuedEffect } from "../../services/slack-effects.ts";

/** Names the effect in each post's metadata, so a retry can find an earlier attempt's message. */
export const EFFECT_EVENT_TYPE = "handoff_effect";
const LOOKUP_PAGES = 5;
/** Lookup refusals that no retry changes: post rather than wait forever. */
const LOOKUP_IMPOSSIBLE = new Set([
  "missing_scope",
  "not_in_channel",
  "channel_not_found",
  "thread_not_found",
]);

/**
 * Posts the effect's message once, however often it is attempted. Each post carries
 * metadata naming the effect; an attempt whose outcome is unknown (Slack answered after the
 * timeout, the connection broke, the process died mid-call) is on record as in doubt, and
 * its retry first reads the conversation since then for that metadata. Slack has no
 * idempotency key for chat.postMessage: this lookup is the only way to know.
 */
export async function postOnce(
  client: WebClient,
  logger: Logger,
  effect: QueuedEffect,
  args: ChatPostMessageArguments,
): Promise<string> {
  if (effect.inDoubtSince) {
    const found = await findPosted(client, logger, effect, args.channel, args.thread_ts, effect.inDoubtSince);
    if (found) return found;
  }
  const posted = await client.chat.postMessage({
    ...args,
    metadata: { event_type: EFFECT_EVENT_TYPE, event_payload: { effect_id: effect.id } },
  });
  return posted.ts!;
}

/** The ts of the message an earlier attempt of this effect posted, if it did. */
async function findPosted(
  client: WebClient,
  logger: Logger,
  effect: QueuedEffect,
  channelOrUser: string,
  threadTs: string | undefined,
  since: Date,
): Promise<string | undefined> {
  try {
    // A DM is posted to the person's id; its history is read from the DM's channel id.
    const channel = /^[UW]/.test(channelOrUser)
      ? (await client.conversations.open({ users: channelOrUser })).channel?.id
      : channelOrUser;
    if (!channel) return undefined;
    // A minute's margin for clocks that disagree.
    const oldest = ((since.getTime() - 60_000) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const args = {
        channel,
        oldest,
        include_all_metadata: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      };
      const read = threadTs
        ? await client.conversations.replies({ ...args, ts: threadTs })
        : await client.conversations.history(args);
      const match = read.messages?.find(
        (m) =>
          m.metadata?.event_type === EFFECT_EVENT_TYPE &&
          (m.metadata.event_payload as { effect_id?: unknown } | undefined)?.effect_id === effect.id,
      );
      if (match?.ts) {
        logger.info(
          { effect: effect.id, ts: match.ts },
          "found an earlier attempt's message; not posting again",
        );
        return match.ts;
      }
      cursor = read.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  } catch (error) {
    // Without the history scopes (an older install) the lookup cannot be made: post, at least once.
    if (error instanceof WebAPIPlatformError && LOOKUP_IMPOSSIBLE.has(String(error.data.error))) {
      logger.warn({ err: error, effect: effect.id }, "cannot look for an earlier attempt; posting");
      return undefined;
    }
    throw error;
  }
}
