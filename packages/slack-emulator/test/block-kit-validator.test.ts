import { describe, expect, it } from "vitest";
import { BLOCK_KIT_LIMITS, MESSAGE_BLOCKS_MAX_JSON_CHARS } from "../src/block-kit-limits.ts";
import {
  type BlockKitProblem,
  formatProblem,
  messageBlocksTooLong,
  type Surface,
  validateBlocks,
  validateView,
} from "../src/emulator/block-kit-validator.ts";

const plain = (text: string) => ({ type: "plain_text", text });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const chars = (n: number) => "x".repeat(n);
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const option = (i: number) => ({ text: plain(`Option ${i}`), value: `value-${i}` });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: "button",
  action_id: actionId,
  text: plain("Open"),
  ...extra,
});
const section = (text = "Hello") => ({ type: "section", text: mrkdwn(text) });
const actions = (...elements: unknown[]) => ({ type: "actions", elements });
const input = (element: unknown, extra: Record<string, unknown> = {}) => ({
  type: "input",
  label: plain("Label"),
  element,
  ...extra,
});
const textInput = (extra: Record<string, unknown> = {}) => ({
  type: "plain_text_input",
  action_id: "value",
  ...extra,
});
const modal = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({
  type: "modal",
  title: plain("New deal"),
  submit: plain("Create"),
  close: plain("Cancel"),
  blocks,
  ...extra,
});
const confirm = (extra: Record<string, unknown> = {}) => ({
  title: plain("Are you sure?"),
  text: mrkdwn("This marks the deal *Lost*."),
  confirm: plain("Mark lost"),
  deny: plain("Cancel"),
  ...extra,
});

/** A deal card as Handoff posts it: every common block and element. */
const dealCard = [
  { type: "header", text: plain("D-12 · Acme rollout"), block_id: "deal-header" },
  {
    type: "section",
    block_id: "deal-summary",
    text: mrkdwn("*Acme Corp* · $12,000 · Proposal (60%)"),
    fields: [
      mrkdwn("*Owner*\n<@U123>"),
      mrkdwn("*Close*\n2025-03-31"),
      mrkdwn("*Next step*\nSend the proposal"),
    ],
    accessory: button("deal_edit", { value: "D-12", style: "primary" }),
  },
  {
    type: "context",
    elements: [
      { type: "image", image_url: "https://example.com/a.png", alt_text: "Ana" },
      mrkdwn("Last activity 2 days ago"),
    ],
  },
  { type: "divider" },
  {
    type: "actions",
    block_id: "deal-actions",
    elements: [
      button("deal_won", { value: "D-12", style: "primary" }),
      button("deal_lost", { value: "D-12", style: "danger", confirm: confirm() }),
      {
        type: "static_select",
        action_id: "deal_stage",
        placeholder: plain("Move to stage"),
        options: times(5, option),
        initial_option: option(1),
      },
      { type: "overflow", action_id: "deal_more", options: [option(1), option(2), option(3)] },
    ],
  },
];

/** The New deal modal. */
const newDealModal = modal(
  [
    input(textInput({ max_length: 200, placeholder: plain("Acme rollout") }), {
      block_id: "name",
      hint: plain("What is being sold"),
    }),
    input(textInput(), { block_id: "company" }),
    input(
      { type: "number_input", action_id: "value", is_decimal_allowed: true, min_value: "0" },
      { block_id: "amount" },
    ),
    input(
      { type: "static_select", action_id: "value", options: [option(1), option(2)] },
      { block_id: "currency" },
    ),
    input({ type: "datepicker", action_id: "value", initial_date: "2025-03-31" }, { block_id: "close_date" }),
    input({ type: "users_select", action_id: "value", initial_user: "U123" }, { block_id: "owner" }),
    input(
      {
        type: "static_select",
        action_id: "value",
        option_groups: [
          { label: plain("Open"), options: [option(1), option(2)] },
          { label: plain("Closed"), options: [option(3)] },
        ],
      },
      { block_id: "stage" },
    ),
    input(
      {
        type: "checkboxes",
        action_id: "value",
        options: [{ text: mrkdwn("*Notify* the channel"), value: "notify" }],
      },
      { block_id: "flags", optional: true },
    ),
    input(textInput({ multiline: true, min_length: 0 }), { block_id: "next_step", optional: true }),
  ],
  { callback_id: "deal_new", private_metadata: JSON.stringify({ channel: "C123" }) },
);

