import { currentState, submittedState } from "@handoff/slack-emulator";
import type { Checkboxes, InputBlock, KnownBlock, ModalView, PlainTextInput } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { TemplateDefinition } from "../../../../src/domain/delivery.ts";
import { formatTemplateDefinition, parseTemplateDefinition } from "../../../../src/domain/delivery-rules.ts";
import { TemplateAction, TemplateField, TemplateView } from "../../../../src/slack/ids.ts";
import { readPrivateMetadata, ZTemplateModalMetadata } from "../../../../src/slack/payloads.ts";
import {
  readTemplateTaskForm,
  templateOverviewModal,
  templateTaskEdit,
  templateTaskModal,
} from "../../../../src/slack/views/template-editor.ts";
import {
  editableDefinition,
  readTemplateForm,
  TEMPLATE_FIELD_MAX_LENGTH,
  type TemplateFormValues,
  templateListMessage,
  templateModal,
} from "../../../../src/slack/views/templates.ts";
import {
  blocksOfType,
  expectNoRawTokens,
  expectValidMessage,
  expectValidModal,
  hostile,
  mrkdwnTexts,
} from "./deal-fixtures.ts";
import { allButtons, makeTemplate, TEMPLATES } from "./delivery-fixtures.ts";

function inputs(view: ModalView): InputBlock[] {
  return blocksOfType(view.blocks as KnownBlock[], "input");
}

function inputFor(view: ModalView, blockId: string): InputBlock {
  const block = inputs(view).find((b) => b.block_id === blockId);
  if (!block) throw new Error(`no input ${blockId}`);
  return block;
}

function textElement(view: ModalView, blockId: string): PlainTextInput {
  return inputFor(view, blockId).element as PlainTextInput;
}

/** A template of `tasks` tasks in one phase per 40, each with a title of `titleLength`. */
function bigDefinition(tasks: number, titleLength = 20): TemplateDefinition {
  const phases: Array<{ name: string; tasks: TemplateDefinition["phases"][number]["tasks"] }> = [];
  for (let i = 0; i < tasks; i++) {
    if (i % 40 === 0) phases.push({ name: `Phase ${phases.length + 1}`, tasks: [] });
    const task = {
      key: `task-${i + 1}`,
      title: `Task ${i + 1} `.padEnd(titleLength, "x"),
      ownerRole: "consultant",
      dueOffsetDays: i,
      dependsOn: i > 0 ? [`task-${i}`] : [],
    };
    (phases.at(-1)!.tasks as (typeof task)[]).push(task);
  }
  return { phases };
}

const directory = { userId: () => undefined, channelId: () => undefined };

/** `view.state.values` as Slack sends it: initial values, with what the person changed on top. */
function submit(
  view: ModalView,
  typed: Record<string, Parameters<typeof submittedState>[2]>,
): TemplateFormValues {
  const overrides: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [blockId, value] of Object.entries(typed)) {
    const block = inputFor(view, blockId);
    const el = block.element as unknown as Record<string, unknown>;
    overrides[blockId] = { [el.action_id as string]: submittedState(el, block.label.text, value, directory) };
  }
  return currentState(view.blocks, {}, overrides as never) as unknown as TemplateFormValues;
}

