import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * A request's signature is checked once (the malformed-request screen checks it, Bolt trusts
 * that): counted at Bolt's own verifier, the one both would call.
 */
const verifier = createRequire(import.meta.url)("@slack/bolt/dist/receivers/verify-request.js") as {
  verifySlackRequest: (...args: unknown[]) => void;
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.stop());

describe("a signed request", () => {
  it("has its signature verified once", async () => {
    const spy = vi.spyOn(verifier, "verifySlackRequest");
    try {
      const response = await h.command(People.ana, "/deal", "help", { channelId: Channels.sales });
      expect(response.status).toBe(200);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("with a wrong signature still gets 401 and changes nothing", async () => {
    const response = await h.driver.sendRaw({
      body: new URLSearchParams({ command: "/deal", text: "help", team_id: h.emulator.team.id }).toString(),
      contentType: "application/x-www-form-urlencoded",
      signature: "v0=0000",
    });
    expect(response.status).toBe(401);
  });
});
