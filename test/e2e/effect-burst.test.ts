import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { seedDealsWithCards } from "../support/seed-deals.ts";
import { blocksText } from "../support/slack-views.ts";

/**
 * An ordinary burst: 64 deals of #sales moved within a second or two. Each move queues a card
 * update and a thread line, so #sales has 128 messages to take at the channel's pace. Slack's
 * pace (~1/s) and the 30 s lock are scaled together by ten (10/s, 3 s): what matters is that the
 * burst waits far longer than one lock. Before the locks were kept while waiting, later effects
 * outlived their lock, another worker claimed them again and both copies were posted.
 */
const DEALS = 64;
const PACE = { burst: 3, perSecond: 9 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    channelRateLimit: { burst: 4, perSecond: 10 },
    pacing: PACE,
    effectLockMs: 3_000,
  });
});
afterAll(() => h?.stop());

describe("a burst of moves in one channel", () => {
  it("updates each card and posts each thread line exactly once, at the channel's pace", async () => {
    await h.driver.command(People.ana, "/deal", "new Burst deal 1 1k 2027-06-30", {
      channelId: Channels.sales,
    });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana), { timeoutMs: 15_000 });
    await h.driver.submitView(People.ana, { Company: "Burst deal 1" });
    await h.app.settle();
    await seedDealsWithCards(h, Channels.sales, People.ana, DEALS - 1);
    const cardTs = new Map(
      h.emulator
        .messages(Channels.sales)
        .map((m) => [(m.text ?? "").match(/^Seeded deal (\d+)$/)?.[1] ?? "1", m.ts] as const),
    );
    expect(cardTs.size).toBe(DEALS);
    const callsBefore = h.emulator.calls.length;

    const started = Date.now();
    // Eight people at a time (a shared test machine acks 64 at once too slowly): still a few seconds.
    const statuses: number[] = [];
    for (let wave = 0; wave < DEALS; wave += 8) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          h.driver.command(People.ana, "/deal", `move D-${wave + i + 1} proposal`, {
            channelId: Channels.sales,
          }),
        ),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses).toEqual(statuses.map(() => 200));
    const sentInMs = Date.now() - started;
    await h.app.settle();
    const drainedInMs = Date.now() - started;

    const calls = h.emulator.calls.slice(callsBefore).filter((c) => c.status === 200);
    for (const [number, ts] of cardTs) {
      const updates = calls.filter((c) => c.method === "chat.update" && c.args.ts === ts);
      const lines = h.emulator
        .messages(Channels.sales, { threadTs: ts })
        .filter((m) => /moved \*Lead → Proposal\*/.test(m.text ?? ""));
      expect({ deal: number, updates: updates.length, lines: lines.length }).toEqual({
        deal: number,
        updates: 1,
        lines: 1,
      });
      expect(blocksText(h.emulator.message(Channels.sales, ts)!.blocks)).toContain("Proposal");
    }
    const queue = await h.db!.prisma.slackEffect.groupBy({
      by: ["status"],
      _count: true,
      _max: { attempts: true },
    });
    expect(queue.map((q) => [q.status, q._max.attempts])).toEqual([["DELIVERED", 1]]);

    // 128 messages in #sales at 9/s after a burst of 3 take ~14 s; allow half again and a little.
    const paced = ((2 * DEALS - PACE.burst) / PACE.perSecond) * 1000;
    // biome-ignore lint/suspicious/noConsole: the figure the issue asks to report
    console.info(
      `burst: ${DEALS} moves sent in ${sentInMs} ms; ${2 * DEALS} #sales messages drained in ${drainedInMs} ms (pace allows ${Math.round(paced)} ms)`,
    );
    expect(drainedInMs).toBeLessThan(paced * 1.5 + 5_000);
  }, 120_000);
});
