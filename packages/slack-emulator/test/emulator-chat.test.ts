import { WebAPIPlatformError, type WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SlackEmulator } from "../src/emulator/index.ts";
import { BOT_TOKEN, button, clientFor, errorOf, section, startDemoEmulator } from "./support.ts";

let emu: SlackEmulator;
let client: WebClient;

beforeEach(async () => {
  emu = await startDemoEmulator();
  client = clientFor(emu);
});

afterEach(async () => {
  await emu.stop();
});

async function platformError(fn: () => Promise<unknown>): Promise<WebAPIPlatformError> {
  const error = await errorOf(fn);
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return error as WebAPIPlatformError;
}

describe("auth and routing", () => {
  it("answers auth.test with the bot's identity", async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: "T0HANDOFF",
      user_id: emu.bot.userId,
      bot_id: emu.bot.botId,
      url: "https://handoff-demo.slack.com/",
    });
  });

  it("rejects a wrong token with invalid_auth and a missing one with not_authed", async () => {
    const wrong = await platformError(() => clientFor(emu, { token: "xoxb-wrong" }).auth.test());
    expect(wrong.data.error).toBe("invalid_auth");

    const res = await fetch(`${emu.apiUrl}auth.test`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: false, error: "not_authed" });
  });

  it("accepts the token as a form field and JSON bodies", async () => {
    const form = await fetch(`${emu.apiUrl}auth.test`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `token=${BOT_TOKEN}`,
    });
    expect(await form.json()).toMatchObject({ ok: true });

    const json = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${BOT_TOKEN}` },
      body: JSON.stringify({ channel: "C0SALES", blocks: [section("from JSON")] }),
    });
    const body = (await json.json()) as { ok: boolean; ts: string };
    expect(body.ok).toBe(true);
    expect(emu.message("C0SALES", body.ts)?.blocks).toHaveLength(1);
  });

  it("answers an unknown method with unknown_method", async () => {
    const error = await platformError(() => client.apiCall("chat.frobnicate"));
    expect(error.data.error).toBe("unknown_method");
  });
});

describe("chat.postMessage / update / delete", () => {
  it("posts, edits in place and deletes, with increasing unique ts values", async () => {
    const first = await client.chat.postMessage({ channel: "C0SALES", text: "first" });
    const second = await client.chat.postMessage({ channel: "C0SALES", text: "second" });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.message).toMatchObject({ text: "first", bot_id: emu.bot.botId, user: emu.bot.userId });

    const updated = await client.chat.update({ channel: "C0SALES", ts: first.ts!, text: "first, edited" });
    expect(updated).toMatchObject({ ok: true, channel: "C0SALES", ts: first.ts, text: "first, edited" });
    const stored = emu.message("C0SALES", first.ts!);
    expect(stored?.text).toBe("first, edited");
    expect(stored?.edited?.user).toBe(emu.bot.userId);

    await client.chat.delete({ channel: "C0SALES", ts: second.ts! });
    expect(emu.messages("C0SALES").map((m) => m.text)).toEqual(["first, edited"]);
  });

  it("keeps blocks on a text-only chat.update and removes them with blocks: []", async () => {
    const posted = await client.chat.postMessage({
      channel: "C0SALES",
      text: "t",
      blocks: [section("hello")],
    });
    await client.chat.update({ channel: "C0SALES", ts: posted.ts!, text: "t2" });
    expect(emu.message("C0SALES", posted.ts!)?.blocks).toHaveLength(1);
    await client.chat.update({ channel: "C0SALES", ts: posted.ts!, text: "t3", blocks: [] });
    expect(emu.message("C0SALES", posted.ts!)?.blocks).toBeUndefined();
  });

  it("gives every block a block_id and every interactive element an action_id", async () => {
    const posted = await client.chat.postMessage({
      channel: "C0SALES",
      text: "t",
      blocks: [
        section("a"),
        { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Go" } }] },
      ],
    });
    const blocks = emu.message("C0SALES", posted.ts!)?.blocks as Array<Record<string, unknown>>;
    expect(blocks.every((b) => typeof b.block_id === "string" && b.block_id !== "")).toBe(true);
    const element = (blocks[1]!.elements as Array<Record<string, unknown>>)[0]!;
    expect(typeof element.action_id).toBe("string");
  });

  it("threads replies, counting them on the parent, and broadcasts when asked", async () => {
    const parent = await client.chat.postMessage({ channel: "C0SALES", text: "parent" });
    const r1 = await client.chat.postMessage({ channel: "C0SALES", text: "r1", thread_ts: parent.ts! });
    const r2 = await client.chat.postMessage({
      channel: "C0SALES",
      text: "r2",
      thread_ts: parent.ts!,
      reply_broadcast: true,
    });
    expect(r1.message?.thread_ts).toBe(parent.ts);

    const stored = emu.message("C0SALES", parent.ts!);
    expect(stored).toMatchObject({ thread_ts: parent.ts, reply_count: 2, latest_reply: r2.ts });
    expect(emu.messages("C0SALES", { threadTs: parent.ts! }).map((m) => m.text)).toEqual(["r1", "r2"]);
    // The broadcast reply also shows in the channel; the plain reply does not.
    expect(emu.messages("C0SALES").map((m) => m.text)).toEqual(["parent", "r2"]);
    expect(emu.message("C0SALES", r2.ts!)?.subtype).toBe("thread_broadcast");

    const replies = await client.conversations.replies({ channel: "C0SALES", ts: parent.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(["parent", "r1", "r2"]);

    await client.chat.delete({ channel: "C0SALES", ts: r2.ts! });
    expect(emu.message("C0SALES", parent.ts!)).toMatchObject({ reply_count: 1, latest_reply: r1.ts });
  });

  it("rejects a thread_ts that does not exist", async () => {
    const error = await platformError(() =>
      client.chat.postMessage({ channel: "C0SALES", text: "x", thread_ts: "1700000000.000001" }),
    );
    expect(error.data.error).toBe("thread_not_found");
  });

  it("answers channel_not_found, no_text, message_not_found and is_archived", async () => {
    expect(
      (await platformError(() => client.chat.postMessage({ channel: "C0NOPE", text: "x" }))).data.error,
    ).toBe("channel_not_found");
    expect(
      (await platformError(() => client.chat.postMessage({ channel: "C0SALES", text: "" }))).data.error,
    ).toBe("no_text");
    expect(
      (
        await platformError(() =>
          client.chat.update({ channel: "C0SALES", ts: "1700000000.000001", text: "x" }),
        )
      ).data.error,
    ).toBe("message_not_found");
    emu.archiveChannel("C0DIGEST");
    expect(
      (await platformError(() => client.chat.postMessage({ channel: "C0DIGEST", text: "x" }))).data.error,
    ).toBe("is_archived");
  });

  it("refuses to edit or delete a person's message", async () => {
    const theirs = emu.postUserMessage("U0ANA", "C0SALES", "my message");
    const edit = await platformError(() =>
      client.chat.update({ channel: "C0SALES", ts: theirs.ts, text: "x" }),
    );
    expect(edit.data.error).toBe("cant_update_message");
    const del = await platformError(() => client.chat.delete({ channel: "C0SALES", ts: theirs.ts }));
    expect(del.data.error).toBe("cant_delete_message");
  });

  it("posts to a user id in the DM with the bot, opening it", async () => {
    expect(emu.dmChannelId("U0BEN")).toBeUndefined();
    const posted = await client.chat.postMessage({ channel: "U0BEN", text: "psst" });
    const dm = emu.dmChannelId("U0BEN");
    expect(dm).toMatch(/^D/);
    expect(posted.channel).toBe(dm);
    expect(emu.messages(dm!).map((m) => m.text)).toEqual(["psst"]);
  });

  it("without chat:write.public needs the bot in the channel: not_in_channel, then conversations.join works", async () => {
    await emu.stop();
    emu = await startDemoEmulator({ botScopes: ["chat:write", "channels:join"] });
    client = clientFor(emu);
    emu.addChannel({ id: "C0RANDOM", name: "random", members: ["U0ANA"] });
    const error = await platformError(() => client.chat.postMessage({ channel: "C0RANDOM", text: "hi" }));
    expect(error.data.error).toBe("not_in_channel");

    const joined = await client.conversations.join({ channel: "C0RANDOM" });
    expect(joined.channel?.is_member).toBe(true);
    const again = await client.conversations.join({ channel: "C0RANDOM" });
    expect(again.warning).toBe("already_in_channel");
    await client.chat.postMessage({ channel: "C0RANDOM", text: "hi" });
    expect(emu.messages("C0RANDOM")).toHaveLength(1);
  });

  it("cannot join a private channel, and cannot see one it is not in", async () => {
    emu.addChannel({ id: "G0SECRET", name: "secret", is_private: true, members: ["U0ANA"] });
    expect((await platformError(() => client.conversations.join({ channel: "G0SECRET" }))).data.error).toBe(
      "channel_not_found",
    );
    emu.addChannel({
      id: "G0SHOWN",
      name: "shown",
      is_private: true,
      members: ["U0ANA"],
      bot_is_member: true,
    });
    expect((await platformError(() => client.conversations.join({ channel: "G0SHOWN" }))).data.error).toBe(
      "method_not_supported_for_channel_type",
    );
  });
});

describe("invalid blocks", () => {
  it("rejects a 51-block message with invalid_blocks and json-pointer messages", async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    const error = await platformError(() =>
      client.chat.postMessage({ channel: "C0SALES", text: "t", blocks }),
    );
    expect(error.data.error).toBe("invalid_blocks");
    const data = error.data as unknown as { errors: string[]; response_metadata: { messages: string[] } };
    expect(data.errors.length).toBeGreaterThan(0);
    expect(data.response_metadata.messages[0]).toMatch(/^\[ERROR\] .+ \[json-pointer:\/blocks\]$/);
    expect(emu.messages("C0SALES")).toHaveLength(0);
  });

  it("rejects a 3001-character section text, pointing at the text", async () => {
    const error = await platformError(() =>
      client.chat.postMessage({ channel: "C0SALES", text: "t", blocks: [section("x".repeat(3001))] }),
    );
    expect(error.data.error).toBe("invalid_blocks");
    const data = error.data as unknown as { response_metadata: { messages: string[] } };
    expect(
      data.response_metadata.messages.some((m) => m.includes("[json-pointer:/blocks/0/text/text]")),
    ).toBe(true);
  });

  it("rejects blocks that are not JSON with invalid_blocks_format", async () => {
    const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Bearer ${BOT_TOKEN}` },
      body: "channel=C0SALES&blocks=%5Bnot-json",
    });
    expect(await res.json()).toEqual({ ok: false, error: "invalid_blocks_format" });
  });

  it("rejects a message whose blocks are too long as a whole with msg_blocks_too_long", async () => {
    // Each section is valid on its own; together they exceed what one message may carry.
    const blocks = Array.from({ length: 8 }, () => section("y".repeat(2900)));
    const error = await platformError(() =>
      client.chat.postMessage({ channel: "C0SALES", text: "t", blocks }),
    );
    expect(error.data.error).toBe("msg_blocks_too_long");
  });
});

