import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * When more acknowledged work waits in an instance than it can honour in time, a new request
 * is told privately that Handoff is busy, and nothing is acknowledged as done. (The bound is
 * set to one request here, so the request itself is over it.)
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ maxInFlight: 0 });
});
afterAll(() => h?.stop());

describe("admission control", () => {
  it("answers 'busy, try again in a moment' instead of acknowledging work it cannot do in time", async () => {
    const answer = await h.command(People.ana, "/deal", "move D-1 proposal", { channelId: Channels.sales });
    expect(answer.status).toBe(200);
    expect(h.emulator.ephemerals(People.ana, Channels.sales).at(-1)?.text).toMatch(
      /Handoff is busy catching up right now\. Nothing was changed — please try again in a moment\./,
    );
    expect(await h.db!.prisma.acknowledgedRequest.count()).toBe(0);
  });
});
