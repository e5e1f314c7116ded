import { currentState, submittedState } from "@handoff/slack-emulator";
import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import { describe, expect, it } from "vitest";
import { DeliveryView, HandoffField } from "../../../../src/slack/ids.ts";
import { readPrivateMetadata, ZHandoffModalMetadata } from "../../../../src/slack/payloads.ts";
import {
  HANDOFF_FIELD_MAX_LENGTH,
  handoffModal,
  newProjectModal,
  readHandoffForm,
} from "../../../../src/slack/views/handoff-modal.ts";
import type { ViewStateValues } from "../../../../src/slack/views/modal-kit.ts";
import { blocksOfType, expectValidModal, hostile, makeDeal, mrkdwnTexts } from "./deal-fixtures.ts";
import { makeTemplate, TEMPLATES } from "./delivery-fixtures.ts";

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

function element(view: ModalView, blockId: string): Record<string, unknown> {
  return inputFor(view, blockId).element as unknown as Record<string, unknown>;
}

function requiredLabels(view: ModalView): string[] {
  return inputs(view)
    .filter((b) => b.optional !== true)
    .map((b) => b.label.text);
}

const DEFAULT_ID = TEMPLATES[0]!.id;
const PILOT_ID = TEMPLATES[1]!.id;

const handoffCtx = {
  templates: TEMPLATES,
  defaultTemplateId: DEFAULT_ID,
  kickoff: "2026-12-09",
  channelId: "C0SALES",
  prefill: { keyContacts: "Jane Doe, CTO, jane@acme.example\nRaj Iyer, +44 20 7946 0000" },
};

describe("handoffModal", () => {
  it("has the handoff form's title and inputs, in order, with the right ones required", () => {
    const deal = makeDeal();
    const view = handoffModal(deal, handoffCtx);
    expectValidModal(view);
    expect(view.callback_id).toBe(DeliveryView.Handoff);
    expect(view.title.text).toBe("Deal won — handoff");
    expect(view.submit?.text).toBe("Hand over");
    expect(view.close?.text).toBe("Cancel");
    expect(labels(view)).toEqual([
      "Kickoff date",
      "Customer goals",
      "Commitments made",
      "Key contacts",
      "Onboarding template",
      "Delivery lead",
    ]);
    expect(requiredLabels(view)).toEqual([
      "Kickoff date",
      "Customer goals",
      "Commitments made",
      "Key contacts",
      "Onboarding template",
    ]);
    expect(JSON.parse(view.private_metadata ?? "")).toEqual({ dealId: deal.id, channelId: "C0SALES" });
    expect(readPrivateMetadata(ZHandoffModalMetadata, view.private_metadata)).toEqual({
      dealId: deal.id,
      channelId: "C0SALES",
    });
  });

  it("names the deal: reference, name, company, amount and owner", () => {
    const view = handoffModal(makeDeal({ currency: "EUR", amount: "12500" }), handoffCtx);
    expect(mrkdwnTexts(view.blocks)).toEqual(["*D-12 · Acme renewal* · Acme · €12,500 · <@U0ANA>"]);
  });

  it("says a lead being won before anyone took it is not taken yet", () => {
    const view = handoffModal(makeDeal({ ownerId: "U0HANDOFF", awaitingOwner: true }), handoffCtx);
    expect(mrkdwnTexts(view.blocks)).toEqual(["*D-12 · Acme renewal* · Acme · $12,000 · _not taken yet_"]);
    expect(JSON.stringify(view)).not.toContain("U0HANDOFF");
  });

  it("uses the right element for each input and prefills kickoff, contacts and the default template", () => {
    const view = handoffModal(makeDeal(), handoffCtx);
    expect(element(view, HandoffField.Kickoff)).toMatchObject({
      type: "datepicker",
      initial_date: "2026-12-09",
    });
    for (const id of [HandoffField.Goals, HandoffField.Commitments, HandoffField.Contacts]) {
      expect(element(view, id)).toMatchObject({ type: "plain_text_input", multiline: true });
    }
    expect(element(view, HandoffField.Goals).initial_value).toBeUndefined();
    expect(element(view, HandoffField.Contacts).initial_value).toBe(handoffCtx.prefill.keyContacts);
    expect(element(view, HandoffField.Lead).type).toBe("users_select");
    expect(inputFor(view, HandoffField.Lead).optional).toBe(true);
    const template = element(view, HandoffField.Template) as {
      type: string;
      options: { text: { text: string }; value: string }[];
      initial_option: { value: string };
    };
    expect(template.type).toBe("static_select");
    expect(template.options.map((o) => [o.text.text, o.value])).toEqual([
      ["Customer onboarding", DEFAULT_ID],
      ["Two-week pilot", PILOT_ID],
    ]);
    expect(template.initial_option.value).toBe(DEFAULT_ID);
  });

  it("picks the template it is told is the default, not the first one", () => {
    const view = handoffModal(makeDeal(), { ...handoffCtx, defaultTemplateId: PILOT_ID });
    expect((element(view, HandoffField.Template).initial_option as { value: string }).value).toBe(PILOT_ID);
  });

  it("keeps the default among 150 templates within Slack's 100 options", () => {
    const many = Array.from({ length: 150 }, (_, i) =>
      makeTemplate({ id: `tpl-${i}`, key: `t${i}`, name: `Template ${i}`, isDefault: false }),
    );
    const view = handoffModal(makeDeal(), { ...handoffCtx, templates: many, defaultTemplateId: "tpl-140" });
    expectValidModal(view);
    const select = element(view, HandoffField.Template) as {
      options: { value: string }[];
      initial_option: { value: string };
    };
    expect(select.options).toHaveLength(100);
    expect(select.options.map((o) => o.value)).toContain("tpl-140");
    expect(select.initial_option.value).toBe("tpl-140");
  });

  it("says there is no template instead of offering an empty select", () => {
    const view = handoffModal(makeDeal(), { ...handoffCtx, templates: [] });
    expectValidModal(view);
    expect(labels(view)).not.toContain("Onboarding template");
    expect(mrkdwnTexts(view.blocks).join("\n")).toContain("/handoff templates");
  });

  it("stays valid with 5,000-character hostile prefills and deal names, escaped and within max_length", () => {
    const deal = makeDeal({ name: hostile(5000), accountName: hostile(5000), ownerId: "<!channel>" });
    const view = handoffModal(deal, {
      ...handoffCtx,
      kickoff: "2026-02-31",
      prefill: { goals: hostile(5000), commitments: hostile(5000), keyContacts: hostile(5000) },
    });
    expectValidModal(view);
    expect(element(view, HandoffField.Goals).initial_value).toHaveLength(HANDOFF_FIELD_MAX_LENGTH.goals);
    expect(element(view, HandoffField.Contacts).initial_value).toHaveLength(
      HANDOFF_FIELD_MAX_LENGTH.keyContacts,
    );
    expect(element(view, HandoffField.Kickoff).initial_date).toBeUndefined();
    for (const text of mrkdwnTexts(view.blocks)) {
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("<@U1>");
    }
  });
});

