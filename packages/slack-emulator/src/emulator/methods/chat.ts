import { flag, optionalString, requireString } from "../args.ts";
import { SlackApiError } from "../errors.ts";
import { readMessageContent } from "../message-content.ts";
import { CHAT_WRITE_PUBLIC } from "../scopes.ts";
import { messageObject } from "../shapes.ts";
import type { MethodHandler } from "./context.ts";

export const postMessage: MethodHandler = (args, { store, hasScope }) => {
  // A user id posts in the bot's DM with that person, opening it if needed.
  const channel = store.resolveChannel(requireString(args, "channel"), { userIdOpensDm: true });
  if (channel.is_archived) throw new SlackApiError("is_archived");
  // chat:write.public lets the bot post in public channels it has not joined, nowhere else.
  const publicWithoutJoining = !channel.is_private && !channel.is_im && hasScope(CHAT_WRITE_PUBLIC);
  if (!store.botIsMember(channel) && !publicWithoutJoining) throw new SlackApiError("not_in_channel");
  const content = readMessageContent(args, { requireContent: true });
  const message = store.postMessage(
    channel.id,
    content,
    { userId: store.state.bot.userId, asBot: true },
    {
      threadTs: optionalString(args, "thread_ts") || undefined,
      replyBroadcast: flag(args, "reply_broadcast"),
    },
  );
  return { channel: channel.id, ts: message.ts, message: messageObject(store, message) };
};

export const update: MethodHandler = (args, { store }) => {
  const channel = store.resolveChannel(requireString(args, "channel"));
  const ts = requireString(args, "ts");
  const existing = store.findMessage(channel.id, ts);
  if (!existing) throw new SlackApiError("message_not_found");
  if (existing.bot_id !== store.state.bot.botId) throw new SlackApiError("cant_update_message");
  if (channel.is_archived) throw new SlackApiError("is_archived");
  const content = readMessageContent(args, { requireContent: false });
  const message = store.updateMessage(channel.id, ts, content, store.state.bot.userId);
  return { channel: channel.id, ts, text: message.text, message: messageObject(store, message) };
};

export const deleteMessage: MethodHandler = (args, { store }) => {
  const channel = store.resolveChannel(requireString(args, "channel"));
  const ts = requireString(args, "ts");
  const existing = store.findMessage(channel.id, ts);
  if (!existing || existing.subtype === "tombstone") throw new SlackApiError("message_not_found");
  if (existing.bot_id !== store.state.bot.botId) throw new SlackApiError("cant_delete_message");
  if (channel.is_archived) throw new SlackApiError("is_archived");
  store.deleteMessage(channel.id, ts);
  return { channel: channel.id, ts };
};

export const postEphemeral: MethodHandler = (args, { store }) => {
  const channel = store.resolveChannel(requireString(args, "channel"));
  const user = store.requireUser(requireString(args, "user"));
  if (channel.is_archived) throw new SlackApiError("is_archived");
  if (!store.botIsMember(channel)) throw new SlackApiError("not_in_channel");
  if (!store.isMember(channel, user.id)) throw new SlackApiError("user_not_in_channel");
  const content = readMessageContent(args, { requireContent: true });
  const threadTs = optionalString(args, "thread_ts") || undefined;
  const ephemeral = store.postEphemeral(channel.id, user.id, content, "chat.postEphemeral", threadTs);
  return { message_ts: ephemeral.ts };
};

export const getPermalink: MethodHandler = (args, { store }) => {
  const channel = store.resolveChannel(requireString(args, "channel"));
  const ts = requireString(args, "message_ts");
  const message = store.findMessage(channel.id, ts);
  if (!message) throw new SlackApiError("message_not_found");
  const base = `https://${store.state.team.domain}.slack.com/archives/${channel.id}/p${ts.replace(".", "")}`;
  const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
  const permalink = isReply ? `${base}?thread_ts=${message.thread_ts}&cid=${channel.id}` : base;
  return { channel: channel.id, permalink };
};
