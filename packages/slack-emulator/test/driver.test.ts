import type { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlackDriver, SlackDriverError, slackSignature } from "../src/driver.ts";
import type { SlackEmulator } from "../src/emulator/index.ts";
import { FakeApp } from "./fake-app.ts";
import { button, clientFor, section, startDemoEmulator, titleOf } from "./support.ts";

const SECRET = "test-signing-secret";

let emu: SlackEmulator;
let app: FakeApp;
let driver: SlackDriver;
let client: WebClient;
let appUrl: string;

beforeEach(async () => {
  emu = await startDemoEmulator();
  app = new FakeApp(SECRET);
  appUrl = await app.start();
  driver = new SlackDriver({ emulator: emu, appUrl, signingSecret: SECRET });
  client = clientFor(emu);
});

afterEach(async () => {
  await app.stop();
  await emu.stop();
});

const plain = (text: string) => ({ type: "plain_text" as const, text });

function input(
  label: string,
  blockId: string,
  element: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    type: "input",
    block_id: blockId,
    label: plain(label),
    element: { action_id: "v", ...element },
    ...extra,
  };
}

const options = (...texts: string[]) => texts.map((t) => ({ text: plain(t), value: t.toLowerCase() }));

async function openModal(userId: string, view: Record<string, unknown>) {
  const result = await client.views.open({
    trigger_id: emu.issueTriggerId(userId),
    view: { type: "modal", title: plain("Form"), submit: plain("Save"), ...view } as never,
  });
  return result.view!;
}

describe("slash commands", () => {
  it("sends every field, form-encoded exactly and correctly signed", async () => {
    const result = await driver.command("U0ANA", "/deal", "help me", { channelId: "C0SALES" });
    expect(result.status).toBe(200);
    const request = app.last();
    expect(request.signatureValid).toBe(true);
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Number(request.headers["x-slack-request-timestamp"])).toBeCloseTo(Date.now() / 1000, -1);
    expect(request.fields).toMatchObject({
      team_id: "T0HANDOFF",
      team_domain: "handoff-demo",
      channel_id: "C0SALES",
      channel_name: "sales",
      user_id: "U0ANA",
      user_name: "ana",
      command: "/deal",
      text: "help me",
      api_app_id: emu.bot.appId,
      is_enterprise_install: "false",
    });
    expect(typeof request.fields.token).toBe("string");
    expect(String(request.fields.response_url)).toContain(`${emu.url}/response/`);
  });

  it("hands out a trigger_id that opens a modal", async () => {
    await driver.command("U0ANA", "/deal", "", { channelId: "C0SALES" });
    const trigger = String(app.last().fields.trigger_id);
    await client.views.open({ trigger_id: trigger, view: { type: "modal", title: plain("Hi"), blocks: [] } });
    expect(emu.openModal("U0ANA")).toBeDefined();
  });

  it("turns a text ack into an ephemeral message for the user", async () => {
    app.answer = () => ({ body: "Here is some help" });
    const result = await driver.command("U0ANA", "/deal", "help", { channelId: "C0SALES" });
    expect(result.outcome).toMatchObject({ kind: "message", result: { kind: "ephemeral" } });
    expect(emu.ephemerals("U0ANA", "C0SALES").map((e) => e.text)).toEqual(["Here is some help"]);
  });

  it("turns a JSON in_channel ack into a channel message, and an empty ack into nothing", async () => {
    app.answer = () => ({
      body: { response_type: "in_channel", text: "Deal created", blocks: [section("Deal created")] },
    });
    await driver.command("U0ANA", "/deal", "new", { channelId: "C0SALES" });
    expect(emu.messages("C0SALES").map((m) => m.text)).toEqual(["Deal created"]);

    app.answer = () => ({});
    const empty = await driver.command("U0ANA", "/deal", "", { channelId: "C0SALES" });
    expect(empty.outcome).toEqual({ kind: "none" });
    expect(emu.ephemerals("U0ANA")).toEqual([]);
    expect(emu.messages("C0SALES")).toHaveLength(1);
  });

  it("reports an ack Slack would refuse, without changing anything", async () => {
    app.answer = () => ({ body: { blocks: [section("x".repeat(3001))] } });
    const result = await driver.command("U0ANA", "/deal", "", { channelId: "C0SALES" });
    expect(result.outcome).toMatchObject({ kind: "rejected", reason: "invalid_blocks" });
    expect(emu.ephemerals("U0ANA")).toEqual([]);
  });

  it("defaults to the DM with the app", async () => {
    await driver.command("U0BEN", "deal", "");
    expect(app.last().fields).toMatchObject({
      channel_id: emu.dmChannelId("U0BEN"),
      channel_name: "directmessage",
    });
    expect(app.last().fields.command).toBe("/deal");
  });

  it("gives up after the ack timeout and applies nothing", async () => {
    const slow = new SlackDriver({ emulator: emu, appUrl, signingSecret: SECRET, ackTimeoutMs: 100 });
    app.answer = () => ({ body: "too late", delayMs: 300 });
    const result = await slow.command("U0ANA", "/deal", "", { channelId: "C0SALES" });
    expect(result).toMatchObject({
      status: 0,
      timedOut: true,
      outcome: { kind: "rejected", reason: "timeout" },
    });
    expect(emu.ephemerals("U0ANA")).toEqual([]);
  });
});