describe("newProjectModal", () => {
  it("asks for name, customer, kickoff, template, lead and goals, the last two optional", () => {
    const view = newProjectModal({
      templates: TEMPLATES,
      defaultTemplateId: DEFAULT_ID,
      kickoff: "2026-12-09",
      channelId: "C0DELIVERY",
    });
    expectValidModal(view);
    expect(view.callback_id).toBe(DeliveryView.NewProject);
    expect(view.title.text).toBe("New project");
    expect(view.submit?.text).toBe("Create");
    expect(labels(view)).toEqual([
      "Project name",
      "Customer",
      "Kickoff date",
      "Onboarding template",
      "Delivery lead",
      "Customer goals",
    ]);
    expect(requiredLabels(view)).toEqual(["Project name", "Customer", "Kickoff date", "Onboarding template"]);
    expect(element(view, HandoffField.Kickoff).initial_date).toBe("2026-12-09");
    expect(element(view, HandoffField.Goals).multiline).toBe(true);
    expect(JSON.parse(view.private_metadata ?? "")).toEqual({ channelId: "C0DELIVERY" });
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

describe("readHandoffForm", () => {
  it("reads an untouched handoff form as its prefills", () => {
    const view = handoffModal(makeDeal(), handoffCtx);
    expect(readHandoffForm(submit(view, {}))).toEqual({
      kickoffDate: "2026-12-09",
      keyContacts: "Jane Doe, CTO, jane@acme.example\nRaj Iyer, +44 20 7946 0000",
      templateId: DEFAULT_ID,
    });
  });

  it("reads what a person typed and picked, trimmed, keeping line breaks inside", () => {
    const view = handoffModal(makeDeal(), handoffCtx);
    const state = submit(view, {
      [HandoffField.Kickoff]: { date: "2026-12-14" },
      [HandoffField.Goals]: "  Go live by January\nCut onboarding time in half \n",
      [HandoffField.Commitments]: "SSO included",
      [HandoffField.Contacts]: "Jane Doe, CTO",
      [HandoffField.Template]: "Two-week pilot",
      [HandoffField.Lead]: { user: "ben" },
    });
    expect(readHandoffForm(state)).toEqual({
      kickoffDate: "2026-12-14",
      goals: "Go live by January\nCut onboarding time in half",
      commitments: "SSO included",
      keyContacts: "Jane Doe, CTO",
      templateId: PILOT_ID,
      deliveryLeadId: "U0BEN",
    });
  });

  it("reads the New project form's name and customer, leaving blank goals out", () => {
    const view = newProjectModal({
      templates: TEMPLATES,
      defaultTemplateId: DEFAULT_ID,
      kickoff: "2026-12-09",
    });
    const state = submit(view, {
      [HandoffField.Name]: " Globex onboarding ",
      [HandoffField.Customer]: "Globex",
      [HandoffField.Goals]: "   ",
    });
    expect(readHandoffForm(state)).toEqual({
      name: "Globex onboarding",
      customer: "Globex",
      kickoffDate: "2026-12-09",
      templateId: DEFAULT_ID,
    });
  });

  it("treats Slack's empty values and unknown action_ids as not given", () => {
    const values: ViewStateValues = {
      [HandoffField.Goals]: { value: { type: "plain_text_input", value: null } },
      [HandoffField.Template]: { value: { type: "static_select", selected_option: null } },
      [HandoffField.Kickoff]: { value: { type: "datepicker", selected_date: null } },
      [HandoffField.Lead]: { value: { type: "users_select", selected_user: null } },
      [HandoffField.Name]: { other: { type: "plain_text_input", value: "x" } },
    };
    expect(readHandoffForm(values)).toEqual({});
  });
});
