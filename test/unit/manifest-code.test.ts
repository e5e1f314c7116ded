import { readFileSync } from "node:fs";
import type { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import type { ListenerDeps } from "../../src/slack/listeners/deps.ts";
import { registerListeners } from "../../src/slack/listeners/index.ts";

/**
 * What the code listens for must be declared in the manifests (and the other way round for
 * commands), or Slack never sends it — or sends what nobody answers ("dispatch_failed").
 */

interface Registered {
  commands: string[];
  events: string[];
  shortcuts: string[];
}

/** Stands in for Bolt's App: records what registerListeners asks for. */
function recordRegistrations(): Registered {
  const registered: Registered = { commands: [], events: [], shortcuts: [] };
  const recorder = {
    command: (name: string) => void registered.commands.push(name),
    event: (name: string) => void registered.events.push(name),
    shortcut: (id: string | { callback_id: string }) =>
      void registered.shortcuts.push(typeof id === "string" ? id : id.callback_id),
    // Interactivity needs no per-listener declaration; only its switch (checked below).
    action: () => {},
    view: () => {},
    options: () => {},
    message: () => {},
  };
  registerListeners(recorder as unknown as App, {} as ListenerDeps);
  return registered;
}

interface Manifest {
  features: { slash_commands?: Array<{ command: string }>; shortcuts?: Array<{ callback_id: string }> };
  settings: { event_subscriptions?: { bot_events?: string[] }; interactivity?: { is_enabled: boolean } };
  oauth_config: { scopes: { bot?: string[] } };
}

const manifests = ["slack-app.http.json", "slack-app.socket.json"].map(
  (file) =>
    [
      file,
      JSON.parse(readFileSync(new URL(`../../manifests/${file}`, import.meta.url), "utf8")) as Manifest,
    ] as const,
);

describe.each(manifests)("%s matches the code", (_file, manifest) => {
  const registered = recordRegistrations();

  it("declares every slash command the code registers, and registers every declared one", () => {
    const declared = (manifest.features.slash_commands ?? []).map((c) => c.command).sort();
    expect(registered.commands.length).toBeGreaterThan(0);
    expect(declared).toEqual([...new Set(registered.commands)].sort());
  });

  it("subscribes to every event the code listens for", () => {
    const declared = manifest.settings.event_subscriptions?.bot_events ?? [];
    // Slack subscribes to messages by where they are posted (message.im, message.channels…),
    // and delivers each as the event type "message".
    const subscribed = new Set(declared.map((name) => name.replace(/^message\..*$/, "message")));
    for (const event of registered.events) expect([...subscribed]).toContain(event);
  });

  it("declares every shortcut the code registers", () => {
    const declared = (manifest.features.shortcuts ?? []).map((s) => s.callback_id);
    for (const shortcut of registered.shortcuts) expect(declared).toContain(shortcut);
  });

  it("enables interactivity and the commands scope", () => {
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toContain("commands");
  });
});
