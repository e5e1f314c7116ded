// Validates the Slack app manifests against Slack's published manifest JSON Schema (a copy in
// manifests/schema/, see its README for source and version), which Slack applies when a manifest
// is pasted in, so a broken manifest fails here rather than in someone's workspace. The checks
// after the schema are Handoff's own: the commands, scopes and events the app relies on.

import { readFileSync } from "node:fs";
import { EVENT_SCOPES } from "@handoff/slack-emulator";
import { Ajv, type ErrorObject } from "ajv";
import { describe, expect, it } from "vitest";

interface SlashCommand {
  command: string;
  description: string;
  usage_hint?: string;
  should_escape?: boolean;
  url?: string;
}

interface Manifest {
  _metadata?: Record<string, unknown>;
  display_information: {
    name: string;
    description?: string;
    long_description?: string;
    background_color?: string;
  };
  features: {
    app_home?: {
      home_tab_enabled?: boolean;
      messages_tab_enabled?: boolean;
      messages_tab_read_only_enabled?: boolean;
    };
    bot_user?: { display_name: string; always_online?: boolean };
    slash_commands?: SlashCommand[];
  };
  oauth_config: { scopes: { bot?: string[] } };
  settings: {
    interactivity?: { is_enabled: boolean; request_url?: string };
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    socket_mode_enabled?: boolean;
    org_deploy_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../manifests/${path}`, import.meta.url), "utf8")) as unknown;
}

function loadManifest(file: string): Manifest {
  return readJson(file) as Manifest;
}

/** Slack's schema, compiled strictly: an unknown keyword or format in it is an error, not a skip. */
function compileManifestSchema() {
  // strictTypes off: the schema puts `minItems` on string items, which is harmless.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  // The schema's own extensions: `_note` is a comment; `regex` (background_color) is meant as a pattern.
  ajv.addKeyword({ keyword: "_note" });
  ajv.addKeyword({
    keyword: "regex",
    type: "string",
    schemaType: "string",
    validate: (regex: string, value: string) => new RegExp(regex).test(value),
  });
  ajv.addFormat("uri", (value: string) => URL.canParse(value));
  return ajv.compile(readJson("schema/manifest.schema.1.0.0.json") as object);
}

const validateManifest = compileManifestSchema();

function schemaProblems(manifest: unknown): string[] {
  if (validateManifest(manifest)) return [];
  return (validateManifest.errors ?? []).map(
    (e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`,
  );
}

const http = loadManifest("slack-app.http.json");
const socket = loadManifest("slack-app.socket.json");
const both = [
  ["http", http],
  ["socket", socket],
] as const;

// Slack's bot token scopes (docs.slack.dev/reference/scopes), enough to catch a misspelt one.
const KNOWN_BOT_SCOPES = new Set([
  "app_mentions:read",
  "assistant:write",
  "bookmarks:read",
  "bookmarks:write",
  "calls:read",
  "calls:write",
  "canvases:read",
  "canvases:write",
  "channels:history",
  "channels:join",
  "channels:manage",
  "channels:read",
  "channels:write.invites",
  "channels:write.topic",
  "chat:write",
  "chat:write.customize",
  "chat:write.public",
  "commands",
  "dnd:read",
  "emoji:read",
  "files:read",
  "files:write",
  "groups:history",
  "groups:read",
  "groups:write",
  "groups:write.invites",
  "groups:write.topic",
  "im:history",
  "im:read",
  "im:write",
  "im:write.topic",
  "incoming-webhook",
  "links.embed:write",
  "links:read",
  "links:write",
  "metadata.message:read",
  "mpim:history",
  "mpim:read",
  "mpim:write",
  "mpim:write.topic",
  "pins:read",
  "pins:write",
  "reactions:read",
  "reactions:write",
  "reminders:read",
  "reminders:write",
  "remote_files:read",
  "remote_files:share",
  "remote_files:write",
  "team:read",
  "usergroups:read",
  "usergroups:write",
  "users.profile:read",
  "users:read",
  "users:read.email",
  "users:write",
]);

