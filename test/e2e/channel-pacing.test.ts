import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * Slack allows about one message per second per channel. With the emulator enforcing that
 * (bursts of 4, then 1/s), a won deal's 19 messages to #delivery go out paced: no 429 at all.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ channelRateLimit: { burst: 4, perSecond: 1 } });
});
afterAll(() => h?.stop());

describe("per-channel pacing", () => {
  it("posts a whole project thread without being rate-limited", async () => {
    await h.command(People.ana, "/deal", "new Pace Corp 9k 2027-02-26", { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    await h.driver.submitView(People.ana, { Company: "Pace Corp" });
    await h.command(People.ana, "/deal", "won D-1", { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    await h.driver.submitView(People.ana, {
      "Customer goals": "Speed",
      "Commitments made": "None",
      "Key contacts": "Pat, CEO",
    });
    const started = Date.now();
    await h.app.settle();
    const parent = h.emulator.messages(Channels.delivery)[0]!;
    expect(h.emulator.messages(Channels.delivery, { threadTs: parent.ts })).toHaveLength(18);
    expect(h.emulator.calls.filter((c) => c.status === 429)).toEqual([]);
    // 19 posts at a burst of 3, then 0.9/s, take about 18 s: the pacing really ran.
    expect(Date.now() - started).toBeGreaterThan(15_000);
  }, 60_000);
});
