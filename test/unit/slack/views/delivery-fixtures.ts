import type { ActionsBlock, Button, KnownBlock, UsersSelect } from "@slack/types";
import type { Project, Task, TaskDependencyRef, Template } from "../../../../src/domain/delivery.ts";
import { DEFAULT_ONBOARDING_TEMPLATE } from "../../../../src/domain/onboarding-template.ts";
import { blocksOfType, daysAgo, mrkdwnTexts, TODAY } from "./deal-fixtures.ts";

export { TODAY };

export const PROJECT_ID = "p7000000-0000-4000-8000-000000000003";

export function taskId(n: number): string {
  return `t4000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

export function dependency(task: Pick<Task, "id" | "number" | "title" | "done">): TaskDependencyRef {
  return { id: task.id, number: task.number, title: task.title, done: task.done };
}

export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: taskId(41),
    number: 41,
    projectId: PROJECT_ID,
    phase: "Setup",
    position: 7,
    title: "Provision access",
    ownerRole: "consultant",
    dueDate: "2026-12-04",
    assigneeId: null,
    done: false,
    completedAt: null,
    completedById: null,
    dependsOn: [],
    messageTs: null,
    ...overrides,
  };
}

export function makeProject(overrides: Partial<Project> = {}): Project {
  return {
    id: PROJECT_ID,
    number: 3,
    name: "Acme onboarding",
    dealId: "d3a10000-0000-4000-8000-000000000012",
    dealNumber: 12,
    accountName: "Acme",
    salesOwnerId: "U0ANA",
    deliveryLeadId: "U0LEA",
    kickoffDate: "2026-12-09",
    status: "active",
    goals: "Go live before the January sales kickoff.",
    commitments: "SSO included; data import of two years of history.",
    keyContacts: "Jane Doe, CTO, jane@acme.example\nRaj Iyer, +44 20 7946 0000",
    thread: { channelId: "C0DELIVERY", ts: "1764669600.000100" },
    completedAt: null,
    createdAt: daysAgo(1),
    tasks: [],
    ...overrides,
  };
}

/**
 * `count` tasks in five phases, numbered from `firstNumber`: the first `done` of them done,
 * each after the first waiting on the one before it, due a day apart from `firstDue`.
 */
export function makeTasks(
  count: number,
  options: { done?: number; firstNumber?: number; firstDue?: string; title?: (i: number) => string } = {},
): Task[] {
  const { done = 0, firstNumber = 1 } = options;
  const phases = ["Handoff", "Kickoff", "Setup", "Go-live", "Adopt"];
  const firstDue = Date.parse(`${options.firstDue ?? "2026-11-20"}T00:00:00Z`);
  const tasks: Task[] = [];
  for (let i = 0; i < count; i++) {
    const number = firstNumber + i;
    const previous = tasks[i - 1];
    const isDone = i < done;
    tasks.push(
      makeTask({
        id: taskId(number),
        number,
        phase: phases[Math.floor((i * phases.length) / count)]!,
        position: i + 1,
        title: options.title ? options.title(i) : `Task number ${number}`,
        dueDate: new Date(firstDue + i * 86_400_000).toISOString().slice(0, 10),
        assigneeId: isDone ? "U0BEN" : null,
        done: isDone,
        completedAt: isDone ? daysAgo(2) : null,
        completedById: isDone ? "U0BEN" : null,
        dependsOn: previous ? [dependency(previous)] : [],
      }),
    );
  }
  return tasks;
}

export function makeTemplate(overrides: Partial<Template> = {}): Template {
  return {
    id: "7e000000-0000-4000-8000-000000000001",
    key: DEFAULT_ONBOARDING_TEMPLATE.key,
    name: DEFAULT_ONBOARDING_TEMPLATE.name,
    description: DEFAULT_ONBOARDING_TEMPLATE.description,
    definition: DEFAULT_ONBOARDING_TEMPLATE.definition,
    version: 1,
    isDefault: true,
    ...overrides,
  };
}

export const TEMPLATES: readonly Template[] = [
  makeTemplate(),
  makeTemplate({
    id: "7e000000-0000-4000-8000-000000000002",
    key: "pilot",
    name: "Two-week pilot",
    isDefault: false,
  }),
];

export function actionElements(blocks: KnownBlock[] | undefined): ActionsBlock["elements"] {
  return blocksOfType(blocks, "actions").flatMap((a) => a.elements);
}

/** Every button, in actions blocks and as section accessories. */
export function allButtons(blocks: KnownBlock[] | undefined): Button[] {
  const inActions = actionElements(blocks).filter((e): e is Button => e.type === "button");
  const accessories = blocksOfType(blocks, "section")
    .map((s) => s.accessory)
    .filter((e): e is Button => e?.type === "button");
  return [...inActions, ...accessories];
}

export function userSelects(blocks: KnownBlock[] | undefined): UsersSelect[] {
  return actionElements(blocks).filter((e): e is UsersSelect => e.type === "users_select");
}

// Reading a rendered message back, for the delivery view tests.

export function header(blocks: KnownBlock[] | undefined): string {
  return blocksOfType(blocks, "header")[0]?.text.text ?? "";
}

export function fieldTexts(blocks: KnownBlock[] | undefined): string[] {
  return blocksOfType(blocks, "section").flatMap((s) => (s.fields ?? []).map((f) => f.text));
}

export function sectionTexts(blocks: KnownBlock[] | undefined): string[] {
  return blocksOfType(blocks, "section").flatMap((s) => (s.text ? [s.text.text] : []));
}

export function contextTexts(blocks: KnownBlock[] | undefined): string[] {
  return mrkdwnTexts(blocksOfType(blocks, "context"));
}

/** 17 tasks, 5 done, all due ahead of today with the next one claimed: on track. */
export function onTrackTasks() {
  const tasks = makeTasks(17, { done: 5, firstDue: "2026-11-25" });
  tasks[5] = { ...tasks[5]!, assigneeId: "U0BEN", dueDate: "2026-12-10" };
  return tasks.map((t, i) => (i > 5 ? { ...t, dueDate: "2026-12-20" } : t));
}

/** [label, action_id, value] of every button. */
export function buttonSummary(blocks: KnownBlock[] | undefined): [string, string, string | undefined][] {
  return allButtons(blocks).map((b) => [b.text.text, b.action_id ?? "", b.value]);
}

export function firstSection(blocks: KnownBlock[] | undefined): string {
  return blocksOfType(blocks, "section")[0]?.text?.text ?? "";
}
