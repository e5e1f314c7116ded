import { describe, expect, it, vi } from "vitest";
import { DigestAction } from "../../../../src/slack/ids.ts";
import { digestShared } from "../../../../src/slack/listeners/digests/actions/digest-shared.ts";
import { digestCommand } from "../../../../src/slack/listeners/digests/commands/digest.ts";
import { EMPTY_WEEKLY_DIGEST as empty } from "../../../support/digest-fixtures.ts";
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
      name: "SlackRefusal",
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
