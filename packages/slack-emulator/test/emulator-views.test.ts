import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import type { SlackEmulator } from "../src/emulator/index.ts";
import { clientFor, errorOf, section, startDemoEmulator, titleOf } from "./support.ts";

let emu: SlackEmulator | undefined;

afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function setup(
  options: Parameters<typeof startDemoEmulator>[0] = {},
): Promise<[SlackEmulator, WebClient]> {
  emu = await startDemoEmulator(options);
  return [emu, clientFor(emu)];
}

function modal(title: string, extra: Record<string, unknown> = {}) {
  return {
    type: "modal" as const,
    title: { type: "plain_text" as const, text: title },
    close: { type: "plain_text" as const, text: "Cancel" },
    blocks: [section(`${title} body`)],
    ...extra,
  };
}

async function slackError(fn: () => Promise<unknown>): Promise<WebAPIPlatformError["data"]> {
  const error = await errorOf(fn);
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return (error as WebAPIPlatformError).data;
}

describe("views.open / push / update", () => {
  it("opens a modal for the trigger's user with Slack's view fields", async () => {
    const [emu, client] = await setup();
    const result = await client.views.open({
      trigger_id: emu.issueTriggerId("U0ANA"),
      view: modal("New deal", {
        callback_id: "deal_new",
        private_metadata: '{"x":1}',
        external_id: "deal-1",
      }),
    });
    expect(result.view).toMatchObject({
      type: "modal",
      callback_id: "deal_new",
      private_metadata: '{"x":1}',
      external_id: "deal-1",
      team_id: "T0HANDOFF",
      app_id: emu.bot.appId,
      bot_id: emu.bot.botId,
      previous_view_id: null,
      state: { values: {} },
    });
    expect(result.view?.id).toMatch(/^V/);
    expect(result.view?.root_view_id).toBe(result.view?.id);
    expect(emu.openModal("U0ANA")?.id).toBe(result.view?.id);
    expect(emu.openModal("U0BEN")).toBeUndefined();
  });

  it("pushes at most two views after the open", async () => {
    const [emu, client] = await setup();
    const root = await client.views.open({ trigger_id: emu.issueTriggerId("U0ANA"), view: modal("Root") });
    const second = await client.views.push({
      trigger_id: emu.issueTriggerId("U0ANA"),
      view: modal("Second"),
    });
    expect(second.view).toMatchObject({ root_view_id: root.view?.id, previous_view_id: root.view?.id });
    await client.views.push({ trigger_id: emu.issueTriggerId("U0ANA"), view: modal("Third") });
    const error = await slackError(() =>
      client.views.push({ trigger_id: emu.issueTriggerId("U0ANA"), view: modal("Fourth") }),
    );
    expect(error.error).toBe("push_limit_reached");
    expect(emu.modalStack("U0ANA").map(titleOf)).toEqual(["Root", "Second", "Third"]);
  });

  it("updates in place with a new hash and detects a stale hash", async () => {
    const [emu, client] = await setup();
    const opened = await client.views.open({
      trigger_id: emu.issueTriggerId("U0ANA"),
      view: modal("Loading"),
    });
    const firstHash = opened.view!.hash!;
    const updated = await client.views.update({
      view_id: opened.view!.id!,
      hash: firstHash,
      view: modal("Loaded"),
    });
    expect(updated.view?.id).toBe(opened.view?.id);
    expect(updated.view?.hash).not.toBe(firstHash);
    expect(titleOf(emu.openModal("U0ANA"))).toBe("Loaded");

    const conflict = await slackError(() =>
      client.views.update({ view_id: opened.view!.id!, hash: firstHash, view: modal("Stale") }),
    );
    expect(conflict.error).toBe("hash_conflict");
    expect(titleOf(emu.openModal("U0ANA"))).toBe("Loaded");
  });

  it("updates by external_id and answers not_found for unknown views", async () => {
    const [emu, client] = await setup();
    await client.views.open({
      trigger_id: emu.issueTriggerId("U0ANA"),
      view: modal("A", { external_id: "ext-a" }),
    });
    await client.views.update({ external_id: "ext-a", view: modal("B") });
    expect(titleOf(emu.openModal("U0ANA"))).toBe("B");
    expect(emu.openModal("U0ANA")?.external_id).toBe("ext-a");
    expect((await slackError(() => client.views.update({ view_id: "V0NOPE", view: modal("C") }))).error).toBe(
      "not_found",
    );
  });

  it("rejects an invalid view with invalid_arguments and json pointers under /view", async () => {
    const [emu, client] = await setup();
    const error = await slackError(() =>
      client.views.open({ trigger_id: emu.issueTriggerId("U0ANA"), view: modal("x".repeat(25)) }),
    );
    expect(error.error).toBe("invalid_arguments");
    expect(
      error.response_metadata?.messages?.some((m) => m.includes("[json-pointer:/view/title/text]")),
    ).toBe(true);
    expect(emu.openModal("U0ANA")).toBeUndefined();
  });

  it("refuses a timepicker whose initial_time is no time of day, as Slack does", async () => {
    const [emu, client] = await setup();
    const picker = { type: "timepicker" as const, action_id: "time", initial_time: "25:99" };
    const view = modal("Settings", {
      submit: { type: "plain_text", text: "Save" },
      blocks: [{ type: "input", label: { type: "plain_text", text: "Time" }, element: picker }],
    });
    const error = await slackError(() =>
      client.views.open({ trigger_id: emu.issueTriggerId("U0ANA"), view }),
    );
    expect(error.error).toBe("invalid_arguments");
    expect(error.response_metadata?.messages).toContainEqual(
      expect.stringContaining("[json-pointer:/view/blocks/0/element/initial_time]"),
    );
    const posted = await slackError(() =>
      client.chat.postMessage({
        channel: "C0SALES",
        text: "pick",
        blocks: [
          {
            type: "actions",
            elements: [
              { ...picker, initial_time: "09:30" },
              { type: "datepicker", action_id: "day", initial_date: "2027-02-30" },
            ],
          },
        ],
      }),
    );
    expect(posted.error).toBe("invalid_blocks");
    expect(posted.response_metadata?.messages).toEqual([
      "[ERROR] must be a calendar date (YYYY-MM-DD) [json-pointer:/blocks/0/elements/1/initial_date]",
    ]);
  });

  it("does not spend the trigger on a view it rejects", async () => {
    const [emu, client] = await setup();
    const trigger = emu.issueTriggerId("U0ANA");
    await slackError(() => client.views.open({ trigger_id: trigger, view: modal("x".repeat(25)) }));
    await expect(client.views.open({ trigger_id: trigger, view: modal("Fixed") })).resolves.toMatchObject({
      ok: true,
    });
  });

  it("replaces the open stack on a new views.open and refuses a duplicate external_id", async () => {
    const [emu, client] = await setup();
    await client.views.open({
      trigger_id: emu.issueTriggerId("U0ANA"),
      view: modal("First", { external_id: "e1" }),
    });
    await client.views.push({ trigger_id: emu.issueTriggerId("U0ANA"), view: modal("Pushed") });
    // Reopening with the same external_id is fine: the old stack goes away.
    await client.views.open({
      trigger_id: emu.issueTriggerId("U0ANA"),
      view: modal("Again", { external_id: "e1" }),
    });
    expect(emu.modalStack("U0ANA").map(titleOf)).toEqual(["Again"]);

    const duplicate = await slackError(() =>
      client.views.open({
        trigger_id: emu.issueTriggerId("U0BEN"),
        view: modal("Ben", { external_id: "e1" }),
      }),
    );
    expect(duplicate.error).toBe("duplicate_external_id");
  });

  it("keeps typed values across an update when the block stays", async () => {
    const [emu, client] = await setup();
    const input = {
      type: "input",
      block_id: "name",
      label: { type: "plain_text", text: "Name" },
      element: { type: "plain_text_input", action_id: "value" },
    };
    const opened = await client.views.open({
      trigger_id: emu.issueTriggerId("U0ANA"),
      view: modal("Form", { blocks: [input], submit: { type: "plain_text", text: "Save" } }),
    });
    emu.setViewStateValue(opened.view!.id!, "name", "value", { type: "plain_text_input", value: "Acme" });
    const updated = await client.views.update({
      view_id: opened.view!.id!,
      view: modal("Form 2", {
        blocks: [input, section("hint")],
        submit: { type: "plain_text", text: "Save" },
      }),
    });
    expect((updated.view?.state as { values?: unknown } | undefined)?.values).toEqual({
      name: { value: { type: "plain_text_input", value: "Acme" } },
    });
  });
});

