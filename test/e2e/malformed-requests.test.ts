import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * A correctly signed request whose body is not what Slack sends must get a 4xx
 * (or a private answer), quickly — never a 5xx, a request left unanswered, or a crash.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // The health probe's first connection can outlast its 1 s on a loaded machine: warm it up,
  // so each case below checks that the app still serves, not how fast it connects.
  await vi.waitFor(async () => expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200), {
    timeout: 10_000,
    interval: 200,
  });
}, 60_000);
afterAll(() => h?.stop());

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (value: unknown) => form({ payload: JSON.stringify(value) });

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

const bodies: Array<[string, () => { body: string; contentType: string }]> = [
  ["payload=null", () => ({ body: form({ payload: "null" }), contentType: FORM })],
  ["JSON null", () => ({ body: "null", contentType: JSON_TYPE })],
  ["payload=[]", () => ({ body: form({ payload: "[]" }), contentType: FORM })],
  ["payload=1", () => ({ body: form({ payload: "1" }), contentType: FORM })],
  ['payload="text"', () => ({ body: form({ payload: '"text"' }), contentType: FORM })],
  ["JSON []", () => ({ body: "[]", contentType: JSON_TYPE })],
  ["JSON 1", () => ({ body: "1", contentType: JSON_TYPE })],
  ["JSON {}", () => ({ body: "{}", contentType: JSON_TYPE })],
  ["payload={}", () => ({ body: payload({}), contentType: FORM })],
  ["an empty form", () => ({ body: "", contentType: FORM })],
  [
    "view_submission without view",
    () => ({ body: payload(interaction("view_submission")), contentType: FORM }),
  ],
  [
    "view_submission with view null",
    () => ({ body: payload(interaction("view_submission", { view: null })), contentType: FORM }),
  ],
  ["view_closed without view", () => ({ body: payload(interaction("view_closed")), contentType: FORM })],
  [
    "block_actions without actions",
    () => ({ body: payload(interaction("block_actions")), contentType: FORM }),
  ],
  [
    "block_actions with actions []",
    () => ({ body: payload(interaction("block_actions", { actions: [] })), contentType: FORM }),
  ],
  [
    "block_actions with actions [null]",
    () => ({ body: payload(interaction("block_actions", { actions: [null] })), contentType: FORM }),
  ],
  [
    "block_actions without user",
    () => ({
      body: payload({
        ...interaction("block_actions", { actions: [{ action_id: "x", type: "button" }] }),
        user: null,
      }),
      contentType: FORM,
    }),
  ],
  ["an unknown payload type", () => ({ body: payload(interaction("no_such_type")), contentType: FORM })],
  [
    "event_callback without event",
    () => ({
      body: JSON.stringify({ type: "event_callback", team_id: h.emulator.team.id }),
      contentType: JSON_TYPE,
    }),
  ],
  [
    "event_callback with event null",
    () => ({
      body: JSON.stringify({ type: "event_callback", team_id: h.emulator.team.id, event: null }),
      contentType: JSON_TYPE,
    }),
  ],
  [
    "a slash command without user_id",
    () => ({
      body: form({ command: "/deal", text: "list", team_id: h.emulator.team.id }),
      contentType: FORM,
    }),
  ],
];

describe("malformed, correctly signed requests", () => {
  it.each(bodies)(
    "%s gets a quick 4xx or a private answer, and the app keeps serving",
    async (_name, make) => {
      const response = await h.driver.sendRaw(make());
      expect(response.timedOut, "answered within Slack's 3 s").toBe(false);
      if (response.status === 200) {
        const body = response.body as { response_type?: string } | string;
        if (body && typeof body === "object") expect(body.response_type ?? "ephemeral").toBe("ephemeral");
      } else {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }
      const health = await fetch(`${h.baseUrl}/healthz`);
      expect(health.status).toBe(200);
    },
  );

  it("after all of them the app still answers a real command, and logged no error", async () => {
    const response = await h.command(People.ana, "/deal", "list", { channelId: Channels.sales });
    expect(response.status).toBe(200);
    expect(h.problems.filter((p) => p.level >= 50).map((p) => p.msg)).toEqual([]);
  });
});
