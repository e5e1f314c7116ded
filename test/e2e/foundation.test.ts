import { slackSignature } from "@handoff/slack-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

describe("/healthz", () => {
  it("answers 200 with the database up", async () => {
    const response = await fetch(`${h.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: "up" });
  });
});

describe("/deal help", () => {
  it("is answered privately, within Slack's 3 seconds, and posts nothing in the channel", async () => {
    const before = h.emulator.messages(Channels.sales).length;
    const response = await h.command(People.ana, "/deal", "help", { channelId: Channels.sales });
    expect(response.status).toBe(200);
    expect(response.timedOut).toBe(false);
    expect(response.durationMs).toBeLessThan(3_000);
    const [help] = h.emulator.ephemerals(People.ana, Channels.sales).slice(-1);
    expect(help?.text).toContain("/deal new");
    expect(JSON.stringify(help?.blocks)).toContain("/deal move &lt;deal&gt; &lt;stage&gt;");
    expect(h.emulator.ephemerals(People.ben, Channels.sales)).toEqual([]);
    expect(h.emulator.messages(Channels.sales).length).toBe(before);
  });

  it("is what a bare /deal shows too", async () => {
    await h.command(People.ben, "/deal", "   ", { channelId: Channels.sales });
    expect(h.emulator.ephemerals(People.ben, Channels.sales).at(-1)?.text).toContain("/deal new");
  });

  it("records the workspace on first contact", async () => {
    expect(
      await h.db!.prisma.workspace.findUnique({ where: { id: "T0HANDOFF" }, select: { id: true } }),
    ).toEqual({ id: "T0HANDOFF" });
  });
});

describe("commands", () => {
  it("/digest now answers privately (the full digest is in digests.test.ts)", async () => {
    const response = await h.command(People.maya, "/digest", "now", { channelId: Channels.sales });
    expect(response.status).toBe(200);
    expect(h.emulator.ephemerals(People.maya, Channels.sales).at(-1)?.text).toMatch(/^Weekly digest: /);
    expect(h.emulator.messages(Channels.sales)).toEqual([]);
  });

  it("/handoff help explains the app", async () => {
    await h.command(People.lena, "/handoff", "help", { channelId: Channels.delivery });
    const help = h.emulator.ephemerals(People.lena, Channels.delivery).at(-1);
    expect(help?.text).toContain("/pipeline");
    expect(JSON.stringify(help?.blocks)).toContain("carries a deal from the first call");
  });
});

describe("App Home", () => {
  it("is published when a person opens it", async () => {
    const response = await h.driver.appHomeOpened(People.dev);
    expect(response.status).toBe(200);
    const home = await h.emulator.waitFor(() => h.emulator.homeView(People.dev), { timeoutMs: 3_000 });
    expect(JSON.stringify(home.blocks)).toContain("Your open deals");
  });
});

describe("requests not from Slack", () => {
  const body = new URLSearchParams({
    team_id: "T0STRANGER",
    user_id: People.ana,
    channel_id: Channels.sales,
    command: "/deal",
    text: "help",
    response_url: "http://127.0.0.1:9/nowhere",
    trigger_id: "1.2.3",
  }).toString();
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ["no signature", { signature: "" }],
    ["a wrong signature", { signature: `v0=${"0".repeat(64)}` }],
    ["a signature made with another secret", { signature: slackSignature("not-the-secret", now(), body) }],
    ["a timestamp six minutes old, correctly signed", { timestamp: now() - 6 * 60 }],
  ])("%s gets 401 and changes nothing", async (_name, tamper) => {
    const callsBefore = h.emulator.calls.length;
    const response = await h.driver.sendRaw({
      body,
      contentType: "application/x-www-form-urlencoded",
      ...tamper,
    });
    expect(response.status).toBe(401);
    expect(h.emulator.calls.length).toBe(callsBefore);
    expect(await h.db!.prisma.workspace.findUnique({ where: { id: "T0STRANGER" } })).toBeNull();
  });

  it("the same request correctly signed and fresh is accepted (the tampering above is what was refused)", async () => {
    const response = await h.driver.sendRaw({ body, contentType: "application/x-www-form-urlencoded" });
    expect(response.status).toBe(200);
    expect(
      await h.db!.prisma.workspace.findUnique({ where: { id: "T0STRANGER" }, select: { id: true } }),
    ).toEqual({
      id: "T0STRANGER",
    });
  });
});
