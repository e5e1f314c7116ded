import { afterEach, describe, expect, it } from "vitest";
import { createDemoWorkspace, type EmulatorChange, SlackEmulator } from "../src/emulator/index.ts";
import { tzLabel, tzOffsetSeconds } from "../src/emulator/timezones.ts";
import { BOT_TOKEN, clientFor, startDemoEmulator } from "./support.ts";

let emu: SlackEmulator | undefined;

afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

describe("demo workspace", () => {
  it("has the shared roster and channels with the bot in them", async () => {
    emu = await startDemoEmulator();
    expect(emu.team.id).toBe("T0HANDOFF");
    expect(emu.user("U0MAYA")).toMatchObject({ real_name: "Maya Chen", tz: "Europe/London" });
    expect(emu.user("U0ADMIN")).toMatchObject({ is_admin: true, tz: "UTC", tz_offset: 0 });
    expect(emu.user(emu.bot.userId)).toMatchObject({ is_bot: true, bot_id: emu.bot.botId });
    for (const name of ["sales", "wins", "delivery", "digest"]) {
      const channel = emu.channelByName(name);
      expect(channel?.is_private).toBe(false);
      expect(channel?.members).toContain(emu.bot.userId);
    }
  });

  it("returns a fresh copy each time", () => {
    const a = createDemoWorkspace();
    a.users.pop();
    expect(createDemoWorkspace().users).toHaveLength(6);
  });

  it("binds to 127.0.0.1 on a random port", async () => {
    emu = await SlackEmulator.start({ botToken: BOT_TOKEN });
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.apiUrl).toBe(`${emu.url}/api/`);
  });
});

describe("time zones", () => {
  it("computes offsets and labels with daylight saving", () => {
    const winter = Date.UTC(2025, 0, 15, 12);
    const summer = Date.UTC(2025, 6, 15, 12);
    expect(tzOffsetSeconds("Europe/Berlin", winter)).toBe(3600);
    expect(tzOffsetSeconds("Europe/Berlin", summer)).toBe(7200);
    expect(tzOffsetSeconds("America/New_York", winter)).toBe(-18000);
    expect(tzOffsetSeconds("Asia/Kolkata", summer)).toBe(19800);
    expect(tzLabel("Europe/Berlin", summer)).toMatch(/Central European Summer Time/);
  });

  it("uses the emulator clock for the roster", async () => {
    emu = await startDemoEmulator({ now: () => Date.UTC(2025, 0, 15, 12) });
    expect(emu.user("U0BEN")?.tz_offset).toBe(-18000);
    expect(emu.user("U0LENA")?.tz_offset).toBe(3600);
  });

  it("refuses an unknown zone", async () => {
    emu = await startDemoEmulator();
    expect(() => emu!.addUser({ id: "U0X", name: "x", real_name: "X", tz: "Mars/Olympus" })).toThrow(
      RangeError,
    );
  });
});

describe("change events and waitFor", () => {
  it("emits typed change events", async () => {
    emu = await startDemoEmulator();
    const seen: EmulatorChange[] = [];
    emu.events.on("change", (change) => seen.push(change));
    const posted = await clientFor(emu).chat.postMessage({ channel: "C0SALES", text: "hi" });
    expect(seen).toContainEqual({ type: "message_posted", channel: "C0SALES", ts: posted.ts });
    expect(seen).toContainEqual({ type: "api_call", method: "chat.postMessage", ok: true });
  });

  it("resolves with the first truthy value once a change makes it true", async () => {
    emu = await startDemoEmulator();
    const waiting = emu.waitFor(() => emu!.messages("C0WINS").find((m) => m.text === "won"), {
      timeoutMs: 2000,
    });
    setTimeout(() => void clientFor(emu!).chat.postMessage({ channel: "C0WINS", text: "won" }), 20);
    const message = await waiting;
    expect(message.text).toBe("won");
  });

  it("rejects on timeout with what it was waiting for and what happened", async () => {
    emu = await startDemoEmulator();
    await clientFor(emu)
      .chat.postMessage({ channel: "C0SALES", text: "noise" })
      .then(() => undefined);
    const waiting = emu.waitFor(() => emu!.messages("C0WINS").length > 0, {
      timeoutMs: 150,
      description: "a message in #wins",
    });
    setTimeout(() => void clientFor(emu!).chat.postMessage({ channel: "C0SALES", text: "more noise" }), 10);
    const error = await waiting.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain("waitFor timed out after 150 ms waiting for: a message in #wins");
    expect(error?.message).toContain("last value: false");
    expect(error?.message).toContain("chat.postMessage→ok");
  });
});

describe("snapshot", () => {
  it("is plain data that survives JSON", async () => {
    emu = await startDemoEmulator();
    const client = clientFor(emu);
    await client.chat.postMessage({ channel: "C0SALES", text: "hello" });
    await client.views.publish({ user_id: "U0ANA", view: { type: "home", blocks: [] } });
    const snapshot = emu.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.messages.C0SALES?.[0]?.text).toBe("hello");

    const res = await fetch(`${emu.url}/_emulator/state`);
    expect(((await res.json()) as typeof snapshot).homeViews.U0ANA).toBe(snapshot.homeViews.U0ANA);
  });

  it("hands out copies, so callers cannot change the state", async () => {
    emu = await startDemoEmulator();
    const posted = await clientFor(emu).chat.postMessage({ channel: "C0SALES", text: "original" });
    const copy = emu.message("C0SALES", posted.ts!)!;
    copy.text = "tampered";
    expect(emu.message("C0SALES", posted.ts!)?.text).toBe("original");
  });
});
