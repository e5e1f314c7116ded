import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { deliverEverything, seedDealsWithCards } from "../support/seed-deals.ts";

/**
 * Slack's rate limits are per method and workspace (chat.postMessage's per-channel limit aside):
 * a 429 on chat.update is about chat.update everywhere, so after it no card in any channel is
 * updated until its Retry-After has passed — not only the cards of the channel that got it.
 */
const RETRY_AFTER_S = 3;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ channelRateLimit: { burst: 4, perSecond: 1 } });
});
afterAll(() => h?.stop());

describe("a 429 on chat.update", () => {
  it("pauses chat.update in every channel for the Retry-After, then updates each card once", async () => {
    await h.driver.command(People.ana, "/deal", "new Paused deal 1k 2027-06-30", {
      channelId: Channels.sales,
    });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana), { timeoutMs: 15_000 });
    await h.driver.submitView(People.ana, { Company: "Paused deal" });
    await h.app.settle();
    await deliverEverything(h);
    // Five more deals: two with their cards in #sales, three in #wins.
    const seeded = await seedDealsWithCards(h, Channels.sales, People.ana, 5);
    const cards: Array<{ channel: string; ts: string }> = [
      { channel: Channels.sales, ts: h.emulator.messages(Channels.sales)[0]!.ts },
    ];
    for (const [i, ts] of seeded.entries()) {
      if (i < 2) {
        cards.push({ channel: Channels.sales, ts });
        continue;
      }
      const card = {
        channel: Channels.wins,
        ts: h.emulator.postAppMessage(Channels.wins, `Deal ${i + 2}`).ts,
      };
      await h.db!.prisma.deal.updateMany({
        where: { number: i + 2 },
        data: { cardChannelId: card.channel, cardTs: card.ts },
      });
      cards.push(card);
    }
    const callsBefore = h.emulator.calls.length;

    h.emulator.injectFault({
      method: "chat.update",
      fault: { kind: "rate_limited", retryAfterSeconds: RETRY_AFTER_S },
    });
    for (let n = 1; n <= cards.length; n++)
      await h.driver.command(People.ana, "/deal", `move D-${n} proposal`, { channelId: Channels.sales });
    await h.app.settle();
    await deliverEverything(h);

    const updates = h.emulator.calls.slice(callsBefore).filter((c) => c.method === "chat.update");
    const limited = updates.find((c) => c.status === 429)!;
    expect(limited).toBeDefined();
    // Calls already on their way when the 429 came back may land just after it; none later.
    const during = updates.filter(
      (c) => c.at > limited.at + 300 && c.at < limited.at + RETRY_AFTER_S * 1000 - 100,
    );
    expect(during.map((c) => `${c.method} ${String(c.args.channel)} at +${c.at - limited.at} ms`)).toEqual(
      [],
    );
    expect(updates.filter((c) => c.status === 429)).toHaveLength(1);
    for (const card of cards) {
      expect(JSON.stringify(h.emulator.message(card.channel, card.ts)?.blocks)).toMatch(/Proposal/);
      expect(
        h.emulator
          .messages(card.channel, { threadTs: card.ts })
          .filter((m) => /moved \*Lead → Proposal\*/.test(m.text ?? "")),
      ).toHaveLength(1);
    }
  }, 90_000);
});
