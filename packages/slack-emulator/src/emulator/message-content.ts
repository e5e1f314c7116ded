import { type Args, jsonArg, optionalString } from "./args.ts";
import { messageBlocksTooLong, validateBlocks } from "./block-kit-validator.ts";
import { blockProblemsError, SlackApiError } from "./errors.ts";
import type { MessageContent } from "./store.ts";

export const MAX_TEXT_CHARS = 40_000;

export interface ContentOptions {
  /** chat.update keeps what is left out, so it only needs *something* to change. */
  requireContent: boolean;
  /** response_url answers problems with HTTP 400 instead of 200. */
  httpStatus?: number;
}

/**
 * Decodes and checks text / blocks / attachments / metadata the way chat.* and response_url
 * do: bad JSON → invalid_blocks_format, schema problems → invalid_blocks, too large →
 * msg_blocks_too_long / msg_too_long, nothing to show → no_text.
 */
export function readMessageContent(args: Args, options: ContentOptions): MessageContent {
  const status = options.httpStatus ?? 200;
  const text = optionalString(args, "text");
  const blocks = jsonArg(args, "blocks", () => new SlackApiError("invalid_blocks_format", {}, status));
  const attachments = jsonArg(
    args,
    "attachments",
    () => new SlackApiError("invalid_attachments", {}, status),
  );
  const metadata = jsonArg(args, "metadata", () => new SlackApiError("invalid_metadata_format", {}, status));

  if (blocks !== undefined && blocks !== null && !Array.isArray(blocks)) {
    throw new SlackApiError("invalid_blocks_format", {}, status);
  }
  if (attachments !== undefined && attachments !== null && !Array.isArray(attachments)) {
    throw new SlackApiError("invalid_attachments", {}, status);
  }
  const blockList = Array.isArray(blocks) ? (blocks as unknown[]) : undefined;
  const attachmentList = Array.isArray(attachments) ? (attachments as unknown[]) : undefined;

  if (blockList && blockList.length > 0) {
    const problems = validateBlocks(blockList, "message");
    if (problems.length > 0) throw blockProblemsError("invalid_blocks", problems, status);
    if (messageBlocksTooLong(blockList)) throw new SlackApiError("msg_blocks_too_long", {}, status);
  }
  if (text !== undefined && text.length > MAX_TEXT_CHARS) throw new SlackApiError("msg_too_long", {}, status);

  const hasSomething =
    (text !== undefined && text.trim() !== "") ||
    (blockList !== undefined && blockList.length > 0) ||
    (attachmentList !== undefined && attachmentList.length > 0);
  const mentionsSomething = text !== undefined || blockList !== undefined || attachmentList !== undefined;
  if (options.requireContent ? !hasSomething : !mentionsSomething)
    throw new SlackApiError("no_text", {}, status);

  return {
    ...(text !== undefined ? { text } : {}),
    ...(blockList !== undefined ? { blocks: blockList } : {}),
    ...(attachmentList !== undefined ? { attachments: attachmentList } : {}),
    ...(metadata !== undefined && metadata !== null ? { metadata } : {}),
  };
}
