import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/lib/clock.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { headerOf } from "../support/slack-views.ts";

/**
 * Faults: when Slack fails or rate-limits, queued messages are retried until delivered,
 * once each, in order within a thread — also across a restart of the app.
 */
const clock = fixedClock(new Date());
let first: Harness;
let second: Harness | undefined;

beforeAll(async () => {
  first = await startHarness({ clock });
});
afterAll(async () => {
  await second?.stop();
  await first?.stop();
});

async function createDeal(h: Harness, name: string): Promise<void> {
  await h.command(People.ana, "/deal", `new ${name}`, { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
  const done = await h.driver.submitView(People.ana, {
    Company: name,
    Amount: "5k",
    "Expected close date": { date: "2027-01-29" },
  });
  expect(done.outcome.kind).toBe("view_closed");
}

/** Lets retry delays pass on the app's clock and delivers whatever is due, until the queue is empty. */
async function deliverEverything(h: Harness): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await h.app.drainEffects();
    const pending = await h.db!.prisma.slackEffect.count({ where: { status: "PENDING" } });
    if (pending === 0) return;
    clock.advance(10 * 60_000);
  }
  throw new Error("effects still pending after 20 rounds");
}

describe("Slack failing under the deal feed", () => {
  it("delivers every card and reply exactly once, in order, after 500s, a 429 and channel_not_found", async () => {
    const emulator = first.emulator;
    emulator.injectFault({ method: "chat.postMessage", fault: { kind: "http", status: 500 } });
    emulator.injectFault({
      method: "chat.postMessage",
      fault: { kind: "rate_limited", retryAfterSeconds: 1 },
    });
    emulator.injectFault({
      method: "chat.postMessage",
      times: 2,
      fault: { kind: "error", error: "channel_not_found" },
    });

    await createDeal(first, "Umbrella");
    await first.command(People.ana, "/deal", "move D-1 demo", { channelId: Channels.sales });
    await first.command(People.ana, "/deal", "note D-1 first call went well", {
      channelId: Channels.sales,
    });
    await first.command(People.ana, "/deal", "move D-1 proposal", { channelId: Channels.sales });

    // While Slack fails, nothing is lost: it waits in the queue.
    await first.app.drainEffects();
    expect(await first.db!.prisma.slackEffect.count({ where: { status: "PENDING" } })).toBeGreaterThan(0);

    await deliverEverything(first);

    const cards = emulator.messages(Channels.sales);
    expect(cards.map((m) => headerOf(m.blocks))).toEqual(["D-1 · Umbrella"]);
    const thread = emulator.messages(Channels.sales, { threadTs: cards[0]!.ts }).map((m) => m.text);
    expect(thread).toEqual([
      expect.stringMatching(/moved \*Lead → Demo\*/),
      expect.stringMatching(/first call went well/),
      expect.stringMatching(/moved \*Demo → Proposal\*/),
    ]);
    const failedCalls = emulator
      .callsTo("chat.postMessage")
      .filter((c) => c.status !== 200 || !(c.response as { ok: boolean }).ok);
    expect(failedCalls).toHaveLength(4);
    expect(await first.db!.prisma.slackEffect.count({ where: { status: { not: "DELIVERED" } } })).toBe(0);
  });

  it("keeps queued effects through a restart and delivers them once from the new instance", async () => {
    first.emulator.injectFault({
      method: "chat.postMessage",
      untilCleared: true,
      fault: { kind: "http", status: 503 },
    });
    await createDeal(first, "Stark");
    await first.app.drainEffects();
    expect(await first.db!.prisma.slackEffect.count({ where: { status: "PENDING" } })).toBe(1);

    // The first instance goes away with its effect undelivered; Slack recovers; a new one starts.
    await first.app.stop();
    first.emulator.clearFaults();
    second = await startHarness({ clock, emulator: first.emulator, databaseUrl: first.db!.url });
    clock.advance(10 * 60_000);
    await second.app.drainEffects();

    const headers = first.emulator.messages(Channels.sales).map((m) => headerOf(m.blocks));
    expect(headers).toEqual(["D-1 · Umbrella", "D-2 · Stark"]);
    expect(await first.db!.prisma.slackEffect.count({ where: { status: "PENDING" } })).toBe(0);
    expect(second.problems).toEqual([]);
  });
});

describe("Slack failing under a project thread", () => {
  it("delivers the announcement, parent, brief and every task once and in order across a restart", async () => {
    const h = second!;
    const emulator = h.emulator;
    await h.command(People.ana, "/deal", "won D-1", { channelId: Channels.sales });
    await emulator.waitFor(() => emulator.openModal(People.ana));
    emulator.injectFault({ method: "chat.postMessage", fault: { kind: "http", status: 500 } });
    emulator.injectFault({
      method: "chat.postMessage",
      fault: { kind: "rate_limited", retryAfterSeconds: 2 },
    });
    emulator.injectFault({
      method: "chat.postMessage",
      times: 3,
      fault: { kind: "error", error: "channel_not_found" },
    });
    await h.driver.submitView(People.ana, {
      "Customer goals": "Launch in Q1",
      "Commitments made": "Training for 40 people",
      "Key contacts": "Ada Lovelace, CTO",
    });
    await h.app.settle();
    expect(await first.db!.prisma.slackEffect.count({ where: { status: "PENDING" } })).toBeGreaterThan(0);

    // Killed with effects pending; a third instance takes over after Slack recovers.
    await h.app.stop();
    const third = await startHarness({ clock, emulator, databaseUrl: first.db!.url });
    try {
      for (let round = 0; round < 20; round++) {
        await third.app.settle();
        if ((await first.db!.prisma.slackEffect.count({ where: { status: "PENDING" } })) === 0) break;
        clock.advance(10 * 60_000);
      }
      expect(emulator.messages(Channels.wins)).toHaveLength(1);
      const parents = emulator.messages(Channels.delivery);
      expect(parents).toHaveLength(1);
      const replies = emulator.messages(Channels.delivery, { threadTs: parents[0]!.ts });
      expect(replies).toHaveLength(18);
      expect(replies.slice(1).map((m) => Number(/^T-(\d+)/.exec(m.text)?.[1]))).toEqual(
        Array.from({ length: 17 }, (_, i) => i + 1),
      );
      expect(third.problems).toEqual([]);
    } finally {
      await third.stop();
    }
  });
});