describe("chat.postEphemeral and chat.getPermalink", () => {
  it("shows an ephemeral message to one member only", async () => {
    const result = await client.chat.postEphemeral({
      channel: "C0SALES",
      user: "U0ANA",
      text: "only you",
      blocks: [section("only you"), { type: "actions", elements: [button("OK", "ok")] }],
    });
    expect(result.message_ts).toMatch(/^\d+\.\d+$/);
    expect(emu.ephemerals("U0ANA", "C0SALES")).toMatchObject([{ text: "only you", ts: result.message_ts }]);
    expect(emu.ephemerals("U0BEN")).toEqual([]);
    expect(emu.messages("C0SALES")).toEqual([]);
  });

  it("answers user_not_in_channel and user_not_found", async () => {
    emu.addChannel({ id: "C0SMALL", name: "small", members: ["U0ANA"], bot_is_member: true });
    const notIn = await platformError(() =>
      client.chat.postEphemeral({ channel: "C0SMALL", user: "U0BEN", text: "x" }),
    );
    expect(notIn.data.error).toBe("user_not_in_channel");
    const unknown = await platformError(() =>
      client.chat.postEphemeral({ channel: "C0SMALL", user: "U0NOBODY", text: "x" }),
    );
    expect(unknown.data.error).toBe("user_not_found");
  });

  it("builds permalinks for messages and thread replies", async () => {
    const parent = await client.chat.postMessage({ channel: "C0SALES", text: "p" });
    const reply = await client.chat.postMessage({ channel: "C0SALES", text: "r", thread_ts: parent.ts! });
    const top = await client.chat.getPermalink({ channel: "C0SALES", message_ts: parent.ts! });
    expect(top.permalink).toBe(
      `https://handoff-demo.slack.com/archives/C0SALES/p${parent.ts!.replace(".", "")}`,
    );
    const inThread = await client.chat.getPermalink({ channel: "C0SALES", message_ts: reply.ts! });
    expect(inThread.permalink).toContain(`?thread_ts=${parent.ts}&cid=C0SALES`);
  });
});

