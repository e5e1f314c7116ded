import { currentState, submittedState } from "@handoff/slack-emulator";
import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import { describe, expect, it } from "vitest";
import { dealFieldValues, dealFingerprints, writeDealFingerprints } from "../../../../src/domain/deal.ts";
import { DealField, DealView } from "../../../../src/slack/ids.ts";
import { readPrivateMetadata, ZDealModalMetadata } from "../../../../src/slack/payloads.ts";
import {
  addNoteModal,
  DEAL_FIELD_MAX_LENGTH,
  editDealModal,
  lostDealModal,
  newDealModal,
  readDealForm,
} from "../../../../src/slack/views/deal-modals.ts";
import type { ViewStateValues } from "../../../../src/slack/views/modal-kit.ts";
import {
  blocksOfType,
  expectValidModal,
  hostile,
  makeDeal,
  mrkdwnTexts,
  STAGES,
  stage,
} from "./deal-fixtures.ts";

function inputs(view: ModalView): InputBlock[] {
  return blocksOfType(view.blocks as KnownBlock[], "input");
}

function labels(view: ModalView): string[] {
  return inputs(view).map((b) => b.label.text);
}

function inputFor(view: ModalView, blockId: string): InputBlock {
  const block = inputs(view).find((b) => b.block_id === blockId);
  if (!block) throw new Error(`no input ${blockId}`);
  return block;
}

/** The element as JSON, for reading properties a given element type may or may not have. */
function element(view: ModalView, blockId: string): Record<string, unknown> {
  return inputFor(view, blockId).element as unknown as Record<string, unknown>;
}

const DEAL_FORM_LABELS = [
  "Deal name",
  "Company",
  "Amount",
  "Currency",
  "Expected close date",
  "Owner",
  "Stage",
  "Next step",
  "Next step date",
  "Source",
  "Contacts",
];

const fullPrefill = {
  name: "Acme renewal",
  company: "Acme",
  amount: "12000",
  currency: "EUR",
  closeDate: "2026-12-05",
  ownerId: "U0ANA",
  stageId: stage("demo").id,
  nextStep: "Book the demo",
};