const EXPECTED_COMMANDS = ["/deal", "/pipeline", "/project", "/tasks", "/digest", "/handoff"];

/** Every string value under a key named `url` or `request_url`, with its path. */
function urls(value: unknown, path = ""): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => urls(item, `${path}/${i}`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]): [string, string][] =>
    (key === "url" || key === "request_url") && typeof child === "string"
      ? [[`${path}/${key}`, child]]
      : urls(child, `${path}/${key}`),
  );
}

/** The manifest without the fields that depend on how Slack reaches the app. */
function withoutModeFields(manifest: Manifest): unknown {
  return JSON.parse(JSON.stringify(manifest), (key, value) =>
    key === "url" || key === "request_url" || key === "socket_mode_enabled" ? undefined : value,
  );
}

describe("Slack's manifest schema, as the test applies it", () => {
  it("refuses what Slack refuses: unknown keys, limits, patterns and the background colour", () => {
    const broken = structuredClone(http) as unknown as Record<string, Record<string, unknown>>;
    broken.display_information!.background_color = "#12345z";
    broken.display_information!.name = "H".repeat(36);
    (broken.features!.app_home as Record<string, unknown>).messages_tab_readonly = true;
    (broken.features!.slash_commands as SlashCommand[])[0]!.usage_hint = "x".repeat(1001);
    (broken.features!.slash_commands as SlashCommand[])[1]!.command = "pipeline";
    broken.settings!.socket_mode_enabled = "yes";
    expect(schemaProblems(broken).sort()).toEqual(
      [
        '/display_information/background_color must pass "regex" keyword validation',
        "/display_information/name must NOT have more than 35 characters",
        "/features/app_home must NOT have additional properties",
        "/features/slash_commands/0/usage_hint must NOT have more than 1000 characters",
        '/features/slash_commands/1/command must match pattern "^\\/"',
        "/settings/socket_mode_enabled must be boolean",
      ].sort(),
    );
  });
});