describe("valid payloads", () => {
  it("accepts a realistic deal card message", () => {
    expect(validateBlocks(dealCard, "message")).toEqual([]);
    expect(messageBlocksTooLong(dealCard)).toBe(false);
  });

  it("accepts a realistic modal with inputs", () => {
    expect(validateView(newDealModal)).toEqual([]);
  });

  it("accepts a Home tab with input blocks and no title", () => {
    const home = { type: "home", blocks: [...dealCard, input(textInput())] };
    expect(validateView(home)).toEqual([]);
  });

  it("accepts a section that has only fields", () => {
    expect(validateBlocks([{ type: "section", fields: [plain("a")] }], "message")).toEqual([]);
  });

  it("accepts the same block_id in two messages and the same action_id in two blocks", () => {
    const blocks = [actions(button("go")), actions(button("go"))];
    expect(validateBlocks(blocks, "message")).toEqual([]);
    expect(validateBlocks([{ ...section(), block_id: "a" }], "message")).toEqual([]);
    expect(validateBlocks([{ ...section(), block_id: "a" }], "message")).toEqual([]);
  });

  it("counts characters, so 3000 emoji fit a section", () => {
    expect(validateBlocks([section("👍".repeat(3000))], "message")).toEqual([]);
  });
});

type Target = { blocks: unknown; surface: Surface } | { view: unknown };

interface LimitCase {
  name: string;
  /** The largest allowed value; limit + 1 must fail. */
  limit: number;
  build: (n: number) => Target;
  pointer: string;
  message: string;
}

const inMessage = (...blocks: unknown[]): Target => ({ blocks, surface: "message" });
const inModal = (...blocks: unknown[]): Target => ({ view: modal(blocks) });
const tooLong = (limit: number) => `must be less than ${limit + 1} characters`;
const tooMany = (limit: number) => `must provide an array with no more than ${limit} items`;