describe("newDealModal", () => {
  it("has the New deal form's title and labels, in order, and says which are required", () => {
    const view = newDealModal(fullPrefill, { stages: STAGES, channelId: "C0SALES" });
    expectValidModal(view);
    expect(view.callback_id).toBe(DealView.New);
    expect(view.title.text).toBe("New deal");
    expect(view.submit?.text).toBe("Create");
    expect(view.close?.text).toBe("Cancel");
    expect(labels(view)).toEqual(DEAL_FORM_LABELS);
    const required = inputs(view)
      .filter((b) => b.optional !== true)
      .map((b) => b.label.text);
    expect(required).toEqual(["Deal name", "Company", "Currency", "Owner", "Stage"]);
    expect(inputFor(view, DealField.Amount).hint?.text).toBe("e.g. 12000, 12k, $12,000");
    expect(JSON.parse(view.private_metadata ?? "")).toEqual({ channelId: "C0SALES" });
  });

  it("prefills every field it was given", () => {
    const view = newDealModal(fullPrefill, { stages: STAGES });
    expect(element(view, DealField.Name).initial_value).toBe("Acme renewal");
    expect(element(view, DealField.Company).initial_value).toBe("Acme");
    expect(element(view, DealField.Amount).initial_value).toBe("12000");
    expect(element(view, DealField.Amount).type).toBe("plain_text_input");
    expect((element(view, DealField.Currency).initial_option as { value: string }).value).toBe("EUR");
    expect(element(view, DealField.CloseDate).initial_date).toBe("2026-12-05");
    expect(element(view, DealField.Owner).initial_user).toBe("U0ANA");
    expect((element(view, DealField.Stage).initial_option as { value: string }).value).toBe(stage("demo").id);
    expect(element(view, DealField.NextStep).initial_value).toBe("Book the demo");
  });

  it("offers only open stages, starting at the first one when none was given", () => {
    const view = newDealModal({ currency: "USD", ownerId: "U0ANA" }, { stages: STAGES });
    expectValidModal(view);
    const select = element(view, DealField.Stage) as { options: { text: { text: string } }[] };
    expect(select.options.map((o) => o.text.text)).toEqual([
      "Lead",
      "Qualified",
      "Demo",
      "Proposal",
      "Negotiation",
    ]);
    expect((element(view, DealField.Stage).initial_option as { value: string }).value).toBe(stage("lead").id);
    expect(element(view, DealField.Name).initial_value).toBeUndefined();
    expect(element(view, DealField.CloseDate).initial_date).toBeUndefined();
    expect(blocksOfType(view.blocks as KnownBlock[], "context")).toEqual([]);
    expect(view.private_metadata).toBe("{}");
  });

  it("repeats back what it read from the command text, escaped except for real mentions", () => {
    const view = newDealModal(fullPrefill, {
      stages: STAGES,
      echo: ["USD 12,000", "Sat 5 Dec", "<@U0ANA>", "<!channel>"],
    });
    expectValidModal(view);
    expect(mrkdwnTexts(view.blocks)).toEqual([
      "Read from your text: USD 12,000 · Sat 5 Dec · <@U0ANA> · &lt;!channel&gt;",
    ]);
  });

  it("keeps a mention inside an echo item (`owner <@U0ANA>`) and names what it could not read", () => {
    const view = newDealModal(fullPrefill, {
      stages: STAGES,
      echo: ["owner <@U0ANA>", "note <!here> <@U0BEN>"],
      unreadable: [
        { token: "12kk", as: "amount" },
        { token: "31/02", as: "date" },
      ],
    });
    expectValidModal(view);
    expect(mrkdwnTexts(view.blocks)).toEqual([
      "Read from your text: owner <@U0ANA> · note &lt;!here&gt; <@U0BEN> · could not read `12kk` as an amount, `31/02` as a date",
    ]);
    const unreadOnly = newDealModal(fullPrefill, {
      stages: STAGES,
      unreadable: [{ token: "$1x", as: "amount" }],
    });
    expect(mrkdwnTexts(unreadOnly.blocks)).toEqual(["Could not read `$1x` as an amount"]);
  });

  it("keeps long and hostile prefills within each input's max_length and every Slack limit", () => {
    const view = newDealModal(
      {
        name: hostile(5000),
        company: hostile(5000),
        amount: hostile(5000),
        currency: "usd; drop table",
        closeDate: "2026-02-31",
        ownerId: "<!channel>",
        stageId: "nope",
        nextStep: hostile(5000),
      },
      { stages: STAGES, channelId: "C0SALES", echo: Array.from({ length: 50 }, () => hostile(5000)) },
    );
    expectValidModal(view);
    for (const block of inputs(view)) {
      const el = block.element as unknown as Record<string, unknown>;
      if (typeof el.initial_value === "string") {
        expect(el.initial_value.length).toBeLessThanOrEqual(el.max_length as number);
      }
    }
    expect(element(view, DealField.Name).initial_value).toHaveLength(DEAL_FIELD_MAX_LENGTH.name);
    expect(element(view, DealField.CloseDate).initial_date).toBeUndefined();
    expect(element(view, DealField.Owner).initial_user).toBeUndefined();
    expect(element(view, DealField.Currency).initial_option).toBeUndefined();
    for (const text of mrkdwnTexts(view.blocks)) expect(text).not.toContain("<!channel>");
  });

  it("keeps a currency it doesn't know as an option, so the prefill still shows", () => {
    const view = newDealModal({ currency: "XYZ", ownerId: "U0ANA" }, { stages: STAGES });
    expectValidModal(view);
    const select = element(view, DealField.Currency) as { options: { value: string }[] };
    expect(select.options.map((o) => o.value)).toContain("XYZ");
    expect(select.options.length).toBeLessThanOrEqual(100);
  });
});