describe("signing", () => {
  it("matches Slack's documented example", () => {
    // From Slack's "Verifying requests" guide.
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(slackSignature("8f742231b10e8888abcd99yyyzzz85a5", 1531420618, body)).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });

  it("lets tests send bad signatures and stale timestamps", async () => {
    const bad = await driver.sendRaw({
      body: "{}",
      contentType: "application/json",
      signature: "v0=deadbeef",
    });
    expect(bad.status).toBe(401);
    const old = await driver.sendRaw({
      body: "{}",
      contentType: "application/json",
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(old.status).toBe(401);
    expect(app.last().signatureError).toMatch(/stale|old|timestamp/i);
    const good = await driver.sendRaw({ body: "{}", contentType: "application/json" });
    expect(good.status).toBe(200);
  });

  it("adds retry headers when asked", async () => {
    await driver.event({ type: "app_mention", text: "hi" }, { retryNum: 2, retryReason: "http_timeout" });
    expect(app.last().headers).toMatchObject({
      "x-slack-retry-num": "2",
      "x-slack-retry-reason": "http_timeout",
    });
  });
});

describe("block actions", () => {
  it("clicks a button in a channel message with Slack's full payload", async () => {
    const posted = await client.chat.postMessage({
      channel: "C0SALES",
      text: "Deal",
      blocks: [
        section("Acme renewal", {
          block_id: "deal",
          accessory: button("Open", "open_deal", { value: "d1" }),
        }),
        {
          type: "actions",
          block_id: "decide",
          elements: [
            button("Approve", "approve", { value: "d1", style: "primary" }),
            button("Reject", "reject"),
          ],
        },
      ],
    });
    const result = await driver.clickButton("U0MAYA", { channelId: "C0SALES", ts: posted.ts! }, "Approve");
    expect(result.status).toBe(200);
    const payload = app.last().payload!;
    expect(app.last().headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: "U0MAYA", username: "maya", name: "maya", team_id: "T0HANDOFF" },
      api_app_id: emu.bot.appId,
      container: { type: "message", message_ts: posted.ts, channel_id: "C0SALES", is_ephemeral: false },
      team: { id: "T0HANDOFF", domain: "handoff-demo" },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: "C0SALES", name: "sales" },
      message: { ts: posted.ts, text: "Deal" },
      state: { values: {} },
      actions: [
        {
          type: "button",
          action_id: "approve",
          block_id: "decide",
          text: { type: "plain_text", text: "Approve" },
          value: "d1",
          style: "primary",
        },
      ],
    });
    expect((payload.actions as Array<{ action_ts: string }>)[0]!.action_ts).toMatch(/^\d+\.\d{6}$/);
    await driver.clickButton("U0MAYA", { channelId: "C0SALES", ts: posted.ts! }, /^Open$/);
    expect(app.last().payload?.actions).toMatchObject([
      { action_id: "open_deal", block_id: "deal", value: "d1" },
    ]);

    // The trigger works and the response_url points at the clicked message.
    await client.views.open({
      trigger_id: String(payload.trigger_id),
      view: { type: "modal", title: plain("x"), blocks: [] },
    });
    await fetch(String(payload.response_url), {
      method: "POST",
      body: JSON.stringify({ replace_original: true, text: "Approved by Maya" }),
    });
    expect(emu.message("C0SALES", posted.ts!)?.text).toBe("Approved by Maya");
    expect(emu.message("C0SALES", posted.ts!)?.blocks).toBeUndefined();
  });

  it("lists the visible buttons when the label is not there", async () => {
    const posted = await client.chat.postMessage({
      channel: "C0SALES",
      text: "x",
      blocks: [{ type: "actions", elements: [button("Approve", "a"), button("Reject", "r")] }],
    });
    await expect(
      driver.clickButton("U0MAYA", { channelId: "C0SALES", ts: posted.ts! }, "Maybe"),
    ).rejects.toThrow(/visible buttons: "Approve", "Reject"/);
    expect(app.received).toHaveLength(0);
  });

  it("clicks in the latest matching ephemeral message; the response_url replaces it", async () => {
    await client.chat.postEphemeral({
      channel: "C0SALES",
      user: "U0ANA",
      text: "older",
      blocks: [{ type: "actions", elements: [button("Undo", "undo_old")] }],
    });
    await client.chat.postEphemeral({
      channel: "C0SALES",
      user: "U0ANA",
      text: "Saved deal",
      blocks: [section("Saved deal"), { type: "actions", elements: [button("Undo", "undo")] }],
    });
    await client.chat.postEphemeral({
      channel: "C0WINS",
      user: "U0ANA",
      text: "other channel",
      blocks: [{ type: "actions", elements: [button("Undo", "undo_wins")] }],
    });

    await driver.clickButton(
      "U0ANA",
      { ephemeralOf: "U0ANA", channelId: "C0SALES", textIncludes: "Saved" },
      "Undo",
    );
    const payload = app.last().payload!;
    expect(payload.container).toMatchObject({ type: "message", channel_id: "C0SALES", is_ephemeral: true });
    expect(payload.message).toBeUndefined();
    expect(payload.actions).toMatchObject([{ action_id: "undo" }]);

    await fetch(String(payload.response_url), {
      method: "POST",
      body: JSON.stringify({ delete_original: true }),
    });
    expect(emu.ephemerals("U0ANA", "C0SALES").map((e) => e.text)).toEqual(["older"]);
  });

  it("clicks in a modal and on the Home tab with the view and its current state", async () => {
    const view = await openModal("U0ANA", {
      callback_id: "deal_form",
      blocks: [
        input("Name", "name", { type: "plain_text_input", initial_value: "Acme" }),
        { type: "actions", block_id: "more", elements: [button("Add contact", "add_contact")] },
      ],
    });
    await driver.clickButton("U0ANA", { view: "modal" }, "Add contact");
    const payload = app.last().payload!;
    expect(payload.container).toEqual({ type: "view", view_id: view.id });
    expect(payload.response_url).toBeUndefined();
    expect(payload.view).toMatchObject({
      id: view.id,
      callback_id: "deal_form",
      hash: view.hash,
      state: { values: { name: { v: { type: "plain_text_input", value: "Acme" } } } },
    });
    expect((payload.view as Record<string, unknown>).user_id).toBeUndefined();

    await client.views.publish({
      user_id: "U0ANA",
      view: { type: "home", blocks: [{ type: "actions", elements: [button("Refresh", "refresh")] }] },
    });
    await driver.clickButton("U0ANA", { view: "home" }, "Refresh");
    expect(app.last().payload).toMatchObject({ container: { type: "view" }, view: { type: "home" } });
  });

  it("selects options in static and user selects; a modal keeps the choice", async () => {
    const posted = await client.chat.postMessage({
      channel: "C0SALES",
      text: "stage",
      blocks: [
        section("Stage", {
          block_id: "stage",
          accessory: {
            type: "static_select",
            action_id: "pick",
            placeholder: plain("Choose stage"),
            options: options("Lead", "Won"),
          },
        }),
      ],
    });
    await driver.selectOption("U0ANA", { channelId: "C0SALES", ts: posted.ts! }, "Choose stage", "Won");
    expect(app.last().payload).toMatchObject({
      actions: [
        {
          type: "static_select",
          action_id: "pick",
          block_id: "stage",
          selected_option: { text: plain("Won"), value: "won" },
        },
      ],
      state: { values: { stage: { pick: { type: "static_select", selected_option: { value: "won" } } } } },
    });

    const view = await openModal("U0MAYA", {
      blocks: [
        {
          type: "actions",
          block_id: "owner",
          elements: [{ type: "users_select", action_id: "who", placeholder: plain("Owner") }],
        },
      ],
    });
    await driver.selectOption("U0MAYA", { view: "modal" }, "Owner", "U0DEV");
    expect(app.last().payload?.actions).toMatchObject([{ type: "users_select", selected_user: "U0DEV" }]);
    expect(emu.view(view.id!)?.state.values).toEqual({
      owner: { who: { type: "users_select", selected_user: "U0DEV" } },
    });
  });

  it("chooses an overflow item", async () => {
    const posted = await client.chat.postMessage({
      channel: "C0SALES",
      text: "x",
      blocks: [
        section("Deal", {
          block_id: "d",
          accessory: { type: "overflow", action_id: "more", options: options("Edit", "Archive") },
        }),
      ],
    });
    await driver.chooseOverflow("U0ANA", { channelId: "C0SALES", ts: posted.ts! }, "Archive");
    expect(app.last().payload?.actions).toMatchObject([
      { type: "overflow", action_id: "more", block_id: "d", selected_option: { value: "archive" } },
    ]);
  });
});

