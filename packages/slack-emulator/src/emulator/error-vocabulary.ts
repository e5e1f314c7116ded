/**
 * The `ok:false` errors Slack documents, so an injected fault can only be one Slack could send.
 * Sources (details in the package README): the "Errors" tables of the method pages
 * (docs.slack.dev/reference/methods/<method>), as kept in slack-ruby/slack-api-ref
 * (methods/chat/chat.postMessage.json, methods/chat/chat.update.json), plus what the current
 * pages add: `rate_limited` and `message_limit_exceeded` on chat.update, `msg_blocks_too_long`.
 */

/** Errors every Web API method can return (the shared tail of every method's error table). */
export const COMMON_ERRORS: ReadonlySet<string> = new Set([
  "access_denied",
  "account_inactive",
  "deprecated_endpoint",
  "ekm_access_denied",
  "enterprise_is_restricted",
  "invalid_auth",
  "method_deprecated",
  "missing_scope",
  "not_allowed_token_type",
  "not_authed",
  "no_permission",
  "org_login_required",
  "token_expired",
  "token_revoked",
  "two_factor_setup_required",
  "team_access_not_granted",
  "accesslimited",
  "fatal_error",
  "internal_error",
  "invalid_arg_name",
  "invalid_arguments",
  "invalid_array_arg",
  "invalid_charset",
  "invalid_form_data",
  "invalid_post_type",
  "missing_post_type",
  "ratelimited",
  "request_timeout",
  "service_unavailable",
  "team_added_to_org",
]);

const POSTING_ERRORS = [
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "msg_too_long",
  "no_text",
  "restricted_action",
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "restricted_action_non_threadable_channel",
  "too_many_attachments",
  "rate_limited",
  "message_limit_exceeded",
  "as_user_not_supported",
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_attachments",
  "invalid_metadata_format",
  "invalid_metadata_schema",
  "metadata_too_large",
  "msg_blocks_too_long",
];

/** Method-specific errors, for the methods Handoff posts with. Other methods are not checked. */
export const METHOD_ERRORS: Readonly<Record<string, ReadonlySet<string>>> = {
  "chat.postMessage": new Set(POSTING_ERRORS),
  "chat.update": new Set([
    "as_user_not_supported",
    "block_mismatch",
    "cant_broadcast_message",
    "cant_update_message",
    "channel_not_found",
    "edit_window_closed",
    "external_channel_migrating",
    "invalid_attachments",
    "invalid_blocks",
    "invalid_blocks_format",
    "invalid_metadata_format",
    "invalid_metadata_schema",
    "is_inactive",
    "is_archived",
    "markdown_text_conflict",
    "message_not_found",
    "metadata_must_be_sent_from_app",
    "metadata_too_large",
    "msg_too_long",
    "msg_blocks_too_long",
    "no_dual_broadcast_content_update",
    "no_text",
    "team_not_found",
    "too_many_attachments",
    "update_failed",
    "streaming_state_conflict",
    "rate_limited",
    "message_limit_exceeded",
  ]),
  "chat.postEphemeral": new Set([...POSTING_ERRORS, "user_not_in_channel"]),
  "files.info": new Set(["file_not_found", "file_deleted", "timezone_count_failed"]),
  "files.getUploadURLExternal": new Set(["invalid_arguments"]),
  "files.completeUploadExternal": new Set([
    "file_not_found",
    "invalid_channel",
    "not_in_channel",
    "channel_not_found",
    "restricted_action",
    "posting_to_general_channel_denied",
  ]),
  "users.lookupByEmail": new Set(["users_not_found", "enterprise_not_found"]),
  "users.list": new Set(["invalid_cursor", "limit_required"]),
};

/** Whether Slack documents this error for this method (true for methods without a table here). */
export function isDocumentedError(method: string, error: string): boolean {
  const specific = METHOD_ERRORS[method];
  return specific === undefined || specific.has(error) || COMMON_ERRORS.has(error);
}
