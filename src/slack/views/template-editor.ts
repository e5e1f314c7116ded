import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { ActionsBlock, KnownBlock, ModalView, NumberInput, Overflow, SectionBlock } from "@slack/types";
import { truncateText } from "../../domain/command-text.ts";
import type { Template, TemplateTask } from "../../domain/delivery.ts";
import { TEMPLATE_LIMITS, type TemplateProblem } from "../../domain/delivery-rules.ts";
import type { TemplateEdit } from "../../domain/template-edits.ts";
import { templateProblemText } from "../field-problems.ts";
import { InputActionId, TemplateAction, TemplateTaskField, TemplateView } from "../ids.ts";
import { writePrivateMetadata, ZTemplateTaskMetadata } from "../payloads.ts";
import { button, context, section } from "./blocks.ts";
import { input, inputState, modal, textInput, type ViewStateValues } from "./modal-kit.ts";
import { fitMrkdwn, oneLine } from "./text.ts";

/**
 * The template editor that fits Slack: an overview of the phases and their tasks, with Add task
 * per phase, Edit and Remove per task and Add phase, each a small form; the whole definition
 * goes out and comes back as a JSON file (views/template-files.ts), or as JSON in the list's form.
 */

/** A Slack modal holds 100 blocks; the overview keeps room for its header lines and buttons. */
const OVERVIEW_BLOCKS_MAX = 96;

function spot(template: Template, extra: { p?: number; k?: string; op?: "edit" | "remove" } = {}): string {
  return JSON.stringify({ t: template.id, v: template.version, ...extra });
}

function dayText(days: number): string {
  if (days === 0) return "on kickoff day";
  return days > 0 ? `day +${days}` : `${-days} days before kickoff`;
}

/** "*kickoff-call* Kickoff call — delivery lead · day +2 · after welcome-email". */
export function taskLine(task: TemplateTask): string {
  const parts = [fitMrkdwn(oneLine(task.ownerRole), 40) || "—", dayText(task.dueOffsetDays)];
  if (task.dependsOn.length > 0) parts.push(`after ${task.dependsOn.join(", ")}`);
  return `\`${task.key}\` ${fitMrkdwn(oneLine(task.title), 150)} — ${parts.join(" · ")}`;
}

function taskMenu(template: Template, task: TemplateTask): Overflow {
  const item = (text: string, op: "edit" | "remove") => ({
    text: { type: "plain_text" as const, text },
    value: spot(template, { k: task.key, op }),
  });
  return {
    type: "overflow",
    action_id: TemplateAction.TaskMenu,
    options: [item("Edit", "edit"), item("Remove", "remove")],
  };
}

/** The overview modal: what the template holds, task by task, and the buttons to change it. */
export function templateOverviewModal(template: Template, notice?: string): ModalView {
  const blocks: KnownBlock[] = [
    context(
      `Version ${template.version}${template.isDefault ? " · the default template" : ""} · changes apply to new projects`,
    ),
  ];
  // App-written mrkdwn (its backticks are meant), cut to a section.
  if (notice) blocks.push(section(truncateText(notice, L.sectionText)));
  let hidden = 0;
  for (const [p, phase] of template.definition.phases.entries()) {
    const phaseRow: SectionBlock = {
      ...section(`*${p + 1}. ${fitMrkdwn(oneLine(phase.name), 80)}*`),
      accessory: button("Add task", TemplateAction.AddTask, spot(template, { p })),
    };
    const rows: KnownBlock[] = [phaseRow];
    for (const task of phase.tasks)
      rows.push({
        ...section(taskLine(task)),
        block_id: `task:${task.key}`,
        accessory: taskMenu(template, task),
      });
    const room = OVERVIEW_BLOCKS_MAX - blocks.length;
    hidden += Math.max(0, rows.length - room);
    blocks.push(...rows.slice(0, Math.max(0, room)));
  }
  if (hidden > 0)
    blocks.push(context(`…and ${hidden} more rows — Export JSON has them all, for edits in bulk.`));
  blocks.push({
    type: "actions",
    elements: [
      button("Add phase", TemplateAction.AddPhase, spot(template)),
      // The whole template as a file: for edits too big for Slack's forms.
      button("Export JSON", TemplateAction.ExportJson, spot(template)),
      button("Import JSON", TemplateAction.ImportJson, spot(template)),
    ],
  } satisfies ActionsBlock);
  return {
    type: "modal",
    callback_id: TemplateView.Overview,
    title: { type: "plain_text", text: "Template" },
    close: { type: "plain_text", text: "Done" },
    private_metadata: writePrivateMetadata(ZTemplateTaskMetadata, {
      templateId: template.id,
      version: template.version,
    }),
    blocks,
  } satisfies ModalView;
}

function dueInput(initial: number | undefined): NumberInput {
  return {
    type: "number_input",
    action_id: InputActionId,
    is_decimal_allowed: false,
    min_value: String(TEMPLATE_LIMITS.minOffsetDays),
    max_value: String(TEMPLATE_LIMITS.maxOffsetDays),
    ...(initial !== undefined ? { initial_value: String(initial) } : {}),
  } satisfies NumberInput;
}