describe("templateListMessage", () => {
  it("lists each template with its key, phases, tasks, version, default marker and Edit", () => {
    const pilot = makeTemplate({
      id: "7e000000-0000-4000-8000-000000000002",
      key: "pilot",
      name: "Two-week pilot",
      isDefault: false,
      version: 4,
      definition: bigDefinition(3),
    });
    const message = templateListMessage([TEMPLATES[0]!, pilot]);
    expectValidMessage(message);
    const rows = blocksOfType(message.blocks, "section");
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text!.text).toContain("*Customer onboarding*");
    expect(rows[0]!.text!.text).toContain("default");
    expect(rows[0]!.text!.text).toContain("`customer-onboarding` · 5 phases · 17 tasks · version 1");
    expect(rows[1]!.text!.text).not.toContain("default");
    expect(rows[1]!.text!.text).toContain("`pilot` · 1 phase · 3 tasks · version 4");
    const buttons = allButtons(message.blocks);
    expect(buttons.map((b) => [b.text.text, b.action_id, b.value])).toEqual([
      ["New template", TemplateAction.New, "new"],
      ["Edit", TemplateAction.Edit, TEMPLATES[0]!.id],
      ["Edit", TemplateAction.Edit, pilot.id],
    ]);
    expect(message.text).toBe("Onboarding templates: Customer onboarding (default), Two-week pilot");
    expect(JSON.stringify(message.blocks)).toMatch(/Projects already opened keep their tasks/);
  });

  it("keeps what a person typed as text", () => {
    const message = templateListMessage([makeTemplate({ name: hostile(80) })]);
    expectValidMessage(message);
    expectNoRawTokens(message);
  });

  it("stays within a message's limits with many large templates, saying how many are left out", () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      makeTemplate({
        id: `7e000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        key: `template-${i}`,
        name: hostile(80),
        isDefault: i === 0,
        definition: bigDefinition(200),
      }),
    );
    const message = templateListMessage(many);
    expectValidMessage(message);
    const listed = allButtons(message.blocks).filter((b) => b.action_id === TemplateAction.Edit);
    expect(listed.length).toBeGreaterThan(10);
    expect(mrkdwnTexts(message.blocks).join(" ")).toContain(`…and ${120 - listed.length} more templates`);
    expect(allButtons(message.blocks).some((b) => b.action_id === TemplateAction.New)).toBe(true);
  });

  it("starts with what was just saved", () => {
    const saved = makeTemplate({ version: 2 });
    const message = templateListMessage([saved], { saved: { template: saved, created: false } });
    expectValidMessage(message);
    expect(blocksOfType(message.blocks, "section")[0]!.text!.text).toBe(
      ":white_check_mark: Saved *Customer onboarding* — now version 2, the default template.",
    );
    expect(message.text).toMatch(/^Saved Customer onboarding\. Onboarding templates:/);
  });
});

describe("templateModal", () => {
  it("New template: name, key, a starter definition that reads back, the default checkbox", () => {
    const view = templateModal(undefined, { channelId: "C0ADMIN" });
    expectValidModal(view);
    expect(view.callback_id).toBe(TemplateView.Edit);
    expect(view.title.text).toBe("New template");
    expect(inputs(view).map((b) => [b.block_id, b.label.text, b.optional === true])).toEqual([
      [TemplateField.Name, "Name", false],
      [TemplateField.Key, "Key", false],
      [TemplateField.Definition, "Definition (JSON)", false],
      [TemplateField.Default, "Default", true],
    ]);
    expect(textElement(view, TemplateField.Name).max_length).toBe(80);
    expect(textElement(view, TemplateField.Key).max_length).toBe(48);
    const definition = textElement(view, TemplateField.Definition);
    expect(definition.max_length).toBe(3000);
    expect(definition.multiline).toBe(true);
    expect(parseTemplateDefinition(definition.initial_value ?? "").ok).toBe(true);
    const checkbox = inputFor(view, TemplateField.Default).element as Checkboxes;
    expect(checkbox.options.map((o) => o.text.text)).toEqual(["Use as default"]);
    expect(checkbox.initial_options).toBeUndefined();
    expect(readPrivateMetadata(ZTemplateModalMetadata, view.private_metadata)).toEqual({
      channelId: "C0ADMIN",
    });
    expect(JSON.stringify(view.blocks)).toMatch(/Projects already opened keep their tasks/);
  });

  it("Edit template: prefilled, no key, the definition as formatTemplateDefinition writes it", () => {
    const template = makeTemplate({ version: 3 });
    const view = templateModal(template, { channelId: "C0ADMIN" });
    expectValidModal(view);
    expect(view.title.text).toBe("Edit template");
    expect(inputs(view).map((b) => b.block_id)).toEqual([
      TemplateField.Name,
      TemplateField.Definition,
      TemplateField.Default,
    ]);
    expect(textElement(view, TemplateField.Name).initial_value).toBe("Customer onboarding");
    const text = textElement(view, TemplateField.Definition).initial_value!;
    expect(text).toBe(formatTemplateDefinition(template.definition).trimEnd());
    const parsed = parseTemplateDefinition(text);
    expect(parsed.ok && parsed.definition).toEqual(template.definition);
    const checkbox = inputFor(view, TemplateField.Default).element as Checkboxes;
    expect(checkbox.initial_options?.map((o) => o.value)).toEqual(checkbox.options.map((o) => o.value));
    expect(readPrivateMetadata(ZTemplateModalMetadata, view.private_metadata)).toEqual({
      templateId: template.id,
      version: 3,
      channelId: "C0ADMIN",
    });
    expect(mrkdwnTexts(view.blocks).join(" ")).toContain(
      "`customer-onboarding` · 5 phases · 17 tasks · version 3",
    );
  });

  it("a definition too long to show pretty is shown as compact JSON, still within Slack's box", () => {
    const definition = bigDefinition(24);
    expect(formatTemplateDefinition(definition).length).toBeGreaterThan(3000);
    const text = editableDefinition(definition)!;
    expect(text.length).toBeLessThanOrEqual(TEMPLATE_FIELD_MAX_LENGTH.definition);
    const parsed = parseTemplateDefinition(text);
    expect(parsed.ok && parsed.definition).toEqual(definition);
    const view = templateModal(makeTemplate({ definition }));
    expectValidModal(view);
    expect(textElement(view, TemplateField.Definition).initial_value).toBe(text);
  });

  it("a definition too long for Slack at all can't be edited there, and the modal says so", () => {
    const view = templateModal(makeTemplate({ definition: bigDefinition(200, 150), name: hostile(80) }));
    expectValidModal(view);
    expect(inputs(view).map((b) => b.block_id)).toEqual([TemplateField.Name, TemplateField.Default]);
    expect(mrkdwnTexts(view.blocks).join(" ")).toMatch(/200 tasks — more than Slack's text box holds/);
    expect(textElement(view, TemplateField.Name).initial_value!.length).toBeLessThanOrEqual(80);
  });
});

describe("readTemplateForm", () => {
  it("reads a new template as typed, trimmed, with the default ticked", () => {
    const view = templateModal(undefined);
    const form = readTemplateForm(
      submit(view, {
        [TemplateField.Name]: "  Pilot onboarding ",
        [TemplateField.Key]: " pilot ",
        [TemplateField.Definition]: '{"phases": []}',
        [TemplateField.Default]: ["Use as default"],
      }),
    );
    expect(form).toEqual({
      name: "Pilot onboarding",
      key: "pilot",
      definitionText: '{"phases": []}',
      isDefault: true,
    });
  });

  it("reads an untouched edit as its prefills; unticking the default reads as not default", () => {
    const template = makeTemplate();
    const view = templateModal(template);
    expect(readTemplateForm(submit(view, {}))).toEqual({
      name: "Customer onboarding",
      definitionText: formatTemplateDefinition(template.definition).trimEnd(),
      isDefault: true,
    });
    expect(readTemplateForm(submit(view, { [TemplateField.Default]: [] })).isDefault).toBe(false);
  });

  it("has no definition when the form had no Definition box", () => {
    const view = templateModal(makeTemplate({ definition: bigDefinition(200, 150), isDefault: false }));
    expect(readTemplateForm(submit(view, {}))).toEqual({ name: "Customer onboarding", isDefault: false });
  });

  it("tolerates missing or malformed state", () => {
    expect(readTemplateForm({})).toEqual({ isDefault: false });
    expect(readPrivateMetadata(ZTemplateModalMetadata, "not json")).toEqual({});
    expect(readPrivateMetadata(ZTemplateModalMetadata, '{"templateId": 3, "version": "2"}')).toEqual({});
  });
});

describe("the task-by-task editor", () => {
  it("overview: each phase with Add task, each task with Edit and Remove, Add phase; valid at 200 tasks", () => {
    const template = TEMPLATES[0]!;
    const view = templateOverviewModal(template);
    expectValidModal(view);
    const tasks = template.definition.phases.flatMap((p) => p.tasks);
    expect(JSON.stringify(view.blocks).match(/template\.task_menu/g)).toHaveLength(tasks.length);
    expect(
      allButtons(view.blocks as KnownBlock[]).filter((b) => b.action_id === TemplateAction.AddTask),
    ).toHaveLength(template.definition.phases.length);
    const big = templateOverviewModal(makeTemplate({ definition: bigDefinition(200) }));
    expectValidModal(big);
    expect(big.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(big.blocks)).toMatch(/more rows/);
  });

  it("task form: new (with Key) or a change (without), read back as one edit", () => {
    const template = TEMPLATES[0]!;
    const task = template.definition.phases[0]!.tasks[0]!;
    const add = templateTaskModal(template, { phase: 1 });
    const change = templateTaskModal(template, { task });
    expectValidModal(add);
    expectValidModal(change);
    expect(JSON.stringify(add.blocks)).toContain("template_task_key");
    expect(JSON.stringify(change.blocks)).not.toContain("template_task_key");
    const state = currentState(change.blocks) as unknown as Parameters<typeof readTemplateTaskForm>[0];
    expect(templateTaskEdit(readTemplateTaskForm(state), { key: task.key })).toEqual({
      kind: "edit_task",
      key: task.key,
      task: {
        title: task.title,
        ownerRole: task.ownerRole,
        dueOffsetDays: task.dueOffsetDays,
        dependsOn: [...task.dependsOn],
      },
    });
  });
});