describe("conversations, users and team", () => {
  it("opens the DM once and reports it as already open afterwards", async () => {
    const first = await client.conversations.open({ users: "U0LENA" });
    const second = await client.conversations.open({ users: "U0LENA", return_im: true });
    expect(first.channel?.id).toMatch(/^D/);
    expect(second).toMatchObject({
      already_open: true,
      channel: { id: first.channel?.id, is_im: true, user: "U0LENA" },
    });
    expect((await platformError(() => client.conversations.open({ users: "U0NOBODY" }))).data.error).toBe(
      "user_not_found",
    );
  });

  it("describes channels and lists members with pagination", async () => {
    const info = await client.conversations.info({ channel: "C0SALES", include_num_members: true });
    expect(info.channel).toMatchObject({
      id: "C0SALES",
      name: "sales",
      is_private: false,
      is_member: true,
      num_members: 7,
    });
    const page1 = await client.conversations.members({ channel: "C0SALES", limit: 4 });
    expect(page1.members).toHaveLength(4);
    const page2 = await client.conversations.members({
      channel: "C0SALES",
      limit: 4,
      cursor: page1.response_metadata!.next_cursor!,
    });
    expect(page2.members).toHaveLength(3);
    expect(page2.response_metadata?.next_cursor).toBe("");
    expect(new Set([...page1.members!, ...page2.members!]).size).toBe(7);
  });

  it("returns history newest first with has_more", async () => {
    for (const text of ["a", "b", "c"]) await client.chat.postMessage({ channel: "C0WINS", text });
    const history = await client.conversations.history({ channel: "C0WINS", limit: 2 });
    expect(history.messages?.map((m) => m.text)).toEqual(["c", "b"]);
    expect(history.has_more).toBe(true);
  });

  it("describes people with their time zone", async () => {
    const { user } = await client.users.info({ user: "U0LENA" });
    expect(user).toMatchObject({
      id: "U0LENA",
      real_name: "Lena Vogel",
      tz: "Europe/Berlin",
      profile: { email: "lena@handoff-demo.test", display_name: "Lena" },
    });
    expect([3600, 7200]).toContain(user?.tz_offset);
    const dev = await client.users.info({ user: "U0DEV" });
    expect(dev.user?.tz_offset).toBe(19800);
    expect((await platformError(() => client.users.info({ user: "U0NOBODY" }))).data.error).toBe(
      "user_not_found",
    );
  });

  it("describes the team", async () => {
    const { team } = await client.team.info();
    expect(team).toMatchObject({ id: "T0HANDOFF", domain: "handoff-demo" });
  });
});

describe("call log", () => {
  it("records every call with decoded arguments and the response", async () => {
    await client.chat.postMessage({ channel: "C0SALES", text: "t", blocks: [section("logged")] });
    const [call] = emu.callsTo("chat.postMessage");
    expect(call?.args.blocks).toEqual([section("logged")]);
    expect(call?.args.token).toBeUndefined();
    expect(call?.response).toMatchObject({ ok: true, channel: "C0SALES" });
  });
});
