import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/lib/clock.ts";
import { type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { headerOf } from "../support/slack-views.ts";

/**
 * A sales channel that doesn't exist yet, then a private one the app isn't in: the app posts
 * in public channels without joining (chat:write.public), tells admins what only they can
 * fix, and posts the waiting card once the channel works — nothing lost, nothing posted twice.
 */
const clock = fixedClock(new Date());
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock, env: { HANDOFF_SALES_CHANNEL: "C0NEWSALES" } });
});
afterAll(() => h?.stop());

async function retryRounds(rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    clock.advance(10 * 60_000);
    await h.app.settle();
  }
}

describe("channels the app can't post in", () => {
  it("tells the admins after a few attempts and delivers once the channel exists", async () => {
    await h.command(People.ana, "/deal", "new Hooli pilot", { channelId: "C0SALES" });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    await h.driver.submitView(People.ana, { Company: "Hooli" });
    await retryRounds(4);

    const dm = h.emulator.dmChannelId(People.admin);
    expect(dm).toBeDefined();
    const alerts = h.emulator.messages(dm!).filter((m) => m.text.includes("can't post in <#C0NEWSALES>"));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toMatch(/does not exist/);

    // Someone creates the channel (public, without the app in it): the app posts without joining.
    h.emulator.addChannel({
      id: "C0NEWSALES",
      name: "new-sales",
      members: [People.ana],
      bot_is_member: false,
    });
    await retryRounds(2);
    const posted = h.emulator.messages("C0NEWSALES");
    expect(posted.map((m) => headerOf(m.blocks))).toEqual(["D-1 · Hooli pilot"]);
    expect(h.emulator.callsTo("conversations.join")).toEqual([]);
    expect(h.emulator.channel("C0NEWSALES")?.members).not.toContain(h.emulator.bot.userId);
    expect(await h.db!.prisma.slackEffect.count({ where: { status: { not: "DELIVERED" } } })).toBe(0);
  });
});
