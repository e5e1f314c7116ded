import { readFileSync } from "node:fs";
import type { EmulatorChannel } from "./types.ts";

/**
 * The bot token scope each emulated Web API method needs, from the "Scopes → Bot token" facts of
 * each method's page in Slack's reference (docs.slack.dev/reference/methods/<method>) and the
 * scope pages' "Compatible API methods" (docs.slack.dev/reference/scopes/<scope>). Sources per
 * row in the package README.
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
