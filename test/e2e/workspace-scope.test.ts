import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaEffectQueue } from "../../src/db/deal-repository.ts";
import { PrismaWorkspaceRepository } from "../../src/db/workspace-repository.ts";
import { fixedClock } from "../../src/lib/clock.ts";
import { type Harness, startHarness } from "../support/e2e-harness.ts";

/**
 * An instance serves the workspace its token belongs to (auth.test). A sandbox, or a second
 * installation, started on a database that also holds another workspace must not take that
 * workspace's queued Slack posts (sending them to the wrong Slack and burning their retries)
 * nor its job slots (its morning reminders would then never run).
 */
const OTHER = "T0PRODUCTION";
const SERVED = "T0HANDOFF";
// A Wednesday at noon UTC: past 08:00 in every workspace zone the tests use.
const clock = fixedClock(new Date("2027-01-06T12:00:00Z"));

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock, env: { HANDOFF_DIGEST_CHANNEL: "C0DIGEST" } });
});
afterAll(() => h?.stop());

describe("an instance on a database shared with another workspace", () => {
  it("claims only its own workspace's Slack effects and job slots", async () => {
    const workspaces = new PrismaWorkspaceRepository(h.db!.prisma);
    await workspaces.ensure(OTHER);
    await workspaces.ensure(SERVED);
    await new PrismaEffectQueue(h.db!.prisma).enqueue(OTHER, [
      { kind: "reminder.stale_deal", dealId: "00000000-0000-4000-8000-000000000001", userId: "U0ELSEWHERE" },
    ]);

    await h.app.drainEffects();
    await h.app.runScheduledJobs();

    const theirs = await h.db!.prisma.slackEffect.findMany({ where: { workspaceId: OTHER } });
    expect(theirs.map((e) => [e.status, e.attempts])).toEqual([["PENDING", 0]]);
    const slots = (await h.db!.prisma.jobRun.findMany()).map((r) => r.job);
    expect(slots.filter((job) => job.includes(OTHER))).toEqual([]);
    expect(await h.db!.prisma.digestSubscription.count({ where: { workspaceId: OTHER } })).toBe(0);
    // Its own workspace's round did run: the scope is not simply "nothing".
    expect(slots).toContain(`morning:${SERVED}`);
  });
});
