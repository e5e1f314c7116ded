import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SlackEmulator } from "../src/emulator/index.ts";
import { clientFor, section, startDemoEmulator } from "./support.ts";

let emu: SlackEmulator;
let now: number;

beforeEach(async () => {
  now = 1_732_440_000_000;
  emu = await startDemoEmulator({ now: () => now });
});

afterEach(async () => {
  await emu.stop();
});

/** POSTs like Bolt's respond(): JSON to the response_url. */
async function respond(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe("response_url", () => {
  it("lives under the emulator's url", () => {
    const url = emu.issueResponseUrl({ channelId: "C0SALES", userId: "U0ANA" });
    expect(url.startsWith(`${emu.url}/response/`)).toBe(true);
  });

  it("posts a new ephemeral message by default and an in_channel message when asked", async () => {
    const url = emu.issueResponseUrl({ channelId: "C0SALES", userId: "U0ANA" });
    expect(await respond(url, { text: "just you" })).toEqual({ status: 200, body: { ok: true } });
    expect(emu.ephemerals("U0ANA", "C0SALES").map((e) => e.text)).toEqual(["just you"]);
    expect(emu.messages("C0SALES")).toEqual([]);

    await respond(url, { text: "everyone", response_type: "in_channel" });
    expect(emu.messages("C0SALES").map((m) => m.text)).toEqual(["everyone"]);
  });

  it("replaces an ephemeral source in place and then deletes it", async () => {
    const posted = await clientFor(emu).chat.postEphemeral({
      channel: "C0SALES",
      user: "U0ANA",
      text: "pick one",
    });
    const url = emu.issueResponseUrl({
      channelId: "C0SALES",
      userId: "U0ANA",
      source: { ts: posted.message_ts!, ephemeral: true },
    });
    await respond(url, { replace_original: true, text: "done", blocks: [section("Done ✅")] });
    expect(emu.ephemerals("U0ANA")).toMatchObject([{ ts: posted.message_ts, text: "done" }]);
    expect(emu.ephemerals("U0ANA")[0]?.blocks).toHaveLength(1);

    await respond(url, { delete_original: true });
    expect(emu.ephemerals("U0ANA")).toEqual([]);
  });

  it("replaces a channel message as a whole (blocks included)", async () => {
    const client = clientFor(emu);
    const posted = await client.chat.postMessage({
      channel: "C0SALES",
      text: "old",
      blocks: [section("old")],
    });
    const url = emu.issueResponseUrl({
      channelId: "C0SALES",
      userId: "U0ANA",
      source: { ts: posted.ts!, ephemeral: false },
    });
    await respond(url, { replace_original: "true", text: "new" });
    const message = emu.message("C0SALES", posted.ts!);
    expect(message?.text).toBe("new");
    expect(message?.blocks).toBeUndefined();
  });

  it("works five times, then answers used_url with HTTP 404", async () => {
    const url = emu.issueResponseUrl({ channelId: "C0SALES", userId: "U0ANA" });
    for (let i = 1; i <= 5; i++) expect((await respond(url, { text: `#${i}` })).status).toBe(200);
    expect(await respond(url, { text: "#6" })).toEqual({
      status: 404,
      body: { ok: false, error: "used_url" },
    });
    expect(emu.ephemerals("U0ANA")).toHaveLength(5);
  });

  it("expires after thirty minutes with expired_url", async () => {
    const url = emu.issueResponseUrl({ channelId: "C0SALES", userId: "U0ANA" });
    now += 30 * 60 * 1000 + 1;
    expect(await respond(url, { text: "late" })).toEqual({
      status: 404,
      body: { ok: false, error: "expired_url" },
    });
  });

  it("validates blocks and answers invalid_blocks with HTTP 400", async () => {
    const url = emu.issueResponseUrl({ channelId: "C0SALES", userId: "U0ANA" });
    const result = await respond(url, { blocks: [section("z".repeat(3001))] });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      ok: false,
      error: "invalid_blocks",
      response_metadata: { messages: [expect.stringContaining("[json-pointer:/blocks/0/text/text]")] },
    });
    expect(emu.ephemerals("U0ANA")).toEqual([]);
  });

  it("is recorded in the call log", async () => {
    const url = emu.issueResponseUrl({ channelId: "C0SALES", userId: "U0ANA" });
    await respond(url, { text: "logged" });
    expect(emu.callsTo("response_url")).toMatchObject([{ status: 200, args: { body: { text: "logged" } } }]);
  });
});
