import type { EnvelopeType } from "@handoff/slack-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * The malformed bodies of malformed-requests.test.ts, as Socket Mode envelopes: Slack's
 * WebSocket carries no signature and no status code, so each must be acked (with a private
 * answer where Slack shows one) — never left unacked, never a crash or an unhandled rejection.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ socketMode: true });
}, 60_000);
afterAll(() => h?.stop());

function interaction(type: string, extra: Record<string, unknown> = {}) {
  return {
    type,
    team: { id: h.emulator.team.id, domain: "demo" },
    user: { id: People.ana, username: "ana", name: "ana", team_id: h.emulator.team.id },
    api_app_id: "A0HANDOFF",
    trigger_id: "1.2.3",
    ...extra,
  };
}

const envelopes: Array<[string, EnvelopeType, () => unknown]> = [
  ["a slash command with payload null", "slash_commands", () => null],
  ["a slash command with payload []", "slash_commands", () => []],
  [
    "a slash command without user_id",
    "slash_commands",
    () => ({ command: "/deal", text: "list", team_id: h.emulator.team.id, channel_id: Channels.sales }),
  ],
  ["an interaction with payload null", "interactive", () => null],
  ["an interaction with payload 1", "interactive", () => 1],
  ['an interaction with payload "text"', "interactive", () => "text"],
  ["an interaction with payload {}", "interactive", () => ({})],
  ["view_submission without view", "interactive", () => interaction("view_submission")],
  ["view_submission with view null", "interactive", () => interaction("view_submission", { view: null })],
  ["view_closed without view", "interactive", () => interaction("view_closed")],
  ["block_actions without actions", "interactive", () => interaction("block_actions")],
  ["block_actions with actions []", "interactive", () => interaction("block_actions", { actions: [] })],
  [
    "block_actions with actions [null]",
    "interactive",
    () => interaction("block_actions", { actions: [null] }),
  ],
  ["an unknown interaction type", "interactive", () => interaction("no_such_type")],
  ["an event with payload null", "events_api", () => null],
  ["an event with payload {}", "events_api", () => ({})],
  [
    "event_callback with event null",
    "events_api",
    () => ({ type: "event_callback", team_id: h.emulator.team.id, event: null }),
  ],
];

describe("malformed Socket Mode envelopes", () => {
  it.each(envelopes)(
    "%s is acked within Slack's 3 s, and the app keeps serving",
    async (_name, type, make) => {
      const ack = await h.emulator.socketMode.deliver(type, make());
      expect(ack.acked, "acked within Slack's 3 s").toBe(true);
      if (ack.acked && type === "slash_commands") {
        // What a person who typed the command sees, privately.
        expect(ack.payload).toMatchObject({ text: expect.stringMatching(/could not read/) });
        expect(ack.payload.response_type ?? "ephemeral").toBe("ephemeral");
      }
      expect(h.emulator.socketMode.openConnections).toBe(1);
    },
  );

  it("after all of them the app still answers a real command, and logged no error", async () => {
    const response = await h.command(People.ana, "/deal", "list", { channelId: Channels.sales });
    expect(response.status).toBe(200);
    expect(response.timedOut).toBe(false);
    expect(h.problems.filter((p) => p.level >= 50).map((p) => p.msg)).toEqual([]);
  });
});
