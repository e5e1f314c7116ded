import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * The Messages tab stays writable (people run commands from the app's DM), so what they type
 * there gets an answer pointing to the commands instead of silence.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

describe("a message in the app's Messages tab", () => {
  it("is answered in the DM with the commands", async () => {
    const dm = h.emulator.openDm(People.ana);
    const { response } = await h.driver.userMessage(People.ana, dm, "hi, how do I add a deal?");
    expect(response.status).toBe(200);
    await h.app.settle();
    const reply = await h.emulator.waitFor(() => h.emulator.messages(dm).find((m) => m.bot_id !== undefined));
    expect(reply.text).toContain("/deal list");
    expect(JSON.stringify(reply.blocks)).toContain("`/deal` — create deals");
    expect(h.emulator.messages(dm).map((m) => (m.bot_id ? "app" : m.user))).toEqual([People.ana, "app"]);
  });

  it("gets one answer per message, and none for a message in a channel", async () => {
    const dm = h.emulator.openDm(People.ben);
    await h.driver.userMessage(People.ben, dm, "one");
    await h.driver.userMessage(People.ben, dm, "two");
    await h.driver.userMessage(People.ana, Channels.sales, "a channel message the app never subscribed to");
    await h.app.settle();
    await h.emulator.waitFor(() => h.emulator.messages(dm).filter((m) => m.bot_id).length === 2);
    expect(h.emulator.messages(Channels.sales).filter((m) => m.bot_id)).toEqual([]);
  });
});