const limitCases: LimitCase[] = [
  {
    name: "blocks per message",
    limit: 50,
    build: (n) => inMessage(...times(n, () => ({ type: "divider" }))),
    pointer: "/blocks",
    message: tooMany(50),
  },
  {
    name: "blocks per modal",
    limit: 100,
    build: (n) => inModal(...times(n, () => ({ type: "divider" }))),
    pointer: "/blocks",
    message: tooMany(100),
  },
  {
    name: "blocks per Home tab",
    limit: 100,
    build: (n) => ({ view: { type: "home", blocks: times(n, () => ({ type: "divider" })) } }),
    pointer: "/blocks",
    message: tooMany(100),
  },
  {
    name: "section text",
    limit: 3000,
    build: (n) => inMessage(section(chars(n))),
    pointer: "/blocks/0/text/text",
    message: tooLong(3000),
  },
  {
    name: "section fields",
    limit: 10,
    build: (n) => inMessage({ type: "section", fields: times(n, (i) => plain(`f${i}`)) }),
    pointer: "/blocks/0/fields",
    message: tooMany(10),
  },
  {
    name: "field text",
    limit: 2000,
    build: (n) => inMessage({ type: "section", fields: [plain("a"), mrkdwn(chars(n))] }),
    pointer: "/blocks/0/fields/1/text",
    message: tooLong(2000),
  },
  {
    name: "header text",
    limit: 150,
    build: (n) => inMessage({ type: "header", text: plain(chars(n)) }),
    pointer: "/blocks/0/text/text",
    message: tooLong(150),
  },
  {
    name: "button text",
    limit: 75,
    build: (n) => inMessage(actions(button("go", { text: plain(chars(n)) }))),
    pointer: "/blocks/0/elements/0/text/text",
    message: tooLong(75),
  },
  {
    name: "button value",
    limit: 2000,
    build: (n) => inMessage(actions(button("go", { value: chars(n) }))),
    pointer: "/blocks/0/elements/0/value",
    message: tooLong(2000),
  },
  {
    name: "button url",
    limit: 3000,
    build: (n) => inMessage(actions(button("go", { url: `https://e.com/${chars(n - 14)}` }))),
    pointer: "/blocks/0/elements/0/url",
    message: tooLong(3000),
  },
  {
    name: "action_id",
    limit: 255,
    build: (n) => inMessage(actions(button(chars(n)))),
    pointer: "/blocks/0/elements/0/action_id",
    message: tooLong(255),
  },
  {
    name: "block_id",
    limit: 255,
    build: (n) => inMessage({ type: "divider", block_id: chars(n) }),
    pointer: "/blocks/0/block_id",
    message: tooLong(255),
  },
  {
    name: "actions elements",
    limit: 25,
    build: (n) => inMessage(actions(...times(n, (i) => button(`b${i}`)))),
    pointer: "/blocks/0/elements",
    message: tooMany(25),
  },
  {
    name: "context elements",
    limit: 10,
    build: (n) => inMessage({ type: "context", elements: times(n, (i) => mrkdwn(`c${i}`)) }),
    pointer: "/blocks/0/elements",
    message: tooMany(10),
  },
  {
    name: "overflow options",
    limit: 5,
    build: (n) =>
      inMessage({
        ...section(),
        accessory: { type: "overflow", action_id: "more", options: times(n, option) },
      }),
    pointer: "/blocks/0/accessory/options",
    message: tooMany(5),
  },
  {
    name: "static select options",
    limit: 100,
    build: (n) => inMessage(actions({ type: "static_select", action_id: "s", options: times(n, option) })),
    pointer: "/blocks/0/elements/0/options",
    message: tooMany(100),
  },
  {
    name: "multi static select option groups",
    limit: 100,
    build: (n) =>
      inModal(
        input({
          type: "multi_static_select",
          action_id: "s",
          option_groups: times(n, (i) => ({ label: plain(`g${i}`), options: [option(i)] })),
        }),
      ),
    pointer: "/blocks/0/element/option_groups",
    message: tooMany(100),
  },
  {
    name: "checkbox options",
    limit: 10,
    build: (n) => inModal(input({ type: "checkboxes", action_id: "c", options: times(n, option) })),
    pointer: "/blocks/0/element/options",
    message: tooMany(10),
  },
  {
    name: "radio button options",
    limit: 10,
    build: (n) => inModal(input({ type: "radio_buttons", action_id: "r", options: times(n, option) })),
    pointer: "/blocks/0/element/options",
    message: tooMany(10),
  },
  {
    name: "option text",
    limit: 75,
    build: (n) =>
      inMessage(
        actions({ type: "static_select", action_id: "s", options: [{ text: plain(chars(n)), value: "v" }] }),
      ),
    pointer: "/blocks/0/elements/0/options/0/text/text",
    message: tooLong(75),
  },
  {
    name: "option value",
    limit: 150,
    build: (n) =>
      inMessage(
        actions({
          type: "overflow",
          action_id: "o",
          options: [option(1), { text: plain("t"), value: chars(n) }],
        }),
      ),
    pointer: "/blocks/0/elements/0/options/1/value",
    message: tooLong(150),
  },
  {
    name: "option description",
    limit: 75,
    build: (n) =>
      inModal(
        input({
          type: "radio_buttons",
          action_id: "r",
          options: [{ ...option(1), description: plain(chars(n)) }],
        }),
      ),
    pointer: "/blocks/0/element/options/0/description/text",
    message: tooLong(75),
  },
  {
    name: "confirm title",
    limit: 100,
    build: (n) => inMessage(actions(button("go", { confirm: confirm({ title: plain(chars(n)) }) }))),
    pointer: "/blocks/0/elements/0/confirm/title/text",
    message: tooLong(100),
  },
  {
    name: "confirm text",
    limit: 300,
    build: (n) => inMessage(actions(button("go", { confirm: confirm({ text: mrkdwn(chars(n)) }) }))),
    pointer: "/blocks/0/elements/0/confirm/text/text",
    message: tooLong(300),
  },
  {
    name: "confirm button",
    limit: 30,
    build: (n) => inMessage(actions(button("go", { confirm: confirm({ confirm: plain(chars(n)) }) }))),
    pointer: "/blocks/0/elements/0/confirm/confirm/text",
    message: tooLong(30),
  },
  {
    name: "deny button",
    limit: 30,
    build: (n) => inMessage(actions(button("go", { confirm: confirm({ deny: plain(chars(n)) }) }))),
    pointer: "/blocks/0/elements/0/confirm/deny/text",
    message: tooLong(30),
  },
  {
    name: "placeholder",
    limit: 150,
    build: (n) => inModal(input(textInput({ placeholder: plain(chars(n)) }))),
    pointer: "/blocks/0/element/placeholder/text",
    message: tooLong(150),
  },
  {
    name: "input label",
    limit: 2000,
    build: (n) => inModal(input(textInput(), { label: plain(chars(n)) })),
    pointer: "/blocks/0/label/text",
    message: tooLong(2000),
  },
  {
    name: "input hint",
    limit: 2000,
    build: (n) => inModal(input(textInput(), { hint: plain(chars(n)) })),
    pointer: "/blocks/0/hint/text",
    message: tooLong(2000),
  },
  {
    name: "plain_text_input max_length",
    limit: 3000,
    build: (n) => inModal(input(textInput({ max_length: n }))),
    pointer: "/blocks/0/element/max_length",
    message: "must be less than or equal to 3000",
  },
  {
    name: "image alt_text",
    limit: 2000,
    build: (n) => inMessage({ type: "image", image_url: "https://e.com/a.png", alt_text: chars(n) }),
    pointer: "/blocks/0/alt_text",
    message: tooLong(2000),
  },
  {
    name: "markdown block text",
    limit: 12_000,
    build: (n) => inMessage({ type: "markdown", text: chars(n) }),
    pointer: "/blocks/0/text",
    message: tooLong(12_000),
  },
  {
    name: "modal title",
    limit: 24,
    build: (n) => ({ view: modal([section()], { title: plain(chars(n)) }) }),
    pointer: "/title/text",
    message: tooLong(24),
  },
  {
    name: "modal submit",
    limit: 24,
    build: (n) => ({ view: modal([section()], { submit: plain(chars(n)) }) }),
    pointer: "/submit/text",
    message: tooLong(24),
  },
  {
    name: "modal close",
    limit: 24,
    build: (n) => ({ view: modal([section()], { close: plain(chars(n)) }) }),
    pointer: "/close/text",
    message: tooLong(24),
  },
  {
    name: "private_metadata",
    limit: 3000,
    build: (n) => ({ view: modal([section()], { private_metadata: chars(n) }) }),
    pointer: "/private_metadata",
    message: tooLong(3000),
  },
  {
    name: "callback_id",
    limit: 255,
    build: (n) => ({ view: modal([section()], { callback_id: chars(n) }) }),
    pointer: "/callback_id",
    message: tooLong(255),
  },
  {
    name: "external_id",
    limit: 255,
    build: (n) => ({ view: { type: "home", blocks: [section()], external_id: chars(n) } }),
    pointer: "/external_id",
    message: tooLong(255),
  },
  {
    name: "view blocks nested in a modal",
    limit: 3000,
    build: (n) => inModal(section(), section(chars(n))),
    pointer: "/blocks/1/text/text",
    message: tooLong(3000),
  },
];