describe("view submissions", () => {
  const formBlocks = [
    input("Deal name", "name", { type: "plain_text_input" }),
    input("Stage", "stage", { type: "static_select", options: options("Lead", "Won") }),
    input("Products", "products", { type: "multi_static_select", options: options("Core", "Add-on") }),
    input("Owner", "owner", { type: "users_select" }),
    input("Team", "team", { type: "multi_users_select" }),
    input("Channel", "channel", { type: "conversations_select" }),
    input("Close date", "close", { type: "datepicker" }),
    input("Kickoff time", "time", { type: "timepicker" }),
    input("Flags", "flags", { type: "checkboxes", options: options("Urgent", "Strategic") }),
    input("Priority", "priority", { type: "radio_buttons", options: options("High", "Low") }),
    input("Seats", "seats", { type: "number_input", is_decimal_allowed: false }),
    input("Notes", "notes", { type: "plain_text_input", multiline: true }, { optional: true }),
    input("Region", "region", {
      type: "static_select",
      options: options("EMEA", "APAC"),
      initial_option: options("EMEA")[0],
    }),
  ];

  it("builds state.values in Slack's shape for every element type", async () => {
    const view = await openModal("U0ANA", {
      callback_id: "deal_new",
      private_metadata: "meta",
      blocks: formBlocks,
    });
    const result = await driver.submitView("U0ANA", {
      "Deal name": "Acme renewal",
      Stage: "Won",
      Products: ["Core", "Add-on"],
      Owner: { user: "U0BEN" },
      Team: ["U0DEV", "U0LENA"],
      Channel: "sales",
      "Close date": { date: "2025-03-31" },
      "Kickoff time": "09:30",
      Flags: ["Urgent"],
      Priority: "High",
      Seats: "25",
    });
    expect(result.status).toBe(200);
    const payload = app.last().payload!;
    expect(payload).toMatchObject({
      type: "view_submission",
      team: { id: "T0HANDOFF", domain: "handoff-demo" },
      user: { id: "U0ANA", username: "ana", name: "ana", team_id: "T0HANDOFF" },
      api_app_id: emu.bot.appId,
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
      view: {
        id: view.id,
        hash: view.hash,
        callback_id: "deal_new",
        private_metadata: "meta",
        root_view_id: view.id,
        previous_view_id: null,
        app_id: emu.bot.appId,
        bot_id: emu.bot.botId,
      },
    });
    expect(typeof payload.trigger_id).toBe("string");
    const values = (payload.view as { state: { values: unknown } }).state.values;
    expect(values).toEqual({
      name: { v: { type: "plain_text_input", value: "Acme renewal" } },
      stage: { v: { type: "static_select", selected_option: { text: plain("Won"), value: "won" } } },
      products: {
        v: {
          type: "multi_static_select",
          selected_options: [
            { text: plain("Core"), value: "core" },
            { text: plain("Add-on"), value: "add-on" },
          ],
        },
      },
      owner: { v: { type: "users_select", selected_user: "U0BEN" } },
      team: { v: { type: "multi_users_select", selected_users: ["U0DEV", "U0LENA"] } },
      channel: { v: { type: "conversations_select", selected_conversation: "C0SALES" } },
      close: { v: { type: "datepicker", selected_date: "2025-03-31" } },
      time: { v: { type: "timepicker", selected_time: "09:30" } },
      flags: { v: { type: "checkboxes", selected_options: [{ text: plain("Urgent"), value: "urgent" }] } },
      priority: { v: { type: "radio_buttons", selected_option: { text: plain("High"), value: "high" } } },
      seats: { v: { type: "number_input", value: "25" } },
      notes: { v: { type: "plain_text_input", value: null } },
      region: { v: { type: "static_select", selected_option: { text: plain("EMEA"), value: "emea" } } },
    });
    // An empty ack closes the modal.
    expect(result.outcome).toEqual({ kind: "view_closed", viewId: view.id });
    expect(emu.openModal("U0ANA")).toBeUndefined();
  });

  it("refuses unknown labels and unknown options, listing what is there", async () => {
    await openModal("U0ANA", { blocks: formBlocks.slice(0, 2) });
    await expect(driver.submitView("U0ANA", { "Deal title": "x" })).rejects.toThrow(
      /No input labelled "Deal title".*"Deal name", "Stage"/,
    );
    await expect(driver.submitView("U0ANA", { "Deal name": "x", Stage: "Lost" })).rejects.toThrow(
      /no option "Lost"; options: "Lead", "Won"/,
    );
    expect(app.received).toHaveLength(0);
  });

  it("does not submit while a required input is empty, like Slack's client", async () => {
    await openModal("U0ANA", { blocks: formBlocks.slice(0, 2) });
    await expect(driver.submitView("U0ANA", { "Deal name": "Acme" })).rejects.toThrow(SlackDriverError);
    await expect(driver.submitView("U0ANA", { "Deal name": "Acme" })).rejects.toThrow(/"Stage" is required/);
    expect(app.received).toHaveLength(0);
  });

  it("keeps errors from response_action errors on the view, and clears them on the next submit", async () => {
    const view = await openModal("U0ANA", { blocks: formBlocks.slice(0, 1) });
    app.answer = () => ({ body: { response_action: "errors", errors: { name: "Already taken" } } });
    const result = await driver.submitView("U0ANA", { "Deal name": "Acme" });
    expect(result.outcome).toEqual({
      kind: "view_errors",
      viewId: view.id,
      errors: { name: "Already taken" },
    });
    expect(emu.openModal("U0ANA")).toMatchObject({ id: view.id, errors: { name: "Already taken" } });
    // The typed value stays in the view.
    expect(emu.openModal("U0ANA")?.state.values.name).toEqual({
      v: { type: "plain_text_input", value: "Acme" },
    });

    app.answer = () => ({ body: { response_action: "errors", errors: {} } });
    await driver.submitView("U0ANA", {});
    expect(emu.openModal("U0ANA")?.errors).toBeUndefined();
  });

  it("applies update, push and clear", async () => {
    const view = await openModal("U0ANA", { blocks: formBlocks.slice(0, 1) });
    const next = {
      type: "modal",
      title: plain("Step 2"),
      submit: plain("Next"),
      blocks: formBlocks.slice(0, 1),
    };

    app.answer = () => ({ body: { response_action: "update", view: next } });
    const updated = await driver.submitView("U0ANA", { "Deal name": "Acme" });
    expect(updated.outcome).toEqual({ kind: "view_updated", viewId: view.id });
    expect(emu.openModal("U0ANA")?.title).toEqual(plain("Step 2"));
    expect(emu.openModal("U0ANA")?.hash).not.toBe(view.hash);

    // The updated view kept the typed value (same block), so nothing needs filling in again.
    app.answer = () => ({ body: { response_action: "push", view: { ...next, title: plain("Step 3") } } });
    await driver.submitView("U0ANA", {});
    expect(emu.modalStack("U0ANA").map(titleOf)).toEqual(["Step 2", "Step 3"]);

    // An empty ack closes only the submitted (top) view.
    app.answer = () => ({});
    await driver.submitView("U0ANA", { "Deal name": "Acme" });
    expect(emu.modalStack("U0ANA")).toHaveLength(1);

    app.answer = () => ({ body: { response_action: "clear" } });
    const cleared = await driver.submitView("U0ANA", {});
    expect(cleared.outcome).toMatchObject({ kind: "views_cleared" });
    expect(emu.modalStack("U0ANA")).toEqual([]);
  });

  it("reports an update Slack would refuse and keeps the modal as it was", async () => {
    const view = await openModal("U0ANA", { blocks: formBlocks.slice(0, 1) });
    app.answer = () => ({
      body: { response_action: "update", view: { type: "modal", title: plain("x".repeat(30)), blocks: [] } },
    });
    const result = await driver.submitView("U0ANA", { "Deal name": "Acme" });
    expect(result.outcome).toMatchObject({ kind: "rejected", reason: "invalid_arguments" });
    expect(emu.openModal("U0ANA")?.hash).toBe(view.hash);
  });

  it("keeps the modal open when the app fails", async () => {
    await openModal("U0ANA", { blocks: formBlocks.slice(0, 1) });
    app.answer = () => ({ status: 500 });
    const result = await driver.submitView("U0ANA", { "Deal name": "Acme" });
    expect(result.outcome).toEqual({ kind: "rejected", reason: "http 500" });
    expect(emu.openModal("U0ANA")).toBeDefined();
  });

  it("sends view_closed only for notify_on_close views", async () => {
    await openModal("U0ANA", { blocks: [section("quiet")] });
    expect(await driver.closeView("U0ANA")).toBeUndefined();
    expect(app.received).toHaveLength(0);
    expect(emu.openModal("U0ANA")).toBeUndefined();

    const view = await openModal("U0ANA", {
      callback_id: "loud",
      notify_on_close: true,
      blocks: [section("loud")],
    });
    const result = await driver.closeView("U0ANA");
    expect(result?.status).toBe(200);
    expect(app.last().payload).toMatchObject({
      type: "view_closed",
      user: { id: "U0ANA" },
      view: { id: view.id, callback_id: "loud" },
      is_cleared: false,
    });
    expect(emu.openModal("U0ANA")).toBeUndefined();
  });
});

