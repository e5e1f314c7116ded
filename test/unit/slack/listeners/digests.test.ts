import { describe, expect, it, vi } from "vitest";
import type { WeeklyDigest } from "../../../../src/domain/digest.ts";
import { AppErrorCode } from "../../../../src/lib/app-error.ts";
import { DigestAction } from "../../../../src/slack/ids.ts";
import { digestShared } from "../../../../src/slack/listeners/digests/actions/digest-shared.ts";
import { digestCommand } from "../../../../src/slack/listeners/digests/commands/digest.ts";
import { ANA, call, fakeButton, fakeCommand, fakeDeps } from "./fake-args.ts";

describe("/digest (command)", () => {
  it("`/digest list` answers with the subscriptions, privately, in the ack", async () => {
    const digests = { list: vi.fn(async () => []) };
    const args = fakeCommand("/digest", "LIST");
    await call(digestCommand(fakeDeps({ digests })), args);
    expect(digests.list).toHaveBeenCalledWith(ANA.teamId);
    expect(args.ack).toHaveBeenCalledWith(expect.objectContaining({ response_type: "ephemeral" }));
  });

  it("an unknown sub-command is refused with the word as typed, control characters stripped", async () => {
    const args = fakeCommand("/digest", "fro\u0000bnicate weekly");
    await expect(call(digestCommand(fakeDeps({})), args)).rejects.toMatchObject({
      code: AppErrorCode.InvalidInput,
      message: expect.stringContaining("`/digest frobnicate`"),
    });
    expect(args.ack).not.toHaveBeenCalled();
  });
});

describe("Share in channel (action)", () => {
  it("posts the weekly digest for everyone in the channel, naming who shared it", async () => {
    const digests = { weeklyToShare: vi.fn(async () => empty) };
    const args = fakeButton(DigestAction.Share, "weekly");
    await call(digestShared(fakeDeps({ digests })), args);
    expect(args.ack).toHaveBeenCalledWith();
    expect(digests.weeklyToShare).toHaveBeenCalledWith(ANA, { timeZone: "UTC" });
    expect(args.respond).toHaveBeenCalledWith(
      expect.objectContaining({ response_type: "in_channel", replace_original: false }),
    );
    expect(JSON.stringify(args.respond.mock.calls[0]?.[0])).toContain(`Shared by <@${ANA.userId}>`);
  });
});

const empty: WeeklyDigest = {
  kind: "weekly",
  asOf: "2026-11-30T08:00:00.000Z",
  today: "2026-11-30",
  timeZone: "Europe/Berlin",
  since: "2026-11-23T08:00:00.000Z",
  previousAsOf: null,
  stages: [
    { stageId: "s1", name: "Lead", probability: 10, count: 0, totals: [], change: null },
    { stageId: "s2", name: "Proposal", probability: 60, count: 0, totals: [], change: null },
  ],
  forecast: {
    month: { label: "November 2026", start: "2026-11-01", end: "2026-11-30", won: [], weighted: [] },
    quarter: { label: "Q4 2026", start: "2026-10-01", end: "2026-12-31", won: [], weighted: [] },
  },
  won: { count: 0, items: [], totals: [] },
  lost: { count: 0, items: [], reasons: [] },
  trailing: { days: 90, won: 0, lost: 0, winRatePercent: null, avgDaysToClose: null },
  stale: { count: 0, items: [] },
  pastClose: { count: 0, items: [] },
  delivery: {
    active: { count: 0, items: [] },
    tasksCompleted: 0,
    overdueByPerson: [],
    unclaimed: 0,
    atRisk: { count: 0, items: [] },
  },
};
