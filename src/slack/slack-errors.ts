import { WebAPIPlatformError, WebAPIRateLimitedError } from "@slack/web-api";
import type { DeliveryResult } from "../jobs/slack-effect-dispatcher.ts";
import { AppErrorCode, isAppError } from "../lib/app-error.ts";
import { NotReady } from "./effects/effect-deliverer.ts";

/**
 * What each `ok: false` error of the Web API methods the notifier calls means for a queued
 * Slack effect. One table, reviewed against Slack's documented error lists:
 *
 * - [spec] slackapi/slack-api-specs, web-api/slack_web_openapi_v2_without_examples.json: the
 *   "error schema" enums of chat.postMessage, chat.update, conversations.history/replies/open/join,
 *   views.publish.
 * - [docs] docs.slack.dev/reference/methods/<method>, "Errors" (newer than the spec: e.g.
 *   message_limit_exceeded, ratelimited, service_unavailable, internal_error), as mirrored in
 *   slack-ruby/slack-api-ref methods/chat/chat.postMessage.json and chat.update.json.
 *
 * Classes:
 * - rate_limit: Slack asks us to slow down. Retry later and hold the channel meanwhile.
 * - in_doubt:   Slack failed part-way ("it's possible some aspect of the operation succeeded",
 *               docs on fatal_error / internal_error). Retry, looking for the message first.
 * - transient:  nothing was done and a later attempt may succeed on its own.
 * - channel:    the conversation is unusable until a person acts (invite, unarchive): keep
 *               waiting, and tell the admins (notifier.ts).
 * - install:    the token or its grant is wrong until an admin reinstalls: keep waiting (a
 *               reinstall then delivers everything), logged as an error.
 * - permanent:  the request itself is wrong; no retry can change it.
 * An error not listed is retried with backoff (new codes appear; the dispatcher still gives
 * up after its maximum attempts) rather than dropped on first sight.
 */
export type SlackErrorClass = "rate_limit" | "in_doubt" | "transient" | "channel" | "install" | "permanent";

const TABLE: Record<SlackErrorClass, readonly string[]> = {
  rate_limit: [
    "rate_limited", // [spec][docs] chat.postMessage: "Application has posted too many messages"
    "ratelimited", // [docs] every method: "Refer to the Retry-After header" (web-api raises it as a 429)
    "message_limit_exceeded", // [docs] chat.postMessage: members of this team sent too many messages
  ],
  in_doubt: [
    "fatal_error", // [spec][docs] "possible some aspect of the operation succeeded"
    "internal_error", // [docs] same wording, "likely due to a transient issue on our end"
  ],
  transient: [
    "service_unavailable", // [docs] "temporarily unavailable"
    "request_timeout", // [spec][docs] "POST data was either missing or truncated": not processed
    "team_added_to_org", // [spec][docs] migration: "intermittently unavailable"
    "org_login_required", // [spec][docs] "will not be available until migration is complete"
    "external_channel_migrating", // [docs] chat.update
    "update_failed", // [docs] chat.update "Internal update failure"
    "streaming_state_conflict", // [docs] chat.update: message still streaming
    "hash_conflict", // [spec] views.publish: another publish won; the next renders current state
  ],
  channel: [
    "channel_not_found", // [spec][docs] (or not visible to the app; may be created or shared later)
    "not_in_channel", // [spec][docs] a private channel the app is not invited to
    "is_archived", // [spec][docs]
    "is_inactive", // [docs] chat.update: "frozen, archived or deleted channel"
    "restricted_action", // [spec][docs] a workspace preference prevents posting
    "restricted_action_read_only_channel", // [docs]
    "restricted_action_thread_only_channel", // [docs]
    "restricted_action_non_threadable_channel", // [docs]
    "ekm_access_denied", // [spec][docs] administrators suspended posting
  ],
  install: [
    "not_authed", // [spec][docs]
    "invalid_auth", // [spec][docs]
    "account_inactive", // [spec][docs]
    "token_revoked", // [spec][docs]
    "token_expired", // [docs]
    "no_permission", // [spec][docs]
    "missing_scope", // [spec][docs]
    "team_access_not_granted", // [docs]
    "access_denied", // [docs]
    "not_allowed_token_type", // [docs]
    "two_factor_setup_required", // [docs]
    "enterprise_is_restricted", // [docs]
    "accesslimited", // [docs] "limited on the current network"
  ],
  permanent: [
    "msg_too_long", // [spec][docs]
    "no_text", // [spec][docs]
    "too_many_attachments", // [spec][docs]
    "invalid_blocks", // [docs]
    "invalid_blocks_format", // [docs]
    "invalid_attachments", // [docs]
    "invalid_metadata_format", // [docs]
    "invalid_metadata_schema", // [docs]
    "metadata_too_large", // [docs]
    "metadata_must_be_sent_from_app", // [docs]
    "markdown_text_conflict", // [docs]
    "block_mismatch", // [docs] chat.update
    "as_user_not_supported", // [docs]
    "cant_update_message", // [docs] chat.update: not the app's message
    "edit_window_closed", // [docs] chat.update
    "message_not_found", // [docs] chat.update (a deleted card is posted again before this applies)
    "cant_broadcast_message", // [docs] chat.update
    "no_dual_broadcast_content_update", // [docs] chat.update
    "slack_connect_file_link_sharing_blocked", // [docs] chat.update
    "team_not_found", // [docs] chat.update
    "invalid_arguments", // [spec][docs]
    "invalid_arg_name", // [spec][docs]
    "invalid_array_arg", // [spec][docs]
    "invalid_charset", // [spec][docs]
    "invalid_form_data", // [spec][docs]
    "invalid_post_type", // [spec][docs]
    "missing_post_type", // [spec][docs]
    "invalid_json", // [spec]
    "json_not_object", // [spec]
    "upgrade_required", // [spec]
    "deprecated_endpoint", // [docs]
    "method_deprecated", // [docs]
    "method_not_supported_for_channel_type", // [spec] conversations.join/open on a DM or private channel
    "user_not_found", // [spec] conversations.open
    "user_disabled", // [spec] conversations.open
    "not_enabled", // [spec] views.publish: the Home tab is off
    "thread_not_found", // [spec] conversations.replies
  ],
};

