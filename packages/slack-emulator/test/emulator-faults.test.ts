import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import type { SlackEmulator } from "../src/emulator/index.ts";
import { clientFor, errorOf, startDemoEmulator } from "./support.ts";

let emu: SlackEmulator | undefined;

afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

describe("fault injection", () => {
  it("turns the next call into a platform error, once by default", async () => {
    emu = await startDemoEmulator();
    const client = clientFor(emu);
    emu.injectFault({ method: "chat.postMessage", fault: { kind: "error", error: "channel_not_found" } });
    const error = await errorOf(() => client.chat.postMessage({ channel: "C0SALES", text: "x" }));
    expect(error).toBeInstanceOf(WebAPIPlatformError);
    expect((error as WebAPIPlatformError).data.error).toBe("channel_not_found");
    await expect(client.chat.postMessage({ channel: "C0SALES", text: "x" })).resolves.toMatchObject({
      ok: true,
    });
    expect(emu.messages("C0SALES")).toHaveLength(1);
  });

  it("answers rate_limited with HTTP 429 and Retry-After", async () => {
    emu = await startDemoEmulator();
    emu.injectFault({ method: "chat.postMessage", fault: { kind: "rate_limited", retryAfterSeconds: 7 } });
    const error = await errorOf(() =>
      clientFor(emu!, { rejectRateLimitedCalls: true }).chat.postMessage({ channel: "C0SALES", text: "x" }),
    );
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(emu.callsTo("chat.postMessage")[0]).toMatchObject({
      status: 429,
      response: { ok: false, error: "ratelimited" },
    });
  });

  it("answers an HTTP status", async () => {
    emu = await startDemoEmulator();
    emu.injectFault({ method: "users.info", fault: { kind: "http", status: 500 } });
    const error = await errorOf(() => clientFor(emu!).users.info({ user: "U0ANA" }));
    expect(error).toBeInstanceOf(WebAPIHTTPError);
    expect((error as WebAPIHTTPError).statusCode).toBe(500);
  });

  it("delays and then handles the call normally", async () => {
    emu = await startDemoEmulator();
    emu.injectFault({ method: "auth.test", fault: { kind: "delay", ms: 150 } });
    const started = performance.now();
    await expect(clientFor(emu).auth.test()).resolves.toMatchObject({ ok: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("counts `times`, keeps untilCleared faults and clears them", async () => {
    emu = await startDemoEmulator();
    const client = clientFor(emu);
    const fail = () => errorOf(() => client.auth.test());
    emu.injectFault({ method: "auth.test", times: 2, fault: { kind: "error", error: "fatal_error" } });
    await fail();
    await fail();
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });

    emu.injectFault({
      method: "auth.test",
      untilCleared: true,
      fault: { kind: "error", error: "team_added_to_org" },
    });
    for (let i = 0; i < 4; i++)
      expect(((await fail()) as WebAPIPlatformError).data.error).toBe("team_added_to_org");
    emu.clearFaults();
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });

  it("applies to response_url too", async () => {
    emu = await startDemoEmulator();
    emu.injectFault({ method: "response_url", fault: { kind: "http", status: 503 } });
    const url = emu.issueResponseUrl({ channelId: "C0SALES", userId: "U0ANA" });
    const res = await fetch(url, { method: "POST", body: JSON.stringify({ text: "x" }) });
    expect(res.status).toBe(503);
    expect(emu.ephemerals("U0ANA")).toEqual([]);
  });
});

describe("per-channel rate limit on chat.postMessage", () => {
  it("allows a burst, then 429s with Retry-After until the bucket refills", async () => {
    let now = 1_732_440_000_000;
    emu = await startDemoEmulator({
      now: () => now,
      rateLimits: { postMessagePerChannel: { burst: 2, perSecond: 1 } },
    });
    const client = clientFor(emu, { rejectRateLimitedCalls: true });
    await client.chat.postMessage({ channel: "C0SALES", text: "1" });
    await client.chat.postMessage({ channel: "C0SALES", text: "2" });
    const limited = await errorOf(() => client.chat.postMessage({ channel: "C0SALES", text: "3" }));
    expect(limited).toBeInstanceOf(WebAPIRateLimitedError);
    expect((limited as WebAPIRateLimitedError).retryAfter).toBe(1);
    // Another channel has its own bucket.
    await expect(client.chat.postMessage({ channel: "C0WINS", text: "w" })).resolves.toMatchObject({
      ok: true,
    });
    now += 1000;
    await expect(client.chat.postMessage({ channel: "C0SALES", text: "3" })).resolves.toMatchObject({
      ok: true,
    });
    expect(emu.messages("C0SALES").map((m) => m.text)).toEqual(["1", "2", "3"]);
  });

  it("ends as a WebAPIRequestError once a retrying client runs out of retries", async () => {
    emu = await startDemoEmulator();
    emu.injectFault({ method: "chat.postMessage", fault: { kind: "rate_limited", retryAfterSeconds: 0 } });
    const error = await errorOf(() => clientFor(emu!).chat.postMessage({ channel: "C0SALES", text: "x" }));
    expect(error).toBeInstanceOf(WebAPIRequestError);
  });
});
