import { jsonArg, optionalInt, optionalString, requireString } from "../args.ts";
import { invalidArguments, SlackApiError } from "../errors.ts";
import { MAX_EMULATED_FILE_BYTES } from "../files.ts";
import type { MethodHandler } from "./context.ts";

/** files.info (files:read): a file anyone shared or attached; not one still being uploaded. */
export const info: MethodHandler = (args, { files }) => {
  const file = files.get(requireString(args, "file"));
  if (!file) throw new SlackApiError("file_not_found");
  return { file: files.toSlack(file), comments: [], response_metadata: { next_cursor: "" } };
};

/** files.getUploadURLExternal (files:write): where to POST the bytes, and the file's id. */
export const getUploadURLExternal: MethodHandler = (args, { files, store }) => {
  const filename = requireString(args, "filename");
  const length = optionalInt(args, "length");
  if (length === undefined) throw invalidArguments("missing required field: length");
  if (length < 1 || length > MAX_EMULATED_FILE_BYTES) throw invalidArguments("invalid length");
  const { file, uploadUrl } = files.reserve(store.state.bot.userId, filename, length);
  return { upload_url: uploadUrl, file_id: file.id };
};

/**
 * files.completeUploadExternal (files:write): the uploads become files; with `channel_id`
 * (or `channels`) they are shared there in one message, `initial_comment` as its text.
 */
export const completeUploadExternal: MethodHandler = (args, { files, store }) => {
  const listed = jsonArg(args, "files", () => invalidArguments("invalid json [json-pointer:/files]"));
  if (!Array.isArray(listed) || listed.length === 0) throw invalidArguments("missing required field: files");
  const channelArg = optionalString(args, "channel_id") ?? optionalString(args, "channels")?.split(",")[0];
  const channel = channelArg ? store.channel(channelArg.trim()) : undefined;
  if (channelArg && !channel) throw new SlackApiError("invalid_channel");
  if (channel && !channel.is_im && !store.isMember(channel, store.state.bot.userId)) {
    throw new SlackApiError("not_in_channel");
  }
  const entries = listed.map((entry: unknown) => {
    const item = entry as { id?: unknown; title?: unknown };
    if (typeof item?.id !== "string")
      throw invalidArguments("missing required field: id [json-pointer:/files/0]");
    return { id: item.id, title: typeof item.title === "string" ? item.title : undefined };
  });
  const done = entries.map((entry) => files.complete(entry.id, entry.title, channel?.id));
  if (channel) {
    store.postMessage(
      channel.id,
      { text: optionalString(args, "initial_comment") ?? "", files: done.map((f) => files.toSlack(f)) },
      { userId: store.state.bot.userId, asBot: true },
      { threadTs: optionalString(args, "thread_ts") },
    );
  }
  return { files: done.map((f) => ({ id: f.id, title: f.title })) };
};
