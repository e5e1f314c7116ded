import {
  BLOCK_KIT_LIMITS as L,
  MESSAGE_BLOCKS_MAX_JSON_CHARS,
} from "@handoff/slack-emulator/block-kit-limits";
import type {
  ActionsBlock,
  Checkboxes,
  KnownBlock,
  ModalView,
  PlainTextOption,
  SectionBlock,
} from "@slack/types";
import type { Template, TemplateDefinition } from "../../domain/delivery.ts";
import { formatTemplateDefinition } from "../../domain/delivery-rules.ts";
import { InputActionId, TemplateAction, TemplateField, TemplateView } from "../ids.ts";
import { writePrivateMetadata, ZTemplateModalMetadata } from "../payloads.ts";
import { button, context, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { input, inputState, modal, textInput, type ViewStateValues } from "./modal-kit.ts";
import { countText, fitMrkdwn, oneLine, plainText } from "./text.ts";

/**
 * `/handoff templates`: the list of a workspace's onboarding templates and the
 * New / Edit template modal, where an admin edits a template's phases and tasks as JSON.
 */

/** Longest value each input accepts; TemplateService holds names and keys to the same lengths. */
export const TEMPLATE_FIELD_MAX_LENGTH = {
  name: 80,
  key: 48,
  /** Slack's own ceiling for a text input. */
  definition: L.plainTextInputLength,
} as const;

/** Validation errors shown next to a field are cut to this. */
export const TEMPLATE_ERROR_MAX_LENGTH = 2000;

const M = TEMPLATE_FIELD_MAX_LENGTH;

/** Rows before the list stops (50 blocks a message, with room for the header and buttons). */
const MAX_LISTED = 40;
const FOOTER_RESERVE = 1_200;
const FALLBACK_MAX = 300;
const DEFAULT_OPTION_VALUE = "default";
const KEY_SHAPE = /^[a-z0-9][a-z0-9-]{0,47}$/;

const CHANGES_APPLY_TO_NEW_PROJECTS =
  "Projects already opened keep their tasks — they were copied when each project was created. Changes apply to projects opened from now on.";

/** What a new template's Definition box starts with: the shape to follow. */
const STARTER_DEFINITION: TemplateDefinition = {
  phases: [
    {
      name: "Kickoff",
      tasks: [
        {
          key: "kickoff-meeting",
          title: "Kickoff meeting",
          ownerRole: "delivery lead",
          dueOffsetDays: 0,
          dependsOn: [],
        },
        {
          key: "success-plan",
          title: "Success plan",
          ownerRole: "consultant",
          dueOffsetDays: 5,
          dependsOn: ["kickoff-meeting"],
        },
      ],
    },
  ],
};

function taskCount(definition: TemplateDefinition): number {
  return definition.phases.reduce((sum, phase) => sum + phase.tasks.length, 0);
}

/** Keys are plain by construction; a stored one that isn't is shown as text, not code. */
function keyText(key: string): string {
  return KEY_SHAPE.test(key) ? `\`${key}\`` : fitMrkdwn(oneLine(key), 60) || "—";
}

/** "`customer-onboarding` · 5 phases · 17 tasks · version 3". */
function templateFacts(template: Template): string {
  const phases = template.definition.phases.length;
  return [
    keyText(template.key),
    countText(phases, "phase", "phases"),
    countText(taskCount(template.definition), "task", "tasks"),
    `version ${template.version}`,
  ].join(" · ");
}

function templateTitle(template: Template): string {
  const name = `*${fitMrkdwn(oneLine(template.name), 200) || "—"}*`;
  return template.isDefault ? `${name}  ·  :star: default` : name;
}

// ---------------------------------------------------------------------------------------------
// The list.

export interface TemplateListOptions {
  /** Just saved from the modal: said first, above the list. */
  readonly saved?: { readonly template: Template; readonly created: boolean };
}

function savedText(saved: NonNullable<TemplateListOptions["saved"]>): string {
  const { template, created } = saved;
  const name = `*${fitMrkdwn(oneLine(template.name), 200) || "—"}*`;
  const what = created ? `Created ${name}` : `Saved ${name} — now version ${template.version}`;
  return `:white_check_mark: ${what}${template.isDefault ? ", the default template" : ""}.`;
}

/** Every template with Edit, and New template; private to the admin who asked. */
export function templateListMessage(
  templates: readonly Template[],
  options: TemplateListOptions = {},
): MessageView {
  const blocks: KnownBlock[] = [];
  if (options.saved) blocks.push(section(savedText(options.saved)));
  blocks.push(header("Onboarding templates"));
  let size = JSON.stringify(blocks).length;
  let shown = 0;
  for (const template of templates.slice(0, MAX_LISTED)) {
    const row: SectionBlock = {
      ...section(`${templateTitle(template)}\n${templateFacts(template)}`),
      accessory: button("Edit", TemplateAction.Edit, template.id),
    };
    const rowSize = JSON.stringify(row).length + 1;
    if (size + rowSize > MESSAGE_BLOCKS_MAX_JSON_CHARS - FOOTER_RESERVE) break;
    blocks.push(row);
    size += rowSize;
    shown++;
  }
  if (templates.length === 0) blocks.push(section("No templates yet."));
  const hidden = templates.length - shown;
  if (hidden > 0) blocks.push(context(`…and ${countText(hidden, "more template", "more templates")}.`));
  blocks.push(
    {
      type: "actions",
      elements: [button("New template", TemplateAction.New, "new", "primary")],
    } satisfies ActionsBlock,
    context(
      `New projects and the handoff form start with the default template. ${CHANGES_APPLY_TO_NEW_PROJECTS} Only you can see this.`,
    ),
  );
  const names = templates.map((t) => `${oneLine(t.name)}${t.isDefault ? " (default)" : ""}`);
  const list = `Onboarding templates: ${names.length > 0 ? names.join(", ") : "none yet"}`;
  const saved = options.saved
    ? `${options.saved.created ? "Created" : "Saved"} ${oneLine(options.saved.template.name)}. `
    : "";
  return { text: fitMrkdwn(`${saved}${list}`, FALLBACK_MAX), blocks };
}

// ---------------------------------------------------------------------------------------------
// The modal.

/** What the template modal carries in private_metadata (JSON). */
export interface TemplateModalMetadata {
  readonly templateId?: string;
  /** The version the form was opened on: a save over a newer one is a conflict. */
  readonly version?: number;
  /** Where the list was shown, to answer there. */
  readonly channelId?: string;
}

export interface TemplateModalContext {
  readonly channelId?: string | undefined;
}

const DEFAULT_OPTION: PlainTextOption = {
  text: { type: "plain_text", text: "Use as default" },
  value: DEFAULT_OPTION_VALUE,
  description: { type: "plain_text", text: "New projects and the handoff form start with it" },
};

function defaultCheckbox(isDefault: boolean): Checkboxes {
  return {
    type: "checkboxes",
    action_id: InputActionId,
    options: [DEFAULT_OPTION],
    ...(isDefault ? { initial_options: [DEFAULT_OPTION] } : {}),
  } satisfies Checkboxes;
}

/**
 * The definition as the admin edits it: the readable format when it fits Slack's text box,
 * else the same JSON without spaces; undefined when even that is too long to edit in Slack.
 */
export function editableDefinition(definition: TemplateDefinition): string | undefined {
  const pretty = formatTemplateDefinition(definition).trimEnd();
  if (pretty.length <= M.definition) return pretty;
  const compact = JSON.stringify(definition);
  return compact.length <= M.definition ? compact : undefined;
}

/** New template (no template) or Edit template, prefilled. */
export function templateModal(template: Template | undefined, ctx: TemplateModalContext = {}): ModalView {
  const metadata: TemplateModalMetadata = template
    ? { templateId: template.id, version: template.version, channelId: ctx.channelId }
    : { channelId: ctx.channelId };
  const definitionText = editableDefinition(template?.definition ?? STARTER_DEFINITION);
  const blocks: KnownBlock[] = [];
  if (template) {
    blocks.push(context(`${templateTitle(template)} · ${templateFacts(template)}`), {
      ...section(
        "Add, change or remove one task at a time, or export and import the whole template as a JSON file. Small bulk changes fit the JSON below.",
      ),
      accessory: button("Task by task", TemplateAction.Open, template.id),
    });
  }
  blocks.push(
    input(
      TemplateField.Name,
      "Name",
      textInput({
        initial: template ? plainText(template.name, M.name, "") : "",
        max: M.name,
        placeholder: "e.g. Pilot onboarding",
      }),
    ),
  );
  if (!template) {
    blocks.push(
      input(TemplateField.Key, "Key", textInput({ max: M.key, placeholder: "e.g. pilot-onboarding" }), {
        hint: "Lower-case letters, digits and dashes. It names the template for good: it can't be changed later.",
      }),
    );
  }
  if (definitionText !== undefined) {
    blocks.push(
      input(
        TemplateField.Definition,
        "Definition (JSON)",
        textInput({ initial: definitionText, max: M.definition, multiline: true }),
        {
          hint: 'Phases of tasks. Each task has a "key", a "title", an "ownerRole", "dueOffsetDays" (days from kickoff; negative is before it) and "dependsOn" (keys of earlier tasks; may be left out). The box holds 3000 characters: spaces count, so compact JSON fits more.',
        },
      ),
    );
  } else {
    blocks.push(
      section(
        `*Definition*: ${countText(template!.definition.phases.length, "phase", "phases")}, ${countText(taskCount(template!.definition), "task", "tasks")} — more than Slack's text box holds (${M.definition} characters), so it can't be edited here: use Task by task, with Export JSON and Import JSON for bulk changes. You can still rename the template or make it the default.`,
      ),
    );
  }
  blocks.push(
    input(TemplateField.Default, "Default", defaultCheckbox(template?.isDefault ?? false), {
      optional: true,
    }),
    context(CHANGES_APPLY_TO_NEW_PROJECTS),
  );
  return modal({
    callbackId: TemplateView.Edit,
    title: template ? "Edit template" : "New template",
    submit: template ? "Save" : "Create",
    metadata: writePrivateMetadata(ZTemplateModalMetadata, metadata),
    blocks,
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a submission.

/** `view.state.values` of the template modal. */
export type TemplateFormValues = ViewStateValues;

export interface TemplateFormInput {
  /** Trimmed; undefined when empty. */
  readonly name?: string;
  /** Trimmed; undefined when empty or not in the form (an edit). */
  readonly key?: string;
  /** As typed; undefined when the form had no Definition box (too long to edit in Slack). */
  readonly definitionText?: string;
  readonly isDefault: boolean;
}

/** Pure: validation is the service's (it reports per field). */
export function readTemplateForm(values: TemplateFormValues): TemplateFormInput {
  const state = (field: TemplateField) => inputState(values, field);
  const trimmed = (field: TemplateField) => state(field)?.value?.trim() || undefined;
  const definition = state(TemplateField.Definition);
  const name = trimmed(TemplateField.Name);
  const key = trimmed(TemplateField.Key);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(definition ? { definitionText: definition.value ?? "" } : {}),
    isDefault:
      state(TemplateField.Default)?.selected_options?.some((o) => o.value === DEFAULT_OPTION_VALUE) ?? false,
  };
}