describe("triggers", () => {
  it("are single use", async () => {
    const [emu, client] = await setup();
    const trigger = emu.issueTriggerId("U0ANA");
    await client.views.open({ trigger_id: trigger, view: modal("Once") });
    expect(
      (await slackError(() => client.views.open({ trigger_id: trigger, view: modal("Twice") }))).error,
    ).toBe("exchanged_trigger_id");
  });

  it("expire after the ttl", async () => {
    let now = 1_732_440_000_000;
    const [emu, client] = await setup({ now: () => now });
    const trigger = emu.issueTriggerId("U0ANA");
    now += 3001;
    expect(
      (await slackError(() => client.views.open({ trigger_id: trigger, view: modal("Late") }))).error,
    ).toBe("expired_trigger_id");
    const fresh = emu.issueTriggerId("U0ANA");
    now += 2999;
    await expect(client.views.open({ trigger_id: fresh, view: modal("In time") })).resolves.toMatchObject({
      ok: true,
    });
  });

  it("honour a custom ttl", async () => {
    const [emu, client] = await setup({ triggerTtlMs: 20 });
    const trigger = emu.issueTriggerId("U0ANA");
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(
      (await slackError(() => client.views.open({ trigger_id: trigger, view: modal("Late") }))).error,
    ).toBe("expired_trigger_id");
  });

  it("must have been issued by the emulator", async () => {
    const [, client] = await setup();
    expect(
      (
        await slackError(() =>
          client.views.open({ trigger_id: "12345.98765.abcd2358fdea", view: modal("x") }),
        )
      ).error,
    ).toBe("invalid_trigger_id");
  });
});

describe("views.publish", () => {
  it("publishes a Home view per user, keeping its id across publishes and checking the hash", async () => {
    const [emu, client] = await setup();
    const home = { type: "home" as const, blocks: [section("Welcome")] };
    const first = await client.views.publish({ user_id: "U0MAYA", view: home });
    expect(first.view?.type).toBe("home");
    const second = await client.views.publish({
      user_id: "U0MAYA",
      hash: first.view!.hash!,
      view: { type: "home", blocks: [section("Welcome back")] },
    });
    expect(second.view?.id).toBe(first.view?.id);
    expect(emu.homeView("U0MAYA")?.blocks).toMatchObject([{ text: { text: "Welcome back" } }]);
    expect(emu.homeView("U0ANA")).toBeUndefined();

    const stale = await slackError(() =>
      client.views.publish({ user_id: "U0MAYA", hash: first.view!.hash!, view: home }),
    );
    expect(stale.error).toBe("hash_conflict");
  });

  it("refuses a modal as a Home view", async () => {
    const [, client] = await setup();
    const error = await slackError(() => client.views.publish({ user_id: "U0MAYA", view: modal("Nope") }));
    expect(error.error).toBe("invalid_arguments");
  });
});