const CLASS_OF = new Map<string, SlackErrorClass>(
  (Object.entries(TABLE) as Array<[SlackErrorClass, readonly string[]]>).flatMap(([cls, codes]) =>
    codes.map((code) => [code, cls] as const),
  ),
);

/** The class of an `ok: false` error code; undefined for a code no list names. */
export function classOfSlackError(code: string): SlackErrorClass | undefined {
  return CLASS_OF.get(code);
}

/** Every classified code, for tests and docs. */
export function classifiedSlackErrors(): ReadonlyMap<string, SlackErrorClass> {
  return CLASS_OF;
}

/**
 * An `ok: false` rate limit carries no Retry-After: wait this long (and hold the channel).
 * Slack's docs ask for about one message per second per channel, with short bursts.
 */
export const OK_FALSE_RATE_LIMIT_MS = 30_000;

/** What a failed delivery means for its effect, and the Slack class (if any) the notifier reports on. */
export interface DeliveryFailure {
  readonly result: Exclude<DeliveryResult, { kind: "delivered" }>;
  /** Set for an `ok: false` refusal: "unknown" when no list names its code. */
  readonly slackClass?: SlackErrorClass | "unknown";
}

/**
 * Turns whatever a deliverer threw into a retry or a drop. `okFalseRateLimitMs`: how long an
 * `ok: false` rate limit waits (tests scale it with Slack's pace).
 */
export function deliveryFailure(
  error: unknown,
  okFalseRateLimitMs = OK_FALSE_RATE_LIMIT_MS,
): DeliveryFailure {
  if (error instanceof WebAPIRateLimitedError) {
    const afterMs = error.retryAfter * 1000;
    return { result: { kind: "retry", error: "ratelimited", afterMs, holdChannelMs: afterMs } };
  }
  if (error instanceof WebAPIPlatformError) {
    const code = String(error.data.error);
    const slackClass = classOfSlackError(code) ?? "unknown";
    return { result: resultOfSlackClass(slackClass, code, okFalseRateLimitMs), slackClass };
  }
  if (isAppError(error, AppErrorCode.NotFound)) return { result: { kind: "drop", error: error.message } };
  if (error instanceof NotReady) return { result: { kind: "retry", error: error.message } };
  // A timeout, a broken connection, a 5xx, a failure after the post: it may have gone out.
  return {
    result: { kind: "retry", error: error instanceof Error ? error.message : String(error), inDoubt: true },
  };
}

function resultOfSlackClass(
  slackClass: SlackErrorClass | "unknown",
  code: string,
  okFalseRateLimitMs: number,
): DeliveryFailure["result"] {
  switch (slackClass) {
    case "rate_limit":
      return {
        kind: "retry",
        error: code,
        afterMs: okFalseRateLimitMs,
        holdChannelMs: okFalseRateLimitMs,
      };
    case "in_doubt":
      return { kind: "retry", error: code, inDoubt: true };
    case "permanent":
      return { kind: "drop", error: code };
    case "transient":
    case "channel":
    case "install":
    case "unknown":
      return { kind: "retry", error: code };
  }
}
