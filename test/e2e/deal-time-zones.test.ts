import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/lib/clock.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { initialValueOf } from "../support/slack-views.ts";

/**
 * "tomorrow" is the person's tomorrow, read from their Slack profile: at 20:00 UTC on
 * Tue 24 Nov 2026 it is still the 24th in New York (Ben) but already the 25th in Kolkata (Dev).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: fixedClock("2026-11-24T20:00:00Z") });
});
afterAll(() => h?.stop());

async function closeDateReadFor(user: string, text: string): Promise<unknown> {
  await h.command(user, "/deal", `new Trial ${text}`, { channelId: Channels.sales });
  const modal = await h.emulator.waitFor(() => h.emulator.openModal(user));
  const value = initialValueOf(modal, "Expected close date");
  await h.driver.closeView(user);
  return value;
}

describe("dates in commands use the person's own time zone", () => {
  it.each([
    [People.ben, "tomorrow", "2026-11-25"],
    [People.dev, "tomorrow", "2026-11-26"],
    [People.ben, "friday", "2026-11-27"],
    [People.dev, "in 2 weeks", "2026-12-09"],
  ])("%s: %s → %s", async (user, text, expected) => {
    expect(await closeDateReadFor(user, text)).toBe(expected);
  });

  it("asked Slack for the profiles (users.info), not the workspace default", () => {
    const asked = h.emulator.callsTo("users.info").map((c) => c.args.user);
    expect(asked).toContain(People.ben);
    expect(asked).toContain(People.dev);
    expect(h.problems).toEqual([]);
  });
});
