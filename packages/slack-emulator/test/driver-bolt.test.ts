import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackDriver } from "../src/driver.ts";
import type { SlackEmulator } from "../src/emulator/index.ts";
import { BOT_TOKEN, button, section, silentLogger, startDemoEmulator } from "./support.ts";

// A real Bolt app over HTTP against the emulator: proves the driver's requests pass Bolt's
// signature check and parsers, and that Bolt's acks, respond() and client calls work.

const SECRET = "bolt-signing-secret";
const plain = (text: string) => ({ type: "plain_text" as const, text });

let emu: SlackEmulator;
let app: App;
let driver: SlackDriver;

beforeAll(async () => {
  emu = await startDemoEmulator();
  app = new App({
    token: BOT_TOKEN,
    signingSecret: SECRET,
    logger: silentLogger,
    clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, timeout: 5000 },
  });

  app.command("/deal", async ({ ack, body, client, command }) => {
    if (command.text === "help") {
      await ack("Try `/deal new`");
      return;
    }
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: "modal",
        callback_id: "deal_new",
        private_metadata: command.channel_id,
        title: plain("New deal"),
        submit: plain("Create"),
        blocks: [
          {
            type: "input",
            block_id: "name",
            label: plain("Deal name"),
            element: { type: "plain_text_input", action_id: "value" },
          },
        ],
      },
    });
  });

  app.view("deal_new", async ({ ack, view, client }) => {
    const name = view.state.values.name?.value?.value ?? "";
    if (name.length < 3) {
      await ack({ response_action: "errors", errors: { name: "Use at least 3 characters" } });
      return;
    }
    await ack();
    await client.chat.postMessage({
      channel: view.private_metadata,
      text: `New deal: ${name}`,
      blocks: [section(`New deal: *${name}*`), { type: "actions", elements: [button("Approve", "approve")] }],
    });
  });

  app.action("approve", async ({ ack, respond, body }) => {
    await ack();
    await respond({ replace_original: true, text: `Approved by <@${body.user.id}>` });
  });

  app.event("app_home_opened", async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: { type: "home", blocks: [section(`Hello <@${event.user}>`)] },
    });
  });

  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  driver = new SlackDriver({
    emulator: emu,
    appUrl: `http://127.0.0.1:${port}/slack/events`,
    signingSecret: SECRET,
  });
});

afterAll(async () => {
  await app.stop();
  await emu.stop();
});

describe("driver against a real Bolt app", () => {
  it("runs a slash command whose ack text becomes an ephemeral message", async () => {
    const result = await driver.command("U0ANA", "/deal", "help", { channelId: "C0SALES" });
    expect(result.status).toBe(200);
    expect(emu.ephemerals("U0ANA", "C0SALES").map((e) => e.text)).toContain("Try `/deal new`");
  });

  it("goes from command to modal to validation errors to a posted message to a button click", async () => {
    await driver.command("U0BEN", "/deal", "", { channelId: "C0SALES" });
    const modal = await emu.waitFor(() => emu.openModal("U0BEN"), { timeoutMs: 3000 });
    expect(modal.callback_id).toBe("deal_new");

    const rejected = await driver.submitView("U0BEN", { "Deal name": "Ac" });
    expect(rejected.outcome).toMatchObject({
      kind: "view_errors",
      errors: { name: "Use at least 3 characters" },
    });
    expect(emu.openModal("U0BEN")?.errors).toEqual({ name: "Use at least 3 characters" });

    const accepted = await driver.submitView("U0BEN", { "Deal name": "Acme renewal" });
    expect(accepted.outcome).toMatchObject({ kind: "view_closed" });
    expect(emu.openModal("U0BEN")).toBeUndefined();

    const posted = await emu.waitFor(() =>
      emu.messages("C0SALES").find((m) => m.text === "New deal: Acme renewal"),
    );
    await driver.clickButton("U0MAYA", { channelId: "C0SALES", ts: posted.ts }, "Approve");
    const approved = await emu.waitFor(
      () =>
        emu.message("C0SALES", posted.ts)?.text.startsWith("Approved") && emu.message("C0SALES", posted.ts),
    );
    expect(approved.text).toBe("Approved by <@U0MAYA>");
  });

  it("publishes the Home tab on app_home_opened", async () => {
    const result = await driver.appHomeOpened("U0LENA");
    expect(result.status).toBe(200);
    const home = await emu.waitFor(() => emu.homeView("U0LENA"));
    expect(home.blocks).toMatchObject([{ text: { text: "Hello <@U0LENA>" } }]);
  });

  it("is turned away by Bolt when the signature is wrong", async () => {
    const result = await driver.sendRaw({
      body: JSON.stringify({ type: "url_verification", challenge: "x" }),
      contentType: "application/json",
      signature: "v0=0000",
    });
    expect(result.status).toBe(401);
  });

  it("answers url_verification through Bolt", async () => {
    const result = await driver.urlVerification("hello-challenge");
    expect(result.body).toEqual({ challenge: "hello-challenge" });
  });
});