function run(target: Target): BlockKitProblem[] {
  return "view" in target ? validateView(target.view) : validateBlocks(target.blocks, target.surface);
}

describe("limits", () => {
  it.each(limitCases)("$name: $limit passes, one more fails", ({ limit, build, pointer, message }) => {
    expect(run(build(limit))).toEqual([]);
    expect(run(build(limit + 1))).toEqual([{ pointer, message }]);
  });

  it("needs at least two overflow options", () => {
    const overflow = (n: number) => [
      actions({ type: "overflow", action_id: "o", options: times(n, option) }),
    ];
    expect(validateBlocks(overflow(2), "message")).toEqual([]);
    expect(validateBlocks(overflow(1), "message")).toEqual([
      { pointer: "/blocks/0/elements/0/options", message: "must provide an array with at least 2 items" },
    ]);
  });

  it("the named limits match Slack's table", () => {
    expect(BLOCK_KIT_LIMITS).toMatchObject({
      messageBlocks: 50,
      surfaceBlocks: 100,
      sectionText: 3000,
      sectionFields: 10,
      fieldText: 2000,
      headerText: 150,
      actionsElements: 25,
      contextElements: 10,
      buttonText: 75,
      buttonValue: 2000,
      url: 3000,
      actionId: 255,
      blockId: 255,
      callbackId: 255,
      selectOptions: 100,
      optionGroups: 100,
      overflowOptions: 5,
      checkboxOptions: 10,
      radioOptions: 10,
      optionText: 75,
      optionValue: 150,
      optionDescription: 75,
      confirmTitle: 100,
      confirmText: 300,
      confirmButton: 30,
      viewTitle: 24,
      viewSubmit: 24,
      viewClose: 24,
      privateMetadata: 3000,
      inputLabel: 2000,
      inputHint: 2000,
      placeholder: 150,
    });
    expect(MESSAGE_BLOCKS_MAX_JSON_CHARS).toBe(13_000);
  });
});

