import { readFileSync } from "node:fs";
import type { EmulatorChannel } from "./types.ts";

/**
 * The bot token scope each emulated Web API method needs, from the "Scopes → Bot token" facts of
 * each method's page in Slack's reference (docs.slack.dev/reference/methods/<method>) and the
 * scope pages' "Compatible API methods" (docs.slack.dev/reference/scopes/<scope>). Sources per
 * row in the package README.
 *
 * Checked against Slack's published OpenAPI spec, slackapi/slack-api-specs
 * web-api/slack_web_openapi_v2.json (read in its twin slack_web_openapi_v2_without_examples.json,
 * commit 0e43fd0f, same paths and fields): per method, `paths["/<method>"].<verb>.security[0].slackAuth`
 * and the `token` parameter's description ("Requires scope: `…`"). Agreeing rows:
 * - chat.postMessage, chat.postEphemeral: token "Requires scope: `chat:write`" (slackAuth names the
 *   classic `chat:write:bot`, which `chat:write` replaced); chat.update, chat.delete: slackAuth
 *   `chat:write:user`, `chat:write:bot`, i.e. `chat:write` for a bot.
 * - chat.getPermalink, views.open, views.publish, views.push: slackAuth `none`, token "`none`".
 * - conversations.info: slackAuth `channels:read`, `groups:read`, `im:read`, `mpim:read`;
 *   conversations.history, conversations.replies: `channels:history`, `groups:history`,
 *   `im:history`, `mpim:history` — one per conversation type, as `byChannel` says.
 * The spec predates granular bot scopes, so two rows follow the current method pages instead:
 * conversations.join (spec: `channels:write`; bot tokens now need `channels:join`) and
 * conversations.open on a public channel (spec: `channels:write`; now `channels:manage`; the
 * private, im and mpim scopes agree). Not in the part of the spec read: auth.test,
 * views.update, conversations.members, users.info, team.info (method pages only).
 *
 * - `[]`: no scope needed (Slack's "No scope required").
 * - a list: any one of them will do.
 * - `byChannel`: the conversations.* family, where the scope follows the conversation's type.
 */
export type ScopeRule = readonly string[] | { byChannel: Record<ConversationKind, string> };

export type ConversationKind = "public" | "private" | "im" | "mpim";

export const METHOD_SCOPES: Readonly<Record<string, ScopeRule>> = {
  "auth.test": [],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  "chat.delete": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "chat.getPermalink": [],
  "views.open": [],
  "views.update": [],
  "views.push": [],
  "views.publish": [],
  "conversations.join": ["channels:join"],
  "conversations.open": {
    byChannel: { public: "channels:manage", private: "groups:write", im: "im:write", mpim: "mpim:write" },
  },
  "conversations.info": {
    byChannel: { public: "channels:read", private: "groups:read", im: "im:read", mpim: "mpim:read" },
  },
  "conversations.members": {
    byChannel: { public: "channels:read", private: "groups:read", im: "im:read", mpim: "mpim:read" },
  },
  "conversations.history": {
    byChannel: {
      public: "channels:history",
      private: "groups:history",
      im: "im:history",
      mpim: "mpim:history",
    },
  },
  "conversations.replies": {
    byChannel: {
      public: "channels:history",
      private: "groups:history",
      im: "im:history",
      mpim: "mpim:history",
    },
  },
  "users.info": ["users:read"],
  "team.info": ["team:read"],
  // Not in the 2019 spec (the external upload methods came in 2024); from the method pages:
  // files.info and the private download URL need files:read, the upload pair files:write,
  // users.lookupByEmail users:read.email.
  "users.lookupByEmail": ["users:read.email"],
  "users.list": ["users:read"],
  "files.info": ["files:read"],
  "files.getUploadURLExternal": ["files:write"],
  "files.completeUploadExternal": ["files:write"],
};

/**
 * Bot events need scopes too: Slack does not deliver an event the app has no scope for
 * (docs.slack.dev/reference/events/<event>, "Required scopes").
 */
export const EVENT_SCOPES: Readonly<Record<string, readonly string[]>> = {
  app_home_opened: [],
  "message.im": ["im:history"],
  "message.channels": ["channels:history"],
  "message.groups": ["groups:history"],
  app_mention: ["app_mentions:read"],
};

/** Lets the bot post in public channels it is not a member of (docs.slack.dev/reference/scopes/chat.write.public). */
export const CHAT_WRITE_PUBLIC = "chat:write.public";

export function conversationKind(channel: EmulatorChannel): ConversationKind {
  if (channel.is_im) return "im";
  return channel.is_private ? "private" : "public";
}

/**
 * The scopes that would let this call through (any one), or an empty list when it needs none.
 * Without a known conversation, a per-channel method lists every scope that might apply, as
 * Slack's `needed` does.
 */
export function scopesFor(method: string, channel: EmulatorChannel | undefined): readonly string[] {
  const rule = METHOD_SCOPES[method];
  if (rule === undefined) return [];
  if (!("byChannel" in rule)) return rule as readonly string[];
  return channel ? [rule.byChannel[conversationKind(channel)]] : Object.values(rule.byChannel);
}

/** The bot scopes a manifest asks for (`oauth_config.scopes.bot`). */
export function manifestBotScopes(manifestPath: string | URL): string[] {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    oauth_config?: { scopes?: { bot?: unknown } };
  };
  const scopes = manifest.oauth_config?.scopes?.bot;
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === "string"))
    throw new Error(`${String(manifestPath)}: oauth_config.scopes.bot is not a list of scopes`);
  return scopes;
}