describe("events", () => {
  it("wraps an event in Slack's event_callback envelope", async () => {
    await driver.event("U0ANA", { type: "app_mention", channel: "C0SALES", text: "<@U0HANDOFFBOT> hi" });
    const request = app.last();
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.signatureValid).toBe(true);
    expect(request.fields).toMatchObject({
      type: "event_callback",
      team_id: "T0HANDOFF",
      api_app_id: emu.bot.appId,
      event: { type: "app_mention", user: "U0ANA", channel: "C0SALES" },
      authorizations: [{ team_id: "T0HANDOFF", user_id: emu.bot.userId, is_bot: true }],
    });
    expect(String(request.fields.event_id)).toMatch(/^Ev/);
    expect(typeof request.fields.event_time).toBe("number");

    await driver.event({ type: "app_mention", text: "again" });
    expect(app.last().fields.event_id).not.toBe(request.fields.event_id);
    await driver.event({ type: "app_mention", text: "redelivered" }, { eventId: "Ev0SAME", retryNum: 1 });
    expect(app.last().fields.event_id).toBe("Ev0SAME");
  });

  it("sends app_home_opened with the user's DM and current Home view", async () => {
    await client.views.publish({ user_id: "U0LENA", view: { type: "home", blocks: [section("Hi Lena")] } });
    await driver.appHomeOpened("U0LENA");
    expect(app.last().fields.event).toMatchObject({
      type: "app_home_opened",
      user: "U0LENA",
      tab: "home",
      channel: emu.dmChannelId("U0LENA"),
      view: { type: "home", id: emu.homeView("U0LENA")?.id },
    });
  });

  it("stores a person's message and sends the message event", async () => {
    const { message } = await driver.userMessage("U0ANA", "C0SALES", "Closed Acme!");
    expect(emu.messages("C0SALES").map((m) => m.text)).toEqual(["Closed Acme!"]);
    expect(app.last().fields.event).toMatchObject({
      type: "message",
      channel: "C0SALES",
      user: "U0ANA",
      text: "Closed Acme!",
      ts: message.ts,
      channel_type: "channel",
    });
  });

  it("does the url_verification handshake", async () => {
    app.answer = (request) => ({ body: { challenge: request.fields.challenge } });
    const result = await driver.urlVerification("abc123");
    expect(app.last().fields).toMatchObject({ type: "url_verification", challenge: "abc123" });
    expect(result.body).toEqual({ challenge: "abc123" });
  });
});
