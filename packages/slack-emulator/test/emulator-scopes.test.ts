import { WebAPIPlatformError } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import type { SlackEmulator } from "../src/emulator/index.ts";
import { manifestBotScopes } from "../src/emulator/scopes.ts";
import { clientFor, errorOf, startDemoEmulator } from "./support.ts";

let emu: SlackEmulator | undefined;

afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

/** Slack's error body; missing_scope adds `needed` and `provided`. */
type ErrorBody = WebAPIPlatformError["data"] & { needed?: string; provided?: string };

async function platformError(fn: () => Promise<unknown>): Promise<{ data: ErrorBody }> {
  const error = await errorOf(fn);
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return error as { data: ErrorBody };
}

describe("scopes", () => {
  it("answers missing_scope with what was needed and what the token has", async () => {
    emu = await startDemoEmulator({ botScopes: ["commands", "chat:write"] });
    const client = clientFor(emu);
    const error = await platformError(() => client.users.info({ user: "U0ANA" }));
    expect(error.data).toMatchObject({
      ok: false,
      error: "missing_scope",
      needed: "users:read",
      provided: "commands,chat:write",
    });
    expect((await platformError(() => client.conversations.join({ channel: "C0SALES" }))).data).toMatchObject(
      { error: "missing_scope", needed: "channels:join" },
    );
    expect((await platformError(() => client.team.info())).data.needed).toBe("team:read");
    expect((await platformError(() => client.conversations.open({ users: "U0ANA" }))).data.needed).toBe(
      "im:write",
    );
  });

  it("asks for the scope of the conversation's type in the conversations.* family", async () => {
    emu = await startDemoEmulator({ botScopes: ["chat:write", "channels:history"] });
    emu.addChannel({
      id: "G0SHOWN",
      name: "shown",
      is_private: true,
      members: ["U0ANA"],
      bot_is_member: true,
    });
    const client = clientFor(emu);
    await expect(client.conversations.history({ channel: "C0SALES" })).resolves.toMatchObject({ ok: true });
    expect(
      (await platformError(() => client.conversations.history({ channel: "G0SHOWN" }))).data.needed,
    ).toBe("groups:history");
    expect((await platformError(() => client.conversations.info({ channel: "C0SALES" }))).data.needed).toBe(
      "channels:read",
    );
    // Without a known conversation, Slack lists every scope that could do.
    expect(
      (await platformError(() => client.conversations.members({ channel: "C0NONE" }))).data,
    ).toMatchObject({
      needed: "channels:read,groups:read,im:read,mpim:read",
    });
  });

  it("needs no scope for views, auth.test and chat.getPermalink", async () => {
    emu = await startDemoEmulator({ botScopes: [] });
    const client = clientFor(emu);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    const view = { type: "home" as const, blocks: [] };
    await expect(client.views.publish({ user_id: "U0ANA", view })).resolves.toMatchObject({ ok: true });
    const posted = emu.postAppMessage("C0SALES", "hello");
    await expect(
      client.chat.getPermalink({ channel: "C0SALES", message_ts: posted.ts }),
    ).resolves.toMatchObject({
      ok: true,
    });
    expect(
      (await platformError(() => client.chat.postMessage({ channel: "C0SALES", text: "x" }))).data.needed,
    ).toBe("chat:write");
  });

  it("posts in a public channel the bot is not in only with chat:write.public", async () => {
    emu = await startDemoEmulator({ botScopes: ["chat:write"] });
    emu.addChannel({ id: "C0RANDOM", name: "random", members: ["U0ANA"] });
    const error = await platformError(() =>
      clientFor(emu!).chat.postMessage({ channel: "C0RANDOM", text: "hi" }),
    );
    expect(error.data.error).toBe("not_in_channel");
    await emu.stop();

    emu = await startDemoEmulator({ botScopes: ["chat:write", "chat:write.public"] });
    emu.addChannel({ id: "C0RANDOM", name: "random", members: ["U0ANA"] });
    emu.addChannel({ id: "G0SECRET", name: "secret", is_private: true, members: ["U0ANA"] });
    const client = clientFor(emu);
    await expect(client.chat.postMessage({ channel: "C0RANDOM", text: "hi" })).resolves.toMatchObject({
      ok: true,
    });
    expect(emu.messages("C0RANDOM").map((m) => m.text)).toEqual(["hi"]);
    expect(emu.channel("C0RANDOM")?.members).not.toContain(emu.bot.userId);
    // Not private channels: those stay invisible until the app is invited.
    const secret = await platformError(() => client.chat.postMessage({ channel: "G0SECRET", text: "hi" }));
    expect(secret.data.error).toBe("channel_not_found");
  });

  it("reads a manifest's bot scopes", () => {
    const scopes = manifestBotScopes(new URL("./fixtures/slack-app-manifest.json", import.meta.url));
    expect(scopes).toContain("chat:write");
    expect(scopes).toContain("commands");
  });
});

