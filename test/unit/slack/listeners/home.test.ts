import { describe, expect, it, vi } from "vitest";
import { HomeAction } from "../../../../src/slack/ids.ts";
import { homeOpenDealClicked } from "../../../../src/slack/listeners/home/actions/open-deal-clicked.ts";
import { directMessageReceived } from "../../../../src/slack/listeners/home/events/message-received.ts";
import { messagesTabHelpView } from "../../../../src/slack/views/help.ts";
import { makeDeal, STAGES } from "../views/deal-fixtures.ts";
import { ANA, call, fakeArgs, fakeButton, fakeDeps } from "./fake-args.ts";

describe("Open on one of my deals (action)", () => {
  it("sends the deal's card as a DM: the Home has no response_url", async () => {
    const deal = makeDeal({ ownerId: ANA.userId });
    const deals = { get: vi.fn(async () => deal), stages: vi.fn(async () => STAGES) };
    const args = fakeButton(HomeAction.OpenDeal, deal.id);
    await call(homeOpenDealClicked(fakeDeps({ deals })), args);
    expect(args.ack).toHaveBeenCalledWith();
    expect(deals.get).toHaveBeenCalledWith(ANA.teamId, deal.id);
    expect(args.client.chat.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ channel: ANA.userId, blocks: expect.any(Array) }),
    );
    expect(args.respond).not.toHaveBeenCalled();
  });
});

describe("A message in the Messages tab (event)", () => {
  it("is answered with the commands; an edit or a channel message is not", async () => {
    const args = fakeArgs();
    const dm = {
      ...args,
      event: { type: "message", channel_type: "im", channel: "D0ANA", user: ANA.userId },
    };
    await call(directMessageReceived(), dm);
    expect(args.client.chat.postMessage).toHaveBeenCalledWith({ channel: "D0ANA", ...messagesTabHelpView() });

    const other = fakeArgs();
    await call(directMessageReceived(), { ...other, event: { ...dm.event, subtype: "message_changed" } });
    await call(directMessageReceived(), { ...other, event: { ...dm.event, channel_type: "channel" } });
    expect(other.client.chat.postMessage).not.toHaveBeenCalled();
  });
});
