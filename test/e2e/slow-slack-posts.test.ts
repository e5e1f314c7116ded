import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * Slack answers a post after the client has given up (scaled: a 1 s timeout, Slack taking
 * 2 s). The message is in the channel, yet the app saw a failure: the retry must find the
 * message rather than post it again.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ slackTimeoutMs: 1_000, inDoubtRetryMs: 3_000 });
});
afterAll(() => h?.stop());

/** Delivers until no effect is pending (retries are scheduled a few seconds out). */
async function deliverEverything(): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await h.app.drainEffects();
    const pending = await h.db!.prisma.slackEffect.count({ where: { status: "PENDING" } });
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} Slack effects still pending`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function newDeal(name: string): Promise<void> {
  await h.driver.command(People.ana, "/deal", `new ${name} 5k 2027-03-01`, { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana), { timeoutMs: 15_000 });
  await h.driver.submitView(People.ana, { Company: name });
}

describe("a slow Slack", () => {
  it("posts a deal's card once when the first post is answered after the timeout", async () => {
    h.emulator.injectFault({ method: "chat.postMessage", fault: { kind: "delay", ms: 2_000 } });
    await newDeal("Slowpoke Inc");
    await deliverEverything();
    const cards = h.emulator.messages(Channels.sales).filter((m) => m.text?.includes("Slowpoke Inc"));
    expect(cards).toHaveLength(1);
    const card = await h.db!.prisma.deal.findFirstOrThrow({ where: { name: "Slowpoke Inc" } });
    expect(card.cardTs).toBe(cards[0]!.ts);
    // It really timed out and looked before posting again.
    const effect = await h.db!.prisma.slackEffect.findFirstOrThrow({ where: { kind: "deal.card" } });
    expect([effect.status, effect.attempts]).toEqual(["DELIVERED", 2]);
    expect(h.emulator.calls.some((c) => c.method === "conversations.history")).toBe(true);
  }, 60_000);

  it("posts a thread line once when its post is answered after the timeout", async () => {
    const card = h.emulator.messages(Channels.sales).find((m) => m.text?.includes("Slowpoke Inc"))!;
    h.emulator.injectFault({ method: "chat.postMessage", fault: { kind: "delay", ms: 2_000 } });
    await h.driver.command(People.ana, "/deal", "move D-1 proposal", { channelId: Channels.sales });
    await h.app.settle();
    await deliverEverything();
    const lines = h.emulator
      .messages(Channels.sales, { threadTs: card.ts })
      .filter((m) => /moved \*Lead → Proposal\*/.test(m.text ?? ""));
    expect(lines).toHaveLength(1);
    expect(h.emulator.calls.some((c) => c.method === "conversations.replies")).toBe(true);
    const effects = await h.db!.prisma.slackEffect.findMany({ where: { kind: "deal.reply" } });
    expect(effects.map((e) => [e.status, e.attempts])).toContainEqual(["DELIVERED", 2]);
  }, 60_000);
});
