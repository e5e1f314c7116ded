import { describe, expect, it, vi } from "vitest";
import { AppError } from "../../../../src/lib/app-error.ts";
import { DealAction, DealField, DealView, InputActionId } from "../../../../src/slack/ids.ts";
import { dealShowClicked } from "../../../../src/slack/listeners/deals/actions/show-clicked.ts";
import { dealWonClicked } from "../../../../src/slack/listeners/deals/actions/won-clicked.ts";
import { dealCommand } from "../../../../src/slack/listeners/deals/commands/deal.ts";
import { editDealSubmitted } from "../../../../src/slack/listeners/deals/views/edit-deal-submitted.ts";
import { newDealSubmitted } from "../../../../src/slack/listeners/deals/views/new-deal-submitted.ts";
import { noteSubmitted } from "../../../../src/slack/listeners/deals/views/note-submitted.ts";
import { makeDeal, STAGES } from "../views/deal-fixtures.ts";
import { ANA, call, fakeButton, fakeCommand, fakeDeps, fakeSubmission } from "./fake-args.ts";

const deal = makeDeal({ ownerId: ANA.userId });

describe("/deal note (command)", () => {
  it("acknowledges at once, adds the note and answers privately through response_url", async () => {
    const deals = {
      resolve: vi.fn(async () => deal),
      addNote: vi.fn(async () => deal),
    };
    const args = fakeCommand("/deal", `note D-${deal.number} sent the questionnaire`);
    await call(dealCommand(fakeDeps({ deals })), args);
    expect(args.ack).toHaveBeenCalledWith();
    expect(deals.resolve).toHaveBeenCalledWith(ANA.teamId, `D-${deal.number}`, ANA.userId);
    expect(deals.addNote).toHaveBeenCalledWith(
      expect.objectContaining({ userId: ANA.userId }),
      deal.id,
      "sent the questionnaire",
      "command:trigger.1",
    );
    expect(args.respond).toHaveBeenCalledWith(
      expect.objectContaining({ response_type: "ephemeral", replace_original: false }),
    );
  });

  it("answers a sub-command without what it needs with its usage, in the ack", async () => {
    const args = fakeCommand("/deal", "move");
    await call(dealCommand(fakeDeps({})), args);
    expect(args.ack).toHaveBeenCalledWith(
      expect.objectContaining({ response_type: "ephemeral", text: expect.stringContaining("/deal move") }),
    );
  });
});

describe("deal card buttons (actions)", () => {
  it("Open shows the deal's card privately", async () => {
    const deals = { get: vi.fn(async () => deal), stages: vi.fn(async () => STAGES) };
    const args = fakeButton(DealAction.ShowDeal, deal.id);
    await call(dealShowClicked(fakeDeps({ deals })), args);
    expect(args.ack).toHaveBeenCalledWith();
    expect(deals.get).toHaveBeenCalledWith(ANA.teamId, deal.id);
    expect(args.respond).toHaveBeenCalledWith(
      expect.objectContaining({
        response_type: "ephemeral",
        replace_original: false,
        blocks: expect.any(Array),
      }),
    );
  });

  it("Won without a value is refused as out of date, before any service is asked", async () => {
    const deals = { getChangeable: vi.fn() };
    const args = fakeButton(DealAction.Won, undefined);
    await expect(call(dealWonClicked(fakeDeps({ deals })), args)).rejects.toMatchObject({
      name: "SlackRefusal",
    });
    expect(deals.getChangeable).not.toHaveBeenCalled();
    expect(args.client.views.open).not.toHaveBeenCalled();
  });
});

