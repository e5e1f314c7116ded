import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { systemClock } from "../../../src/lib/clock.ts";
import { createSilentLogger } from "../../../src/lib/logger.ts";
import type { QueuedEffect } from "../../../src/services/slack-effects.ts";
import { SlackNotifier } from "../../../src/slack/notifier.ts";
import type { SlackServices } from "../../../src/slack/services.ts";
import { classifiedSlackErrors, OK_FALSE_RATE_LIMIT_MS } from "../../../src/slack/slack-errors.ts";

/** A thread line whose chat.postMessage fails with `failure`. */
async function deliverFailing(failure: Error) {
  const client = {
    chat: {
      postMessage: async () => {
        throw failure;
      },
    },
  } as unknown as WebClient;
  const services = {
    deals: { get: async () => ({ id: "deal-1", card: { channelId: "C0SALES", ts: "1.000001" } }) },
  } as unknown as SlackServices;
  const notifier = new SlackNotifier({ client, services, clock: systemClock, logger: createSilentLogger() });
  const effect: QueuedEffect = {
    id: "7",
    teamId: "T0",
    attempts: 1,
    intent: {
      kind: "deal.reply",
      dealId: "deal-1",
      channelId: "C0SALES",
      actorId: "U0ANA",
      change: { type: "note", body: "hi" },
    },
  };
  return notifier.deliver(effect);
}

const refused = (error: string) => new WebAPIPlatformError({ ok: false, error } as never);

describe("what a failed Slack call means for an effect", () => {
  it.each(["rate_limited", "message_limit_exceeded"])(
    "%s (ok:false) is a rate limit: retried later, its channel held, never dropped",
    async (code) => {
      expect(await deliverFailing(refused(code))).toEqual({
        kind: "retry",
        error: code,
        afterMs: OK_FALSE_RATE_LIMIT_MS,
        holdChannelMs: OK_FALSE_RATE_LIMIT_MS,
      });
    },
  );

  it("a 429 holds the channel for its Retry-After", async () => {
    expect(await deliverFailing(new WebAPIRateLimitedError(7))).toEqual({
      kind: "retry",
      error: "ratelimited",
      afterMs: 7_000,
      holdChannelMs: 7_000,
    });
  });

  it("errors after which the message may have been posted are retried as in doubt", async () => {
    for (const failure of [
      refused("fatal_error"),
      refused("internal_error"),
      new WebAPIRequestError(new Error("The operation was aborted due to timeout")),
      new WebAPIHTTPError(502, "Bad Gateway", {}, ""),
    ])
      expect(await deliverFailing(failure)).toMatchObject({ kind: "retry", inDoubt: true });
  });

  it("a message Slack can never accept is dropped; a channel or install problem waits", async () => {
    expect(await deliverFailing(refused("msg_too_long"))).toEqual({ kind: "drop", error: "msg_too_long" });
    expect(await deliverFailing(refused("restricted_action"))).toEqual({
      kind: "retry",
      error: "restricted_action",
    });
    expect(await deliverFailing(refused("token_revoked"))).toEqual({ kind: "retry", error: "token_revoked" });
    expect(await deliverFailing(refused("some_new_error"))).toEqual({
      kind: "retry",
      error: "some_new_error",
    });
  });

  it("classifies every error of chat.postMessage's documented list", () => {
    // slackapi/slack-api-specs chat.postMessage error schema, plus docs.slack.dev's newer codes.
    const documented = [
      "channel_not_found",
      "not_in_channel",
      "is_archived",
      "msg_too_long",
      "no_text",
      "too_many_attachments",
      "rate_limited",
      "not_authed",
      "invalid_auth",
      "account_inactive",
      "invalid_arg_name",
      "invalid_array_arg",
      "invalid_charset",
      "invalid_form_data",
      "invalid_post_type",
      "missing_post_type",
      "restricted_action",
      "message_limit_exceeded",
      "ekm_access_denied",
      "token_revoked",
      "no_permission",
      "org_login_required",
      "missing_scope",
      "team_added_to_org",
      "request_timeout",
      "fatal_error",
    ];
    expect(documented.filter((code) => !classifiedSlackErrors().has(code))).toEqual([]);
  });
});