describe("editDealModal", () => {
  it("prefills every field from the deal and carries its id and version", () => {
    const deal = makeDeal({ amount: "12000.5000" });
    const view = editDealModal(deal, { stages: STAGES, channelId: "C0SALES" });
    expectValidModal(view);
    expect(view.callback_id).toBe(DealView.Edit);
    expect(view.title.text).toBe("Edit deal");
    expect(view.submit?.text).toBe("Save");
    expect(labels(view)).toEqual(DEAL_FORM_LABELS);
    expect(element(view, DealField.Amount).initial_value).toBe("12000.5");
    expect(element(view, DealField.Source).initial_value).toBe("referral");
    expect(element(view, DealField.NextStepDate).initial_date).toBe("2026-12-03");
    expect((element(view, DealField.Stage).initial_option as { value: string }).value).toBe(
      stage("proposal").id,
    );
    expect(readPrivateMetadata(ZDealModalMetadata, view.private_metadata)).toEqual({
      dealId: deal.id,
      version: 3,
      // What the form opened with, so a save changes only what its person changed.
      opened: writeDealFingerprints(dealFingerprints(dealFieldValues(deal))),
      channelId: "C0SALES",
    });
  });

  it("shows Lost as a lost deal's stage, next to the open stages it can be reopened in", () => {
    const view = editDealModal(makeDeal({ stage: stage("lost"), lostReason: "Budget" }), { stages: STAGES });
    expectValidModal(view);
    const select = element(view, DealField.Stage) as {
      options: { text: { text: string } }[];
      initial_option: { text: { text: string } };
    };
    expect(select.initial_option.text.text).toBe("Lost");
    expect(select.options.map((o) => o.text.text)).toEqual([
      "Lead",
      "Qualified",
      "Demo",
      "Proposal",
      "Negotiation",
      "Lost",
    ]);
  });

  it("doesn't offer a stage for a won deal", () => {
    const view = editDealModal(makeDeal({ stage: stage("won") }), { stages: STAGES });
    expectValidModal(view);
    expect(labels(view)).not.toContain("Stage");
  });

  it("stays valid with every field empty or 5,000 characters long", () => {
    const empty = makeDeal({
      accountName: null,
      amount: null,
      expectedCloseDate: null,
      nextStep: null,
      nextStepDate: null,
      source: null,
    });
    expectValidModal(editDealModal(empty, { stages: STAGES }));
    const long = makeDeal({
      name: hostile(5000),
      accountName: hostile(5000),
      nextStep: hostile(5000),
      source: hostile(5000),
    });
    const view = editDealModal(long, { stages: STAGES });
    expectValidModal(view);
    for (const text of mrkdwnTexts(view.blocks)) expect(text).not.toContain("<!channel>");
  });
});

describe("lostDealModal and addNoteModal", () => {
  it("Deal lost asks for a required reason of up to 500 characters", () => {
    const deal = makeDeal();
    const view = lostDealModal(deal, { channelId: "C0SALES" });
    expectValidModal(view);
    expect(view.callback_id).toBe(DealView.Lost);
    expect(view.title.text).toBe("Deal lost");
    expect(view.submit?.text).toBe("Mark lost");
    expect(labels(view)).toEqual(["Reason"]);
    const reason = inputFor(view, DealField.Reason);
    expect(reason.optional).toBeUndefined();
    expect(element(view, DealField.Reason)).toMatchObject({ multiline: true, max_length: 500 });
    expect(mrkdwnTexts(view.blocks)).toEqual(["*D-12 · Acme renewal* — Acme"]);
    expect(readPrivateMetadata(ZDealModalMetadata, view.private_metadata)).toEqual({
      dealId: deal.id,
      channelId: "C0SALES",
    });
  });

  it("Add note asks for a required note of up to 2,900 characters", () => {
    const view = addNoteModal(makeDeal(), {});
    expectValidModal(view);
    expect(view.callback_id).toBe(DealView.Note);
    expect(view.title.text).toBe("Add note");
    expect(view.submit?.text).toBe("Add");
    expect(labels(view)).toEqual(["Note"]);
    expect(inputFor(view, DealField.Note).optional).toBeUndefined();
    expect(element(view, DealField.Note)).toMatchObject({ multiline: true, max_length: 2900 });
  });

  it("stay valid and escaped for a deal with 5,000-character hostile names", () => {
    const deal = makeDeal({ name: hostile(5000), accountName: hostile(5000) });
    for (const view of [lostDealModal(deal, {}), addNoteModal(deal, {})]) {
      expectValidModal(view);
      for (const text of mrkdwnTexts(view.blocks)) expect(text).not.toContain("<!channel>");
    }
  });
});