/**
 * The task form: a new task in phase `phase`, a change to `task`, or (`newPhase`) the first task
 * of a phase added at the end, with the phase's name.
 */
export function templateTaskModal(
  template: Template,
  target: { phase: number; newPhase?: boolean } | { task: TemplateTask },
): ModalView {
  const task = "task" in target ? target.task : undefined;
  const newPhase = "phase" in target && target.newPhase === true;
  const blocks: KnownBlock[] = [];
  if (newPhase)
    blocks.push(input(TemplateTaskField.Phase, "Phase name", textInput({ max: TEMPLATE_LIMITS.phaseName })));
  if (!task)
    blocks.push(
      input(TemplateTaskField.Key, "Key", textInput({ max: 48, placeholder: "e.g. kickoff-call" }), {
        hint: "Lower-case letters, digits and dashes; other tasks name it to wait on it.",
      }),
    );
  blocks.push(
    input(TemplateTaskField.Title, "Title", textInput({ initial: task?.title, max: TEMPLATE_LIMITS.title })),
    input(
      TemplateTaskField.Role,
      "Who usually does it",
      textInput({
        initial: task?.ownerRole,
        max: TEMPLATE_LIMITS.ownerRole,
        placeholder: "e.g. delivery lead",
      }),
    ),
    input(TemplateTaskField.Due, "Due, days after kickoff", dueInput(task?.dueOffsetDays ?? 0), {
      hint: "0 is kickoff day; a negative number is before kickoff.",
    }),
    input(
      TemplateTaskField.WaitsOn,
      "Waits on",
      textInput({
        initial: task?.dependsOn.join(", "),
        max: 500,
        placeholder: "keys of earlier tasks, e.g. kickoff-call",
      }),
      { optional: true, hint: "Keys of earlier tasks, separated by commas." },
    ),
  );
  const metadata = writePrivateMetadata(ZTemplateTaskMetadata, {
    templateId: template.id,
    version: template.version,
    ...("phase" in target ? { phase: newPhase ? -1 : target.phase } : { key: target.task.key }),
  });
  const title = task ? "Edit task" : newPhase ? "Add phase" : "Add task";
  return modal({ callbackId: TemplateView.Task, title, submit: task ? "Save" : "Add", metadata, blocks });
}

export interface TemplateTaskForm {
  readonly phaseName: string;
  readonly key: string;
  readonly task: Omit<TemplateTask, "key">;
}

/** The task form as typed (trimmed); the template rules check it. */
export function readTemplateTaskForm(values: ViewStateValues): TemplateTaskForm {
  const text = (blockId: string) => (inputState(values, blockId)?.value ?? "").trim();
  const due = Number(text(TemplateTaskField.Due));
  return {
    phaseName: text(TemplateTaskField.Phase),
    key: text(TemplateTaskField.Key),
    task: {
      title: text(TemplateTaskField.Title),
      ownerRole: text(TemplateTaskField.Role),
      dueOffsetDays: Number.isFinite(due) ? due : Number.NaN,
      dependsOn: text(TemplateTaskField.WaitsOn)
        .split(/[\s,]+/)
        .filter((key) => key !== ""),
    },
  };
}

/** The change the task form asks for: a task changed (`key`), a new phase (`phase` -1), or a task added. */
export function templateTaskEdit(
  form: TemplateTaskForm,
  target: { key?: string; phase?: number },
): TemplateEdit {
  if (target.key !== undefined) return { kind: "edit_task", key: target.key, task: form.task };
  const task = { key: form.key, ...form.task };
  if (target.phase === -1) return { kind: "add_phase", name: form.phaseName, task };
  return { kind: "add_task", phase: target.phase ?? 0, task };
}

const FIELD_OF_PATH: Record<string, string> = {
  name: TemplateTaskField.Phase,
  key: TemplateTaskField.Key,
  title: TemplateTaskField.Title,
  ownerRole: TemplateTaskField.Role,
  dueOffsetDays: TemplateTaskField.Due,
  dependsOn: TemplateTaskField.WaitsOn,
};

/**
 * The problems next to the task form's fields, one per line with its path; a problem about
 * another part of the template (a task that waited on a removed one) goes under the title.
 */
export function templateTaskFormErrors(
  problems: readonly TemplateProblem[],
  fields: readonly string[],
): Record<string, string> {
  const errors: Record<string, string[]> = {};
  for (const problem of problems) {
    const last = problem.path[problem.path.length - 1];
    const field = typeof last === "string" ? FIELD_OF_PATH[last] : undefined;
    const block = field && fields.includes(field) ? field : TemplateTaskField.Title;
    errors[block] = [...(errors[block] ?? []), templateProblemText(problem)];
  }
  return Object.fromEntries(
    Object.entries(errors).map(([block, lines]) => [block, lines.join("\n").slice(0, 2000)]),
  );
}
