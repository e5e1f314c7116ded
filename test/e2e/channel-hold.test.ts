import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { deliverEverything, seedDealsWithCards } from "../support/seed-deals.ts";

/**
 * A 429 is about the channel, not the one message: after it, nothing goes to that channel
 * until its Retry-After has passed (before, the next thread of the channel went ~1 s later).
 */
const RETRY_AFTER_S = 3;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ channelRateLimit: { burst: 4, perSecond: 1 } });
});
afterAll(() => h?.stop());

describe("a 429 in one channel", () => {
  it("holds every thread of the channel for the Retry-After, then delivers each line once", async () => {
    await h.driver.command(People.ana, "/deal", "new Held deal 1k 2027-06-30", { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana), { timeoutMs: 15_000 });
    await h.driver.submitView(People.ana, { Company: "Held deal" });
    await h.app.settle();
    const cards = [
      h.emulator.messages(Channels.sales)[0]!.ts,
      ...(await seedDealsWithCards(h, Channels.sales, People.ana, 5)),
    ];
    const callsBefore = h.emulator.calls.length;

    h.emulator.injectFault({
      method: "chat.postMessage",
      fault: { kind: "rate_limited", retryAfterSeconds: RETRY_AFTER_S },
    });
    for (let n = 1; n <= cards.length; n++)
      await h.driver.command(People.ana, "/deal", `move D-${n} proposal`, { channelId: Channels.sales });
    await h.app.settle();
    await deliverEverything(h);

    const calls = h.emulator.calls.slice(callsBefore).filter((c) => c.args.channel === Channels.sales);
    const limited = calls.find((c) => c.status === 429)!;
    expect(limited).toBeDefined();
    // Calls already on their way when the 429 came back may land just after it; none later.
    const during = calls.filter(
      (c) => c.at > limited.at + 300 && c.at < limited.at + RETRY_AFTER_S * 1000 - 100,
    );
    expect(during.map((c) => `${c.method} at +${c.at - limited.at} ms`)).toEqual([]);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(1);
    for (const ts of cards)
      expect(
        h.emulator
          .messages(Channels.sales, { threadTs: ts })
          .filter((m) => /moved \*Lead → Proposal\*/.test(m.text ?? "")),
      ).toHaveLength(1);
  }, 90_000);
});