describe("readDealModalMetadata", () => {
  it("drops anything malformed instead of throwing", () => {
    expect(readPrivateMetadata(ZDealModalMetadata, undefined)).toEqual({});
    expect(readPrivateMetadata(ZDealModalMetadata, "not json")).toEqual({});
    expect(readPrivateMetadata(ZDealModalMetadata, "null")).toEqual({});
    expect(readPrivateMetadata(ZDealModalMetadata, '{"dealId":5,"version":"3","channelId":"C1"}')).toEqual({
      channelId: "C1",
    });
  });
});

const directory = {
  userId: (name: string) => (/^U[A-Z0-9]+$/.test(name) ? name : name === "ben" ? "U0BEN" : undefined),
  channelId: () => undefined,
};

/** `view.state.values` as Slack sends it: initial values, with what the person changed on top. */
function submit(
  view: ModalView,
  typed: Record<string, Parameters<typeof submittedState>[2]>,
): ViewStateValues {
  const overrides: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [blockId, value] of Object.entries(typed)) {
    const block = inputFor(view, blockId);
    const el = block.element as unknown as Record<string, unknown>;
    overrides[blockId] = { [el.action_id as string]: submittedState(el, block.label.text, value, directory) };
  }
  return currentState(view.blocks, {}, overrides as never) as unknown as ViewStateValues;
}

describe("readDealForm", () => {
  it("reads back an untouched Edit deal form as the deal's own values", () => {
    const deal = makeDeal();
    const view = editDealModal(deal, { stages: STAGES });
    expect(readDealForm(submit(view, {}))).toEqual({
      name: "Acme renewal",
      company: "Acme",
      amountText: "12000",
      currency: "USD",
      closeDate: "2026-12-05",
      ownerId: "U0ANA",
      stageId: stage("proposal").id,
      nextStep: "Send the proposal",
      nextStepDate: "2026-12-03",
      source: "referral",
      contacts: "Jane Doe, CTO, jane@acme.example\nRaj Iyer, +44 20 7946 0000",
    });
  });

  it("reads what a person typed and picked, trimmed, and leaves empty fields out", () => {
    const view = newDealModal({ currency: "USD", ownerId: "U0ANA" }, { stages: STAGES });
    const state = submit(view, {
      [DealField.Name]: "  Globex pilot  ",
      [DealField.Company]: "Globex",
      [DealField.Amount]: "12k",
      [DealField.Currency]: "EUR",
      [DealField.CloseDate]: { date: "2027-01-15" },
      [DealField.Owner]: { user: "ben" },
      [DealField.Stage]: "Demo",
      [DealField.NextStep]: "   ",
    });
    expect(readDealForm(state)).toEqual({
      name: "Globex pilot",
      company: "Globex",
      amountText: "12k",
      currency: "EUR",
      closeDate: "2027-01-15",
      ownerId: "U0BEN",
      stageId: stage("demo").id,
    });
  });

  it("reads the reason and the note, keeping a note's line breaks", () => {
    const lost = lostDealModal(makeDeal(), {});
    expect(readDealForm(submit(lost, { [DealField.Reason]: " Went with a competitor " }))).toEqual({
      reason: "Went with a competitor",
    });
    const note = addNoteModal(makeDeal(), {});
    expect(readDealForm(submit(note, { [DealField.Note]: "Line one\nLine two\n" }))).toEqual({
      note: "Line one\nLine two",
    });
  });

  it("treats Slack's empty values (null selections, missing blocks) as not given", () => {
    const values: ViewStateValues = {
      [DealField.Name]: { value: { type: "plain_text_input", value: null } },
      [DealField.Currency]: { value: { type: "static_select", selected_option: null } },
      [DealField.CloseDate]: { value: { type: "datepicker", selected_date: null } },
      [DealField.Owner]: { value: { type: "users_select", selected_user: null } },
      [DealField.Stage]: { other: { type: "static_select", selected_option: { value: "x" } } },
    };
    expect(readDealForm(values)).toEqual({});
  });
});