describe("a DM between two people", () => {
  it("does not exist for the bot: posting there is channel_not_found, as in Slack", async () => {
    emu = await startDemoEmulator();
    const dm = emu.addDirectMessage("U0ANA", "U0BEN");
    expect(dm.id).toMatch(/^D/);
    const client = clientFor(emu);
    const posted = await platformError(() => client.chat.postMessage({ channel: dm.id, text: "digest" }));
    expect(posted.data.error).toBe("channel_not_found");
    const ephemeral = await platformError(() =>
      client.chat.postEphemeral({ channel: dm.id, user: "U0ANA", text: "only you" }),
    );
    expect(ephemeral.data.error).toBe("channel_not_found");
    expect(emu.messages(dm.id)).toEqual([]);
    // The bot's own DM with Ana still works.
    await expect(client.chat.postMessage({ channel: "U0ANA", text: "hi" })).resolves.toMatchObject({
      ok: true,
    });
  });
});

describe("Slack's error vocabulary", () => {
  it.each([
    ["chat.postMessage", "rate_limited"],
    ["chat.postMessage", "message_limit_exceeded"],
    ["chat.postMessage", "restricted_action"],
    ["chat.postMessage", "is_archived"],
    ["chat.postMessage", "msg_too_long"],
    ["chat.update", "message_limit_exceeded"],
    ["chat.update", "edit_window_closed"],
    ["chat.postEphemeral", "user_not_in_channel"],
  ])("injects %s → ok:false %s with HTTP 200", async (method, code) => {
    emu = await startDemoEmulator();
    emu.injectFault({ method, fault: { kind: "error", error: code } });
    const client = clientFor(emu);
    const posted = emu.postAppMessage("C0SALES", "card");
    const call = {
      "chat.postMessage": () => client.chat.postMessage({ channel: "C0SALES", text: "x" }),
      "chat.update": () => client.chat.update({ channel: "C0SALES", ts: posted.ts, text: "x" }),
      "chat.postEphemeral": () => client.chat.postEphemeral({ channel: "C0SALES", user: "U0ANA", text: "x" }),
    }[method]!;
    expect((await platformError(call)).data.error).toBe(code);
    expect(emu.callsTo(method).at(-1)).toMatchObject({ status: 200, response: { ok: false, error: code } });
  });

  it("refuses to inject an error Slack does not document for the method", async () => {
    emu = await startDemoEmulator();
    expect(() =>
      emu!.injectFault({ method: "chat.postMessage", fault: { kind: "error", error: "rate_limit" } }),
    ).toThrow(/does not document "rate_limit" for chat.postMessage/);
    expect(() =>
      emu!.injectFault({ method: "chat.update", fault: { kind: "error", error: "not_in_channel" } }),
    ).toThrow(/not_in_channel/);
    // The errors every method shares are fine everywhere.
    expect(() =>
      emu!.injectFault({ method: "chat.update", fault: { kind: "error", error: "service_unavailable" } }),
    ).not.toThrow();
  });
});