interface RuleCase {
  name: string;
  target: Target;
  problems: BlockKitProblem[];
}

const ruleCases: RuleCase[] = [
  {
    name: "blocks that are not an array",
    target: { blocks: { type: "divider" }, surface: "message" },
    problems: [{ pointer: "/blocks", message: "must be an array" }],
  },
  {
    name: "a block that is not an object",
    target: inMessage(section(), "divider"),
    problems: [{ pointer: "/blocks/1", message: "must be an object" }],
  },
  {
    name: "a block without a type",
    target: inMessage({ text: mrkdwn("hi") }),
    problems: [{ pointer: "/blocks/0/type", message: "is a required property" }],
  },
  {
    name: "an unknown block type",
    target: inMessage(section(), { type: "sectoin", text: mrkdwn("hi") }),
    problems: [{ pointer: "/blocks/1/type", message: 'unsupported type: "sectoin"' }],
  },
  {
    name: "a duplicate block_id in a message",
    target: inMessage({ ...section(), block_id: "deal" }, { type: "divider", block_id: "deal" }),
    problems: [{ pointer: "/blocks/1/block_id", message: "duplicate block_id" }],
  },
  {
    name: "a duplicate block_id in a modal",
    target: inModal(input(textInput(), { block_id: "name" }), input(textInput(), { block_id: "name" })),
    problems: [{ pointer: "/blocks/1/block_id", message: "duplicate block_id" }],
  },
  {
    name: "a duplicate action_id within one actions block",
    target: inMessage(actions(button("claim"), button("done"), button("claim"))),
    problems: [{ pointer: "/blocks/0/elements/2/action_id", message: "duplicate action_id" }],
  },
  {
    name: "a section with neither text nor fields",
    target: inMessage({ type: "section", accessory: button("go") }),
    problems: [{ pointer: "/blocks/0/text", message: "is a required property" }],
  },
  {
    name: "a section with only empty fields",
    target: inMessage({ type: "section", fields: [] }),
    problems: [{ pointer: "/blocks/0/fields", message: "must provide an array with at least 1 items" }],
  },
  {
    name: "empty section text",
    target: inMessage(section("")),
    problems: [{ pointer: "/blocks/0/text/text", message: "must be more than 0 characters" }],
  },
  {
    name: "a text object with an unknown type",
    target: inMessage({ type: "section", text: { type: "markdown", text: "hi" } }),
    problems: [{ pointer: "/blocks/0/text/type", message: "must be a valid enum value" }],
  },
  {
    name: "a mrkdwn header",
    target: inMessage({ type: "header", text: mrkdwn("*Deal*") }),
    problems: [{ pointer: "/blocks/0/text/type", message: "must be a valid enum value" }],
  },
  {
    name: "a header without text",
    target: inMessage({ type: "header" }),
    problems: [{ pointer: "/blocks/0/text", message: "is a required property" }],
  },
  {
    name: "a mrkdwn button label",
    target: inMessage(actions(button("go", { text: mrkdwn("*Go*") }))),
    problems: [{ pointer: "/blocks/0/elements/0/text/type", message: "must be a valid enum value" }],
  },
  {
    name: "a button without text",
    target: inMessage(actions({ type: "button", action_id: "go" })),
    problems: [{ pointer: "/blocks/0/elements/0/text", message: "is a required property" }],
  },
  {
    name: "a button style other than primary or danger",
    target: inMessage(actions(button("go", { style: "secondary" }))),
    problems: [{ pointer: "/blocks/0/elements/0/style", message: "must be a valid enum value" }],
  },
  {
    name: "an input block in a message",
    target: inMessage(input(textInput())),
    problems: [{ pointer: "/blocks/0/type", message: 'unsupported type in messages: "input"' }],
  },
  {
    name: "an input block without a label",
    target: inModal({ type: "input", element: textInput() }),
    problems: [{ pointer: "/blocks/0/label", message: "is a required property" }],
  },
  {
    name: "an input block without an element",
    target: inModal({ type: "input", label: plain("Name") }),
    problems: [{ pointer: "/blocks/0/element", message: "is a required property" }],
  },
  {
    name: "a button as an input element",
    target: inModal(input(button("go"))),
    problems: [{ pointer: "/blocks/0/element/type", message: 'unsupported type in input blocks: "button"' }],
  },
  {
    name: "a text input in an actions block",
    target: inMessage(actions(textInput())),
    problems: [
      {
        pointer: "/blocks/0/elements/0/type",
        message: 'unsupported type in actions blocks: "plain_text_input"',
      },
    ],
  },
  {
    name: "an unknown element type",
    target: inMessage(actions({ type: "slider", action_id: "s" })),
    problems: [{ pointer: "/blocks/0/elements/0/type", message: 'unsupported type: "slider"' }],
  },
  {
    name: "an empty actions block",
    target: inMessage(actions()),
    problems: [{ pointer: "/blocks/0/elements", message: "must provide an array with at least 1 items" }],
  },
  {
    name: "a button in a context block",
    target: inMessage({ type: "context", elements: [mrkdwn("hi"), button("go")] }),
    problems: [
      { pointer: "/blocks/0/elements/1/type", message: 'unsupported type in context blocks: "button"' },
    ],
  },
  {
    name: "an image block without alt_text",
    target: inMessage({ type: "image", image_url: "https://e.com/a.png" }),
    problems: [{ pointer: "/blocks/0/alt_text", message: "is a required property" }],
  },
  {
    name: "an image block without a source",
    target: inMessage({ type: "image", alt_text: "a chart" }),
    problems: [{ pointer: "/blocks/0/image_url", message: "is a required property" }],
  },
  {
    name: "a mrkdwn option in a select",
    target: inMessage(
      actions({ type: "static_select", action_id: "s", options: [{ text: mrkdwn("*a*"), value: "a" }] }),
    ),
    problems: [
      { pointer: "/blocks/0/elements/0/options/0/text/type", message: "must be a valid enum value" },
    ],
  },
  {
    name: "an option without a value",
    target: inMessage(actions({ type: "static_select", action_id: "s", options: [{ text: plain("a") }] })),
    problems: [{ pointer: "/blocks/0/elements/0/options/0/value", message: "is a required property" }],
  },
  {
    name: "a static select without options",
    target: inMessage(actions({ type: "static_select", action_id: "s" })),
    problems: [{ pointer: "/blocks/0/elements/0/options", message: "is a required property" }],
  },
  {
    name: "a static select with both options and option groups",
    target: inMessage(
      actions({
        type: "static_select",
        action_id: "s",
        options: [option(1)],
        option_groups: [{ label: plain("g"), options: [option(2)] }],
      }),
    ),
    problems: [
      {
        pointer: "/blocks/0/elements/0/option_groups",
        message: "must not be provided together with options",
      },
    ],
  },
  {
    name: "a confirm dialog without a title",
    target: inMessage(actions(button("go", { confirm: confirm({ title: undefined }) }))),
    problems: [{ pointer: "/blocks/0/elements/0/confirm/title", message: "is a required property" }],
  },
  {
    name: "min_length above max_length",
    target: inModal(input(textInput({ min_length: 10, max_length: 5 }))),
    problems: [{ pointer: "/blocks/0/element/min_length", message: "must be less than or equal to 5" }],
  },
  {
    name: "a number input without is_decimal_allowed",
    target: inModal(input({ type: "number_input", action_id: "n" })),
    problems: [{ pointer: "/blocks/0/element/is_decimal_allowed", message: "is a required property" }],
  },
  {
    name: "a datepicker initial_date in the wrong format",
    target: inModal(input({ type: "datepicker", action_id: "d", initial_date: "31/03/2025" })),
    problems: [
      { pointer: "/blocks/0/element/initial_date", message: "does not match pattern ^\\d{4}-\\d{2}-\\d{2}$" },
    ],
  },
  {
    name: "a timepicker initial_time that is no time of day (25:99)",
    target: inModal(input({ type: "timepicker", action_id: "t", initial_time: "25:99" })),
    problems: [
      { pointer: "/blocks/0/element/initial_time", message: "must be a time of day (HH:mm, 00:00 to 23:59)" },
    ],
  },
  {
    name: "a timepicker initial_time of 24:00",
    target: inModal(input({ type: "timepicker", action_id: "t", initial_time: "24:00" })),
    problems: [
      { pointer: "/blocks/0/element/initial_time", message: "must be a time of day (HH:mm, 00:00 to 23:59)" },
    ],
  },
  {
    name: "a timepicker initial_time in the wrong format",
    target: inModal(input({ type: "timepicker", action_id: "t", initial_time: "9:30" })),
    problems: [
      { pointer: "/blocks/0/element/initial_time", message: "does not match pattern ^\\d{2}:\\d{2}$" },
    ],
  },
  {
    name: "a datepicker initial_date that is no day of the calendar (2025-02-30)",
    target: inModal(input({ type: "datepicker", action_id: "d", initial_date: "2025-02-30" })),
    problems: [
      { pointer: "/blocks/0/element/initial_date", message: "must be a calendar date (YYYY-MM-DD)" },
    ],
  },
  {
    name: "a datepicker initial_date with month 13",
    target: inModal(input({ type: "datepicker", action_id: "d", initial_date: "2025-13-01" })),
    problems: [
      { pointer: "/blocks/0/element/initial_date", message: "must be a calendar date (YYYY-MM-DD)" },
    ],
  },
  {
    name: "max_selected_items below 1",
    target: inModal(input({ type: "multi_users_select", action_id: "u", max_selected_items: 0 })),
    problems: [
      { pointer: "/blocks/0/element/max_selected_items", message: "must be greater than or equal to 1" },
    ],
  },
  {
    name: "a view that is not an object",
    target: { view: "modal" },
    problems: [{ pointer: "", message: "must be an object" }],
  },
  {
    name: "a view of an unknown type",
    target: { view: { type: "dialog", blocks: [] } },
    problems: [
      { pointer: "/type", message: "must be a valid enum value" },
      { pointer: "/title", message: "is a required property" },
    ],
  },
  {
    name: "a modal without a title",
    target: { view: { type: "modal", blocks: [section()] } },
    problems: [{ pointer: "/title", message: "is a required property" }],
  },
  {
    name: "a modal without blocks",
    target: { view: { type: "modal", title: plain("Deal") } },
    problems: [{ pointer: "/blocks", message: "is a required property" }],
  },
  {
    name: "a modal with inputs and no submit button",
    target: { view: modal([input(textInput())], { submit: undefined }) },
    problems: [{ pointer: "/submit", message: "is a required property" }],
  },
  {
    name: "a modal with a mrkdwn title",
    target: { view: modal([section()], { title: mrkdwn("*Deal*") }) },
    problems: [{ pointer: "/title/type", message: "must be a valid enum value" }],
  },
  {
    name: "private_metadata that is not a string",
    target: { view: modal([section()], { private_metadata: { deal: 1 } }) },
    problems: [{ pointer: "/private_metadata", message: "must be a string" }],
  },
];