describe.each(both)("%s manifest follows Slack's schema", (_mode, manifest) => {
  it("is valid against Slack's manifest JSON Schema", () => {
    expect(schemaProblems(manifest)).toEqual([]);
  });

  it("declares manifest version 1.1", () => {
    expect(manifest._metadata).toEqual({ major_version: 1, minor_version: 1 });
  });

  it("has valid display information", () => {
    const info = manifest.display_information;
    expect(info.name).toBe("Handoff");
    expect(info.name.length).toBeGreaterThanOrEqual(1);
    expect(info.name.length).toBeLessThanOrEqual(35);
    expect(info.description?.length).toBeGreaterThanOrEqual(1);
    expect(info.description?.length).toBeLessThanOrEqual(140);
    if (info.long_description !== undefined) {
      expect(info.long_description.length).toBeGreaterThanOrEqual(175);
      expect(info.long_description.length).toBeLessThanOrEqual(4000);
    }
    expect(info.background_color).toMatch(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
  });

  it("has a bot user and an App Home with the Home tab", () => {
    const bot = manifest.features.bot_user;
    expect(bot?.display_name).toBe("Handoff");
    expect(bot?.display_name.length).toBeLessThanOrEqual(80);
    expect(bot?.always_online).toBe(true);
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it("declares the six slash commands within the schema's limits", () => {
    const commands = manifest.features.slash_commands ?? [];
    expect(commands.map((c) => c.command)).toEqual(EXPECTED_COMMANDS);
    expect(commands.length).toBeLessThanOrEqual(50);
    for (const command of commands) {
      expect(command.command).toMatch(/^\/[a-z0-9_-]+$/);
      expect(command.command.length).toBeGreaterThanOrEqual(2);
      expect(command.command.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeGreaterThanOrEqual(1);
      expect(command.description.length).toBeLessThanOrEqual(2000);
      expect(command.usage_hint?.length).toBeGreaterThanOrEqual(1);
      expect(command.usage_hint?.length).toBeLessThanOrEqual(1000);
      // The command parser expects escaped mentions: <@U123|name>, <#C123|name>.
      expect(command.should_escape, command.command).toBe(true);
    }
  });

  it("asks only for known bot scopes, without duplicates", () => {
    const scopes = manifest.oauth_config.scopes.bot ?? [];
    expect(scopes.filter((scope) => !KNOWN_BOT_SCOPES.has(scope))).toEqual([]);
    expect(new Set(scopes).size).toBe(scopes.length);
    expect(scopes.length).toBeLessThanOrEqual(255);
    // Slack needs `commands` for slash commands and a bot user for bot scopes.
    expect(scopes).toContain("commands");
    expect(manifest.features.bot_user).toBeDefined();
  });

  it("explains every bot scope in manifests/README.md, and keeps none it lists as left out", () => {
    const readme = readFileSync(new URL("../../manifests/README.md", import.meta.url), "utf8");
    const [granted = "", leftOut = ""] = readme.split("Left out on purpose:");
    const explained = (scope: string) => granted.includes(`\`${scope}\``);
    const scopes = manifest.oauth_config.scopes.bot ?? [];
    expect(scopes.filter((scope) => !explained(scope))).toEqual([]);
    expect(scopes.filter((scope) => leftOut.includes(`- \`${scope}\``))).toEqual([]);
  });

  it("enables interactivity and subscribes to app_home_opened and message.im", () => {
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
    const events = manifest.settings.event_subscriptions?.bot_events ?? [];
    expect(events).toEqual(["app_home_opened", "message.im"]);
  });

  it("grants the scope of every bot event it subscribes to (Slack delivers no other)", () => {
    const scopes = new Set(manifest.oauth_config.scopes.bot ?? []);
    for (const event of manifest.settings.event_subscriptions?.bot_events ?? []) {
      const needed = EVENT_SCOPES[event];
      expect(needed, `${event} is not in the emulator's EVENT_SCOPES`).toBeDefined();
      expect(
        needed!.filter((scope) => !scopes.has(scope)),
        event,
      ).toEqual([]);
    }
  });

  it("keeps org-wide deploy and token rotation off", () => {
    expect(manifest.settings.org_deploy_enabled).toBe(false);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
  });
});

describe("HTTP manifest", () => {
  it("is not in Socket Mode", () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
  });

  it("gives every command, interactivity and events the same https request URL", () => {
    const found = urls(http);
    const expectedPaths = [
      ...EXPECTED_COMMANDS.map((_, i) => `/features/slash_commands/${i}/url`),
      "/settings/event_subscriptions/request_url",
      "/settings/interactivity/request_url",
    ];
    expect(found.map(([path]) => path).sort()).toEqual(expectedPaths.sort());
    for (const [path, url] of found) {
      expect(url, path).toMatch(/^https:\/\/[^/\s]+\/slack\/events$/);
      // Schema maxima: 3000 for a command url, 3500 for request URLs.
      expect(url.length, path).toBeLessThanOrEqual(3000);
    }
    expect(new Set(found.map(([, url]) => url)).size).toBe(1);
  });
});

describe("Socket Mode manifest", () => {
  it("enables Socket Mode and has no request URLs", () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(urls(socket)).toEqual([]);
  });
});

describe("the two manifests", () => {
  it("declare the same commands, scopes and events", () => {
    const summary = (m: Manifest) => ({
      commands: (m.features.slash_commands ?? []).map(({ url: _url, ...command }) => command),
      scopes: m.oauth_config.scopes,
      events: m.settings.event_subscriptions?.bot_events,
    });
    expect(summary(socket)).toEqual(summary(http));
  });

  it("are identical apart from the mode-specific fields", () => {
    expect(withoutModeFields(socket)).toEqual(withoutModeFields(http));
  });
});
