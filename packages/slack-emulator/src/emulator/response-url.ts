import { flag, optionalString } from "./args.ts";
import { SlackApiError } from "./errors.ts";
import { readMessageContent } from "./message-content.ts";
import type { EmulatorStore } from "./store.ts";
import type { ResponseUrlSource } from "./types.ts";

export interface MessageResponseTarget {
  channelId: string;
  userId: string;
  /** The message the interaction came from, for replace_original / delete_original. */
  source?: ResponseUrlSource;
}

export type MessageResponseOutcome =
  | { kind: "ephemeral" | "in_channel"; ts: string }
  | { kind: "replaced" | "deleted"; ts: string; ephemeral: boolean };

/**
 * What Slack does with a message response, whether it came through a response_url or as the
 * body of a slash command's ack: replace or delete the source message, or post a new
 * ephemeral (default) or in-channel message. Problems are thrown with HTTP 4xx statuses.
 */
export function applyMessageResponse(
  store: EmulatorStore,
  target: MessageResponseTarget,
  payload: Record<string, unknown>,
  via: "response_url" | "command_ack",
): MessageResponseOutcome {
  const source = target.source;
  if (flag(payload, "delete_original")) {
    if (!source) throw new SlackApiError("message_not_found", {}, 404);
    if (source.ephemeral) store.deleteEphemeral(source.ts);
    else store.deleteMessage(target.channelId, source.ts);
    return { kind: "deleted", ts: source.ts, ephemeral: source.ephemeral };
  }
  const content = readMessageContent(payload, { requireContent: true, httpStatus: 400 });
  // Without a source message (a slash command) there is nothing to replace: Slack posts anew.
  if (flag(payload, "replace_original") && source) {
    if (source.ephemeral) store.replaceEphemeral(source.ts, content);
    else store.replaceMessage(target.channelId, source.ts, content);
    return { kind: "replaced", ts: source.ts, ephemeral: source.ephemeral };
  }
  const threadTs = optionalString(payload, "thread_ts") || undefined;
  if (optionalString(payload, "response_type") === "in_channel") {
    const message = store.postMessage(
      target.channelId,
      content,
      { userId: store.state.bot.userId, asBot: true },
      { threadTs },
    );
    return { kind: "in_channel", ts: message.ts };
  }
  const ephemeral = store.postEphemeral(target.channelId, target.userId, content, via, threadTs);
  return { kind: "ephemeral", ts: ephemeral.ts };
}

/** POST to a response_url: at most five uses within thirty minutes, then HTTP 404. */
export function handleResponseUrlPost(
  store: EmulatorStore,
  id: string,
  rawBody: string,
): { status: number; body: Record<string, unknown> } {
  try {
    const record = store.checkResponseUrl(id);
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody);
    } catch {
      throw new SlackApiError("invalid_payload", {}, 400);
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
      throw new SlackApiError("invalid_payload", {}, 400);
    }
    const target: MessageResponseTarget = {
      channelId: record.channel_id,
      userId: record.user_id,
      ...(record.source ? { source: record.source } : {}),
    };
    applyMessageResponse(store, target, payload as Record<string, unknown>, "response_url");
    record.uses += 1;
    return { status: 200, body: { ok: true } };
  } catch (error) {
    if (error instanceof SlackApiError)
      return { status: error.httpStatus === 200 ? 400 : error.httpStatus, body: error.body() };
    throw error;
  }
}