describe("rules", () => {
  it.each(ruleCases)("rejects $name", ({ target, problems }) => {
    expect(run(target)).toEqual(problems);
  });

  it("allows input blocks in modals and Home tabs", () => {
    expect(validateBlocks([input(textInput())], "modal")).toEqual([]);
    expect(validateBlocks([input(textInput())], "home")).toEqual([]);
  });

  it("allows a modal without inputs to omit submit", () => {
    expect(validateView(modal([section()], { submit: undefined }))).toEqual([]);
  });

  it("reports every problem, not just the first", () => {
    const problems = validateBlocks(
      [{ type: "header", text: plain(chars(151)) }, section(chars(3001))],
      "message",
    );
    expect(problems.map((p) => p.pointer)).toEqual(["/blocks/0/text/text", "/blocks/1/text/text"]);
  });
});

describe("messageBlocksTooLong", () => {
  // One section whose JSON is exactly `length` characters long.
  const blocksOfJsonLength = (length: number) => {
    const overhead = JSON.stringify([section("")]).length;
    return [section(chars(length - overhead))];
  };

  it("accepts 13,000 characters of JSON and rejects 13,001", () => {
    expect(JSON.stringify(blocksOfJsonLength(13_000))).toHaveLength(13_000);
    expect(messageBlocksTooLong(blocksOfJsonLength(13_000))).toBe(false);
    expect(messageBlocksTooLong(blocksOfJsonLength(13_001))).toBe(true);
  });

  it("catches messages whose blocks are each within their limits", () => {
    const blocks = times(5, () => section(chars(2900)));
    expect(validateBlocks(blocks, "message")).toEqual([]);
    expect(messageBlocksTooLong(blocks)).toBe(true);
  });

  it("answers false for values it cannot serialise", () => {
    expect(messageBlocksTooLong(undefined)).toBe(false);
    expect(messageBlocksTooLong([{ n: 1n }])).toBe(false);
  });
});

describe("formatProblem", () => {
  it("prints a problem as Slack does", () => {
    expect(
      formatProblem({ pointer: "/blocks/0/text/text", message: "must be less than 3001 characters" }),
    ).toBe("[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]");
  });
});
