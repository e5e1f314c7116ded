import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/lib/clock.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * Reminders, each morning in the workspace's zone (Europe/Berlin here): DMs for
 * tasks overdue or due today, a thread nudge for ready tasks due within two days that nobody
 * has, and a weekly nudge for stale deals — once per slot, whichever instance ticks.
 */
const clock = fixedClock("2026-11-20T09:00:00Z");
let h: Harness;
let second: Harness | undefined;

const dm = (user: string) => h.emulator.messages(h.emulator.openDm(user));

beforeAll(async () => {
  h = await startHarness({ clock, env: { HANDOFF_TIMEZONE: "Europe/Berlin" } });
  // A deal that will go stale (Lead: 7 days).
  await h.command(People.ben, "/deal", "new Stale Co pilot", { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ben));
  await h.driver.submitView(People.ben, { Company: "Stale Co" });
  await h.app.settle();

  // Monday 30 Nov, 06:00 in Berlin: a deal is won with kickoff today.
  clock.set("2026-11-30T05:00:00Z");
  await h.command(People.ana, "/deal", "new Umbrella onboarding 20k 2026-12-15", {
    channelId: Channels.sales,
  });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
  await h.driver.submitView(People.ana, { Company: "Umbrella" });
  await h.command(People.ana, "/deal", "won D-2", { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
  await h.driver.submitView(People.ana, {
    "Kickoff date": { date: "2026-11-30" },
    "Customer goals": "Go live before the holidays",
    "Commitments made": "Weekly status call",
    "Key contacts": "Alice Wong, COO",
  });
  await h.app.settle();
  // Lena takes the handoff call, due Fri 27 Nov: overdue.
  const call = await h.db!.prisma.task.findFirstOrThrow({ where: { title: "Handoff call" } });
  await h.driver.clickButton(People.lena, { channelId: Channels.delivery, ts: call.messageTs! }, "Claim");
  await h.app.settle();
}, 60_000);

afterAll(async () => {
  await second?.stop();
  await h?.stop();
});

describe("morning reminders", () => {
  it("wait for the morning in the workspace's zone", async () => {
    await h.app.runScheduledJobs();
    expect(await h.db!.prisma.jobRun.count()).toBe(0);
    expect(dm(People.lena)).toEqual([]);
  });

  it("at 08:30 in Berlin: DMs, a thread nudge and a stale-deal nudge", async () => {
    clock.set("2026-11-30T07:30:00Z");
    await h.app.runScheduledJobs();
    await h.app.settle();

    expect(dm(People.lena).map((m) => m.text)).toEqual(["You have 1 task due today or overdue."]);
    expect(JSON.stringify(dm(People.lena)[0]!.blocks)).toContain("Handoff call");

    const parent = h.emulator.messages(Channels.delivery)[0]!;
    const nudge = h.emulator.messages(Channels.delivery, { threadTs: parent.ts }).at(-1)!;
    expect(JSON.stringify(nudge.blocks)).toMatch(/nobody has claimed/);
    expect(JSON.stringify(nudge.blocks)).toContain("First invoice");
    expect(JSON.stringify(nudge.blocks)).not.toContain("Handoff call");

    expect(dm(People.ben).map((m) => m.text)).toEqual(["D-1 has gone quiet"]);
  });

  it("run once per morning, also with a second instance ticking", async () => {
    const before = {
      lena: dm(People.lena).length,
      ben: dm(People.ben).length,
      runs: await h.db!.prisma.jobRun.count(),
    };
    await h.app.runScheduledJobs();
    second = await startHarness({
      clock,
      emulator: h.emulator,
      databaseUrl: h.db!.url,
      env: { HANDOFF_TIMEZONE: "Europe/Berlin" },
    });
    await Promise.all([second.app.runScheduledJobs(), h.app.runScheduledJobs()]);
    await h.app.settle();
    await second.app.settle();
    expect({
      lena: dm(People.lena).length,
      ben: dm(People.ben).length,
      runs: await h.db!.prisma.jobRun.count(),
    }).toEqual(before);
  });

  it("the next morning reminds again, but a stale deal only once a week", async () => {
    clock.set("2026-12-01T07:30:00Z");
    await h.app.runScheduledJobs();
    await h.app.settle();
    expect(dm(People.lena)).toHaveLength(2);
    expect(dm(People.ben)).toHaveLength(1);
    expect(h.problems.map((p) => p.msg)).toEqual([]);
  });
});