describe("Add note (view submission)", () => {
  const values = {
    [DealField.Note]: { [InputActionId]: { type: "plain_text_input", value: "  called them  " } },
  };

  it("adds the note named by private_metadata, closes the modal and says so where the form was opened", async () => {
    const deals = { addNote: vi.fn(async () => deal) };
    const args = fakeSubmission(
      DealView.Note,
      values,
      JSON.stringify({ dealId: deal.id, channelId: "C0SALES" }),
    );
    await call(noteSubmitted(fakeDeps({ deals })), args);
    expect(deals.addNote).toHaveBeenCalledWith(expect.anything(), deal.id, "called them", "view:V0VIEW");
    expect(args.ack).toHaveBeenCalledWith();
    expect(args.client.chat.postEphemeral).toHaveBeenCalledWith(
      expect.objectContaining({
        channel: "C0SALES",
        user: ANA.userId,
        text: `Added a note to D-${deal.number}.`,
      }),
    );
  });

  it("reads malformed private_metadata as absent: the service is asked with no deal and no channel", async () => {
    const deals = { addNote: vi.fn(async () => deal) };
    const args = fakeSubmission(DealView.Note, values, '{"dealId":5,"channelId":["C1"]}');
    await call(noteSubmitted(fakeDeps({ deals })), args);
    expect(deals.addNote).toHaveBeenCalledWith(expect.anything(), "", "called them", "view:V0VIEW");
    expect(args.client.chat.postEphemeral).not.toHaveBeenCalled();
    expect(args.client.chat.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ channel: ANA.userId }),
    );
  });
});

describe("dates in the past on the deal form (view submissions)", () => {
  const text = (value: string) => ({ [InputActionId]: { type: "plain_text_input", value } });
  const date = (value: string) => ({ [InputActionId]: { type: "datepicker", selected_date: value } });
  const form = (closeDate: string) => ({
    [DealField.Name]: text("Globex pilot"),
    [DealField.Company]: text("Globex"),
    [DealField.CloseDate]: date(closeDate),
  });

  it("New deal: a close date before today is refused next to that field, saying why; nothing is created", async () => {
    const deals = { stages: vi.fn(async () => STAGES), create: vi.fn() };
    const args = fakeSubmission(DealView.New, form("2026-12-01"), "{}");
    await call(newDealSubmitted(fakeDeps({ deals })), args);
    expect(deals.create).not.toHaveBeenCalled();
    expect(args.ack).toHaveBeenCalledWith({
      response_action: "errors",
      errors: { [DealField.CloseDate]: expect.stringMatching(/Tue 1 Dec 2026 is in the past/) },
    });
  });

  it("Edit deal: a close date already in the past and left as it was is kept; changing to another past day is refused", async () => {
    const old = makeDeal({ ownerId: ANA.userId, expectedCloseDate: "2026-11-20" });
    const saved = { deal: old, changed: [] };
    const deals = {
      get: vi.fn(async () => old),
      edit: vi.fn(async () => saved),
      stages: vi.fn(async () => STAGES),
    };
    const meta = JSON.stringify({ dealId: old.id, channelId: "C0SALES" });
    const kept = fakeSubmission(DealView.Edit, form("2026-11-20"), meta);
    await call(editDealSubmitted(fakeDeps({ deals })), kept);
    expect(deals.edit).toHaveBeenCalledTimes(1);
    const moved = fakeSubmission(DealView.Edit, form("2026-11-25"), meta);
    await call(editDealSubmitted(fakeDeps({ deals })), moved);
    expect(deals.edit).toHaveBeenCalledTimes(1);
    expect(moved.ack).toHaveBeenCalledWith({
      response_action: "errors",
      errors: { [DealField.CloseDate]: expect.stringMatching(/in the past/) },
    });
  });
});

describe("Won on a private card of a deal won since (action)", () => {
  it("redraws the card in place, without Won, saying the deal is already won", async () => {
    const won = makeDeal({ ownerId: ANA.userId, stage: STAGES.find((s) => s.kind === "won")! });
    const deals = {
      getChangeable: vi.fn(async () => won),
      get: vi.fn(async () => won),
      stages: vi.fn(async () => STAGES),
    };
    const delivery = {
      prepareWin: vi
        .fn()
        .mockRejectedValue(new AppError("deal.already_won", { number: won.number, projectNumber: 3 })),
    };
    const args = fakeButton(DealAction.Won, won.id);
    await call(dealWonClicked(fakeDeps({ deals, delivery })), args);
    expect(args.respond).toHaveBeenCalledWith(expect.objectContaining({ replace_original: true }));
    const answer = JSON.stringify(vi.mocked(args.respond).mock.calls[0]);
    expect(answer).toContain(`D-${won.number} is already won and handed over as P-3`);
    expect(answer).not.toContain(`"action_id":"${DealAction.Won}"`);
    expect(args.client.views.open).not.toHaveBeenCalled();
  });
});
