import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * Outside checks: a slow or rate-limiting Slack must not make the app miss Slack's 3 s deadline
 * for acknowledging a command, nor the ~3 s life of a trigger_id for opening a modal.
 * The emulator answers the calls the listeners make after 5 s (within the client's timeout).
 */
const SLOW = { kind: "delay", ms: 5_000 } as const;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.command(People.dev, "/project", "new", { channelId: Channels.delivery });
  await h.emulator.waitFor(() => h.emulator.openModal(People.dev));
  await h.driver.submitView(People.dev, { "Project name": "Internal pilot", Customer: "Handoff Inc" });
  await h.command(People.maya, "/deal", "new Acme renewal 12k", { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.maya));
  await h.driver.submitView(People.maya, { Company: "Acme" });
  await h.app.settle();
}, 60_000);
afterAll(() => h?.stop());

const lastPrivate = (user: string, channel: string) =>
  h.emulator.ephemerals(user, channel).at(-1)?.text ?? "";

describe("with users.info and chat.getPermalink answering after 5 s", () => {
  it.each([
    ["/deal", "list all", People.ana, /All open deals/],
    ["/deal", "find acme", People.ben, /Deals matching “acme”/],
    ["/project", "P-1", People.lena, /Internal pilot/],
  ])(
    "%s %s is acknowledged in time and answered privately",
    async (command, text, user, answer) => {
      const clear = [
        h.emulator.injectFault({ method: "users.info", untilCleared: true, fault: SLOW }),
        h.emulator.injectFault({ method: "chat.getPermalink", untilCleared: true, fault: SLOW }),
      ];
      try {
        const response = await h.driver.command(user, command, text, { channelId: Channels.sales });
        expect(response.timedOut, "acknowledged within 3 s").toBe(false);
        expect(response.status).toBe(200);
        await h.app.settle();
        expect(lastPrivate(user, Channels.sales)).toMatch(answer);
      } finally {
        for (const c of clear) c();
      }
    },
    30_000,
  );

  it("/deal new opens its modal before the trigger expires", async () => {
    const clear = h.emulator.injectFault({ method: "users.info", untilCleared: true, fault: SLOW });
    try {
      const response = await h.driver.command(People.admin, "/deal", "new Globex pilot next friday", {
        channelId: Channels.sales,
      });
      expect(response.timedOut).toBe(false);
      await h.app.settle();
      expect(h.emulator.openModal(People.admin)?.title).toMatchObject({ text: "New deal" });
      expect(h.problems.map((p) => p.msg)).toEqual([]);
    } finally {
      clear();
    }
  }, 30_000);
});

describe("when Slack rate-limits views.open", () => {
  it("tells that person privately to try again, and does not hold up the next person's modal", async () => {
    h.emulator.injectFault({ method: "views.open", fault: { kind: "rate_limited", retryAfterSeconds: 30 } });
    const first = await h.command(People.ana, "/deal", "new Initech expansion", {
      channelId: Channels.sales,
    });
    expect(first.timedOut).toBe(false);
    expect(h.emulator.openModal(People.ana)).toBeUndefined();
    expect(lastPrivate(People.ana, Channels.sales)).toMatch(/slow down.*try again in a few seconds/);

    const second = await h.command(People.ben, "/deal", "new Umbrella pilot", { channelId: Channels.sales });
    expect(second.timedOut).toBe(false);
    // Queued behind a 30 s Retry-After, this views.open would have met an expired trigger_id.
    expect(h.emulator.openModal(People.ben)?.title).toMatchObject({ text: "New deal" });
  }, 30_000);
});
