import { decodeCursor, encodeCursor, flag, optionalInt, optionalString, requireString } from "../args.ts";
import { invalidArguments, SlackApiError } from "../errors.ts";
import { conversationObject, messageObject } from "../shapes.ts";
import { compareTs, isTopLevel } from "../store.ts";
import type { EmulatorMessage } from "../types.ts";
import type { MethodContext, MethodHandler } from "./context.ts";

export const open: MethodHandler = (args, { store }) => {
  const channelArg = optionalString(args, "channel");
  const usersArg = optionalString(args, "users");
  let result: ReturnType<typeof store.openDm>;
  if (channelArg) {
    const channel = store.resolveChannel(channelArg);
    if (!channel.is_im) throw new SlackApiError("method_not_supported_for_channel_type");
    result = { channel, alreadyOpen: true };
  } else {
    const users = (usersArg ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter((u) => u !== "" && u !== store.state.bot.userId);
    if (users.length === 0) throw new SlackApiError("users_list_not_supplied");
    // Group DMs (several users) are not emulated.
    if (users.length > 1) throw new SlackApiError("not_supported", { detail: "group DMs are not emulated" });
    result = store.openDm(users[0]!);
  }
  const full = flag(args, "return_im");
  const channel = full ? conversationObject(store, result.channel) : { id: result.channel.id };
  return result.alreadyOpen ? { no_op: true, already_open: true, channel } : { channel };
};

export const join: MethodHandler = (args, { store }) => {
  const channel = store.resolveChannel(requireString(args, "channel"));
  if (channel.is_im || channel.is_private) throw new SlackApiError("method_not_supported_for_channel_type");
  if (channel.is_archived) throw new SlackApiError("is_archived");
  if (store.botIsMember(channel)) {
    return {
      channel: conversationObject(store, channel),
      warning: "already_in_channel",
      response_metadata: { warnings: ["already_in_channel"] },
    };
  }
  store.setMembership(channel.id, store.state.bot.userId, true);
  return { channel: conversationObject(store, channel) };
};

export const info: MethodHandler = (args, { store }) => {
  const channel = store.resolveChannel(requireString(args, "channel"));
  return {
    channel: conversationObject(store, channel, { includeNumMembers: flag(args, "include_num_members") }),
  };
};

export const members: MethodHandler = (args, { store }) => {
  const channel = store.resolveChannel(requireString(args, "channel"));
  const page = paginate(channel.members, args, 100);
  return { members: page.items, response_metadata: { next_cursor: page.nextCursor } };
};

export const history: MethodHandler = (args, context) => {
  const channel = readableChannel(args, context);
  const inRange = filterRange(context.store.channelMessages(channel.id).filter(isTopLevel), args);
  const newestFirst = [...inRange].reverse();
  const page = paginate(newestFirst, args, 100);
  return {
    messages: page.items.map((m) => readMessage(context.store, m, args)),
    has_more: page.nextCursor !== "",
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    response_metadata: { next_cursor: page.nextCursor },
  };
};

export const replies: MethodHandler = (args, context) => {
  const channel = readableChannel(args, context);
  const ts = requireString(args, "ts");
  const { store } = context;
  const target = store.findMessage(channel.id, ts);
  if (!target) throw new SlackApiError("thread_not_found");
  const parentTs = target.thread_ts ?? target.ts;
  const parent = store.findMessage(channel.id, parentTs);
  const thread = [...(parent ? [parent] : []), ...store.listMessages(channel.id, parentTs)];
  const page = paginate(filterRange(thread, args), args, 1000);
  return {
    messages: page.items.map((m) => readMessage(store, m, args)),
    has_more: page.nextCursor !== "",
    response_metadata: { next_cursor: page.nextCursor },
  };
};

/** As Slack: a message's metadata comes back only when asked for with include_all_metadata. */
function readMessage(store: MethodContext["store"], message: EmulatorMessage, args: Record<string, unknown>) {
  const shown = messageObject(store, message);
  if (!flag(args, "include_all_metadata")) delete shown.metadata;
  return shown;
}

/** Reading history needs the bot in the conversation. */
function readableChannel(args: Record<string, unknown>, { store }: MethodContext) {
  const channel = store.resolveChannel(requireString(args, "channel"));
  if (!store.botIsMember(channel)) throw new SlackApiError("not_in_channel");
  return channel;
}

function filterRange(messages: EmulatorMessage[], args: Record<string, unknown>): EmulatorMessage[] {
  const oldest = optionalString(args, "oldest");
  const latest = optionalString(args, "latest");
  const inclusive = flag(args, "inclusive");
  return messages.filter((m) => {
    if (oldest) {
      const c = compareTs(m.ts, oldest);
      if (c < 0 || (c === 0 && !inclusive)) return false;
    }
    if (latest) {
      const c = compareTs(m.ts, latest);
      if (c > 0 || (c === 0 && !inclusive)) return false;
    }
    return true;
  });
}

export function paginate<T>(items: T[], args: Record<string, unknown>, defaultLimit: number) {
  const limit = optionalInt(args, "limit") ?? defaultLimit;
  if (limit < 0) throw invalidArguments("limit must be positive");
  const effective = limit === 0 ? defaultLimit : Math.min(limit, 1000);
  const offset = decodeCursor(optionalString(args, "cursor"));
  const slice = items.slice(offset, offset + effective);
  const nextCursor = offset + effective < items.length ? encodeCursor(offset + effective) : "";
  return { items: slice, nextCursor };
}
