import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_TOKEN, Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText, headerOf } from "../support/slack-views.ts";

/**
 * The app in Socket Mode (SLACK_APP_TOKEN set): it opens a connection with apps.connections.open,
 * takes commands, interactions and events as envelopes over the emulator's WebSocket and acks
 * them by envelope_id. The HTTP journey again: a deal created, moved, won, a task claimed, with
 * a reconnect in the middle.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ socketMode: true });
}, 60_000);
afterAll(() => h?.stop());

describe("Socket Mode", () => {
  it("connects with the app-level token and gets Slack's hello", async () => {
    const opened = h.emulator.callsTo("apps.connections.open");
    expect(opened).toHaveLength(1);
    expect(opened[0]!.response).toMatchObject({
      ok: true,
      url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\//),
    });
    expect(h.emulator.socketMode.openConnections).toBe(1);
    // The bot token cannot open a connection, as in Slack.
    const refused = await fetch(`${h.emulator.apiUrl}apps.connections.open`, {
      method: "POST",
      headers: { authorization: `Bearer ${h.emulator.botToken}` },
    });
    expect(await refused.json()).toEqual({ ok: false, error: "not_allowed_token_type" });
    expect(APP_TOKEN).toMatch(/^xapp-/);
  });

  it("creates a deal: the command is acked by envelope_id, the modal submission closes it", async () => {
    const command = await h.command(People.ana, "/deal", "new Initech rollout 48k 2027-01-29", {
      channelId: Channels.sales,
    });
    expect(command.status).toBe(200);
    expect(command.timedOut).toBe(false);
    expect(JSON.parse(command.request.body)).toMatchObject({
      type: "slash_commands",
      envelope_id: expect.any(String),
    });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    const submitted = await h.driver.submitView(People.ana, { Company: "Initech" });
    expect(submitted.outcome.kind).toBe("view_closed");
    await h.app.settle();
    const card = await h.emulator.waitFor(() => h.emulator.messages(Channels.sales)[0]);
    expect(headerOf(card.blocks)).toBe("D-1 · Initech rollout");
  });

  it("moves the deal after Slack asks the app to reconnect", async () => {
    const opensBefore = h.emulator.callsTo("apps.connections.open").length;
    h.emulator.socketMode.requestReconnect("refresh_requested");
    await h.emulator.waitFor(() => h.emulator.callsTo("apps.connections.open").length > opensBefore, {
      timeoutMs: 10_000,
    });
    await h.emulator.socketMode.waitForConnections(1);

    const moved = await h.command(People.ana, "/deal", "move D-1 proposal", { channelId: Channels.sales });
    expect(moved.timedOut).toBe(false);
    await h.app.settle();
    const card = h.emulator.messages(Channels.sales)[0]!;
    await h.emulator.waitFor(() =>
      /Proposal/.test(blocksText(h.emulator.message(Channels.sales, card.ts)!.blocks)),
    );
    expect(h.emulator.socketMode.connectionsOpened).toBeGreaterThanOrEqual(2);
  });

  it("wins the deal through the handoff form and opens the project thread", async () => {
    await h.command(People.ana, "/deal", "won D-1", { channelId: Channels.sales });
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    expect(modal.title).toMatchObject({ text: "Deal won — handoff" });
    const submitted = await h.driver.submitView(People.ana, {
      "Customer goals": "Cut onboarding time",
      "Commitments made": "SSO on day one",
      "Key contacts": "Peter Gibbons, IT lead",
      "Delivery lead": { user: People.dev },
    });
    expect(submitted.outcome.kind).toBe("view_closed");
    await h.app.settle();
    const parent = await h.emulator.waitFor(() => h.emulator.messages(Channels.delivery)[0]);
    expect(headerOf(parent.blocks)).toMatch(/^P-1 · Initech/);
    expect(h.emulator.messages(Channels.wins)).toHaveLength(1);
  });

  it("claims a task with a button (interactive envelope)", async () => {
    const parent = h.emulator.messages(Channels.delivery)[0]!;
    const task = h.emulator
      .messages(Channels.delivery, { threadTs: parent.ts })
      .find((m) => /^T-\d+ Handoff call —/.test(m.text))!;
    const clicked = await h.driver.clickButton(
      People.lena,
      { channelId: Channels.delivery, ts: task.ts },
      "Claim",
    );
    expect(JSON.parse(clicked.request.body)).toMatchObject({ type: "interactive" });
    await h.app.settle();
    expect(blocksText(h.emulator.message(Channels.delivery, task.ts)!.blocks)).toContain("<@U0LENA>");
  });

  it("takes events: App Home opened and a message in the Messages tab", async () => {
    await h.driver.appHomeOpened(People.maya);
    await h.emulator.waitFor(() => h.emulator.homeView(People.maya));
    const dm = h.emulator.openDm(People.maya);
    const { response } = await h.driver.userMessage(People.maya, dm, "hello?");
    expect(JSON.parse(response.request.body)).toMatchObject({
      type: "events_api",
      accepts_response_payload: false,
    });
    await h.emulator.waitFor(() => h.emulator.messages(dm).some((m) => m.bot_id !== undefined));
  });
});
