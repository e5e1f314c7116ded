import { z } from "zod";
import {
  addBusinessDays,
  addDays,
  type CalendarDate,
  daysBetween,
  type Holidays,
  nextWorkingDay,
} from "./dates.ts";
import type { Actor } from "./deal.ts";
import type {
  PlannedTask,
  Project,
  ProjectHealth,
  Task,
  TaskDependencyRef,
  TaskState,
  TemplateDefinition,
} from "./delivery.ts";

/**
 * Delivery rules: validating templates, planning a project's tasks from one,
 * and who may claim, complete, unclaim or reassign a task. Pure; every check returns an
 * outcome rather than throwing.
 */

// ---------------------------------------------------------------------------------------------
// Templates.

export const TEMPLATE_LIMITS = {
  phases: 20,
  tasksPerPhase: 50,
  tasks: 200,
  phaseName: 80,
  title: 150,
  ownerRole: 40,
  dependencies: 10,
  minOffsetDays: -365,
  maxOffsetDays: 730,
} as const;

const TASK_KEY = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** Where in the template a problem is, as the JSON is navigated: ["phases", 1, "tasks", 0, "key"]. */
export type TemplatePath = readonly (string | number)[];

/** What a template task list or field expects, when it got something else. */
export type TemplateExpected = "text" | "object" | "phases" | "tasks" | "days" | "task_key" | "task_keys";

/**
 * Why a template definition is refused, with the data to say so; worded in src/slack/. `path`
 * is empty for the whole text (JSON syntax, not an object, unknown top-level fields).
 */
export type TemplateProblem = { readonly path: TemplatePath } & (
  | { readonly kind: "no_text" }
  | { readonly kind: "json_ends_early"; readonly line: number }
  | {
      readonly kind: "json_trailing_comma";
      readonly line: number;
      readonly column: number;
      readonly closing: string;
    }
  /** `message` is the JSON parser's own, in English. */
  | {
      readonly kind: "json_syntax";
      readonly message: string;
      readonly line?: number;
      readonly column?: number;
    }
  | { readonly kind: "not_an_object" }
  | { readonly kind: "unknown_fields"; readonly keys: readonly string[] }
  | { readonly kind: "missing" }
  | { readonly kind: "wrong_type"; readonly expected: TemplateExpected }
  | { readonly kind: "empty_text" }
  | { readonly kind: "text_too_long"; readonly max: number }
  | { readonly kind: "bad_task_key"; readonly key: unknown }
  | { readonly kind: "offset_out_of_range"; readonly min: number; readonly max: number }
  | { readonly kind: "too_few"; readonly what: "phases" | "tasks" }
  | { readonly kind: "too_many"; readonly what: "phases" | "tasks" | "dependencies"; readonly max: number }
  | {
      readonly kind: "dependency_twice" | "dependency_self" | "dependency_not_earlier" | "dependency_unknown";
      readonly key: string;
    }
  | { readonly kind: "duplicate_key"; readonly key: string; readonly firstAt: TemplatePath }
  | { readonly kind: "too_many_tasks"; readonly total: number; readonly max: number }
  | { readonly kind: "more_problems"; readonly count: number }
  /** An edit named a task the template no longer has. */
  | { readonly kind: "no_such_task"; readonly key: string }
);

function text(max: number) {
  return z.string().trim().min(1).max(max);
}

// Strict objects: a misspelt field ("dependson") is reported instead of silently dropped.
const ZTemplateTask = z.strictObject({
  key: z.string().regex(TASK_KEY),
  title: text(TEMPLATE_LIMITS.title),
  ownerRole: text(TEMPLATE_LIMITS.ownerRole),
  dueOffsetDays: z.int().min(TEMPLATE_LIMITS.minOffsetDays).max(TEMPLATE_LIMITS.maxOffsetDays),
  dependsOn: z
    .array(z.string())
    .max(TEMPLATE_LIMITS.dependencies)
    .default(() => []),
});

const ZTemplatePhase = z.strictObject({
  name: text(TEMPLATE_LIMITS.phaseName),
  tasks: z.array(ZTemplateTask).min(1).max(TEMPLATE_LIMITS.tasksPerPhase),
});

/** A problem the whole-template rules found, carried in zod's custom report's params. */
function ruleReport(path: TemplatePath, problem: TemplateProblem) {
  return { code: "custom" as const, path: [...path], message: problem.kind, params: { problem } };
}

/**
 * A template's definition. Beyond each field's shape: keys are unique across the template and
 * a task depends only on tasks above it, which rules out cycles without a graph search.
 */
export const ZTemplateDefinition = z
  .strictObject({
    phases: z.array(ZTemplatePhase).min(1).max(TEMPLATE_LIMITS.phases),
  })
  .superRefine((definition, ctx) => {
    const allKeys = new Set(definition.phases.flatMap((phase) => phase.tasks.map((task) => task.key)));
    // Keys of the tasks above the current one, each with where it is.
    const seen = new Map<string, TemplatePath>();
    let total = 0;
    definition.phases.forEach((phase, p) => {
      phase.tasks.forEach((task, t) => {
        total++;
        const path = ["phases", p, "tasks", t];
        const listed = new Set<string>();
        for (const key of task.dependsOn) {
          const kind = listed.has(key)
            ? "dependency_twice"
            : key === task.key
              ? "dependency_self"
              : seen.has(key)
                ? undefined
                : allKeys.has(key)
                  ? "dependency_not_earlier"
                  : "dependency_unknown";
          listed.add(key);
          const at = [...path, "dependsOn"];
          if (kind) ctx.addIssue(ruleReport(at, { path: at, kind, key }));
        }
        const first = seen.get(task.key);
        const keyAt = [...path, "key"];
        if (first !== undefined) {
          ctx.addIssue(
            ruleReport(keyAt, { path: keyAt, kind: "duplicate_key", key: task.key, firstAt: first }),
          );
        } else {
          seen.set(task.key, path);
        }
      });
    });
    if (total > TEMPLATE_LIMITS.tasks) {
      const problem = {
        path: ["phases"],
        kind: "too_many_tasks",
        total,
        max: TEMPLATE_LIMITS.tasks,
      } as const;
      ctx.addIssue(ruleReport(["phases"], problem));
    }
  });

/** What a list at this path holds, named by its field. */
function expectedAt(path: TemplatePath): TemplateExpected {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof last === "number") return parent === "dependsOn" ? "task_key" : "object";
  switch (last) {
    case "phases":
      return "phases";
    case "tasks":
      return "tasks";
    case "dependsOn":
      return "task_keys";
    case "dueOffsetDays":
      return "days";
    default:
      return "text";
  }
}

/** One of zod's reports as the template problem it stands for. */
function problemOf(reported: z.core.$ZodIssue): TemplateProblem {
  const path = reported.path.filter((s): s is string | number => typeof s !== "symbol");
  const last = path[path.length - 1];
  switch (reported.code) {
    case "custom":
      return (reported.params as { problem: TemplateProblem }).problem;
    case "unrecognized_keys":
      return { path, kind: "unknown_fields", keys: reported.keys };
    case "invalid_type":
      if (path.length === 0) return { path, kind: "not_an_object" };
      return reported.input === undefined
        ? { path, kind: "missing" }
        : { path, kind: "wrong_type", expected: expectedAt(path) };
    case "invalid_format":
      return { path, kind: "bad_task_key", key: reported.input };
    case "too_small":
      if (reported.origin === "string") return { path, kind: "empty_text" };
      if (reported.origin === "array")
        return { path, kind: "too_few", what: last === "tasks" ? "tasks" : "phases" };
      return {
        path,
        kind: "offset_out_of_range",
        min: TEMPLATE_LIMITS.minOffsetDays,
        max: TEMPLATE_LIMITS.maxOffsetDays,
      };
    case "too_big":
      if (reported.origin === "string") return { path, kind: "text_too_long", max: Number(reported.maximum) };
      if (reported.origin === "array") {
        const what = last === "tasks" ? "tasks" : last === "dependsOn" ? "dependencies" : "phases";
        return { path, kind: "too_many", what, max: Number(reported.maximum) };
      }
      return {
        path,
        kind: "offset_out_of_range",
        min: TEMPLATE_LIMITS.minOffsetDays,
        max: TEMPLATE_LIMITS.maxOffsetDays,
      };
    default:
      return { path, kind: "wrong_type", expected: expectedAt(path) };
  }
}

export type TemplateDefinitionResult =
  | { readonly ok: true; readonly definition: TemplateDefinition }
  | { readonly ok: false; readonly problems: readonly TemplateProblem[] };

/** Enough to fix a template in one go without flooding a modal. */
const MAX_PROBLEMS = 15;

/** Validates an already-parsed value (a stored definition, say): typed problems, each with its path. */
export function checkTemplateDefinition(value: unknown): TemplateDefinitionResult {
  const result = ZTemplateDefinition.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, definition: result.data };
  const unique = new Map<string, TemplateProblem>();
  for (const reported of result.error.issues) {
    const problem = problemOf(reported);
    unique.set(JSON.stringify(problem), problem);
  }
  const problems = [...unique.values()];
  if (problems.length <= MAX_PROBLEMS) return { ok: false, problems };
  const more = { path: [], kind: "more_problems", count: problems.length - MAX_PROBLEMS } as const;
  return { ok: false, problems: [...problems.slice(0, MAX_PROBLEMS), more] };
}

/** Reads a template as JSON text (an admin's edit, an imported file). Never throws. */
export function parseTemplateDefinition(raw: string): TemplateDefinitionResult {
  // Editors on Windows may start a saved file with a byte order mark, which JSON.parse refuses.
  const text = raw.replace(/^\uFEFF/, "");
  if (text.trim() === "") return { ok: false, problems: [{ path: [], kind: "no_text" }] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [jsonSyntaxProblem(text, error)] };
  }
  return checkTemplateDefinition(value);
}

/** V8 reports "… in JSON at position 42"; people need a line and column. */
function jsonSyntaxProblem(text: string, error: unknown): TemplateProblem {
  const raw = error instanceof Error ? error.message : String(error);
  if (/Unexpected end of JSON input/.test(raw)) {
    return { path: [], kind: "json_ends_early", line: lineAndColumn(text, text.length).line };
  }
  const at = /\bat position (\d+)/.exec(raw);
  // Newer engines append "(line 1 column 13)"; the position is enough.
  const message = raw.replace(/ in JSON at position \d+.*$/s, "");
  if (!at) return { path: [], kind: "json_syntax", message };
  const position = Number(at[1]);
  const { line, column } = lineAndColumn(text, position);
  const closing = /^[}\]]/.exec(text.slice(position))?.[0];
  if (closing && /,\s*$/.test(text.slice(0, position))) {
    return { path: [], kind: "json_trailing_comma", line, column, closing };
  }
  return { path: [], kind: "json_syntax", message, line, column };
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  return { line, column: position - before.lastIndexOf("\n") };
}

/**
 * Pretty JSON that parseTemplateDefinition reads back identically: fields in a fixed order,
 * one task per line so a template reads like a list.
 */
export function formatTemplateDefinition(definition: TemplateDefinition): string {
  const phases = definition.phases.map((phase) => {
    const tasks = phase.tasks.map((task) => {
      const fields = [
        `"key": ${JSON.stringify(task.key)}`,
        `"title": ${JSON.stringify(task.title)}`,
        `"ownerRole": ${JSON.stringify(task.ownerRole)}`,
        `"dueOffsetDays": ${JSON.stringify(task.dueOffsetDays)}`,
        `"dependsOn": [${task.dependsOn.map((key) => JSON.stringify(key)).join(", ")}]`,
      ];
      return `        { ${fields.join(", ")} }`;
    });
    return [
      "    {",
      `      "name": ${JSON.stringify(phase.name)},`,
      `      "tasks": [\n${tasks.join(",\n")}\n      ]`,
      "    }",
    ].join("\n");
  });
  return `{\n  "phases": [\n${phases.join(",\n")}\n  ]\n}\n`;
}

// ---------------------------------------------------------------------------------------------
// Planning.

/**
 * The project's tasks in template order, numbered from 1. Due dates are kickoff plus the
 * offset in calendar days; one landing on a Saturday, a Sunday or one of the workspace's
 * `holidays` moves to the next working day (nobody should be due on a day off), even for a task
 * before kickoff — at worst it is due on kickoff day.
 */
export function planTasks(
  definition: TemplateDefinition,
  kickoff: CalendarDate,
  holidays?: Holidays,
): PlannedTask[] {
  const planned: PlannedTask[] = [];
  for (const phase of definition.phases) {
    for (const task of phase.tasks) {
      planned.push({
        key: task.key,
        phase: phase.name,
        position: planned.length + 1,
        title: task.title,
        ownerRole: task.ownerRole,
        dueDate: nextWorkingDay(addDays(kickoff, task.dueOffsetDays), holidays),
        dependsOn: [...task.dependsOn],
      });
    }
  }
  return planned;
}

/** The handoff form's default kickoff: a week of working days to prepare. */
export function defaultKickoffDate(today: CalendarDate, holidays?: Holidays): CalendarDate {
  return addBusinessDays(today, 5, holidays);
}

// ---------------------------------------------------------------------------------------------
// Task state and permissions.

type TaskFacts = Pick<Task, "done" | "assigneeId" | "dependsOn">;
type ProjectFacts = Pick<Project, "deliveryLeadId">;

/** Done wins; open dependencies come before ownership, since nobody can finish it yet. */
export function taskState(task: TaskFacts): TaskState {
  if (task.done) return "done";
  if (task.dependsOn.some((dependency) => !dependency.done)) return "waiting";
  if (task.assigneeId !== null) return "claimed";
  return "ready";
}

/** The dependencies still open. */
export function waitingOn(task: Pick<Task, "dependsOn">): TaskDependencyRef[] {
  return task.dependsOn.filter((dependency) => !dependency.done);
}

export type ClaimCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "done" | "already_yours" }
  | { readonly ok: false; readonly reason: "already_claimed"; readonly by: string }
  | { readonly ok: false; readonly reason: "waiting"; readonly on: readonly TaskDependencyRef[] };

/**
 * Anyone may claim a ready task, first come first served. A waiting task can't
 * be claimed: its owner is decided when it can start, or a lead assigns it ahead with Reassign.
 * Who holds it comes before what it waits on: that's what the loser of a race needs to hear.
 */
export function checkClaim(task: TaskFacts, actorId: string): ClaimCheck {
  if (task.done) return { ok: false, reason: "done" };
  if (task.assigneeId === actorId) return { ok: false, reason: "already_yours" };
  if (task.assigneeId !== null) return { ok: false, reason: "already_claimed", by: task.assigneeId };
  const open = waitingOn(task);
  if (open.length > 0) return { ok: false, reason: "waiting", on: open };
  return { ok: true };
}

/** The assignee, the project's delivery lead, managers and admins. */
export function canManageTask(actor: Actor, task: Pick<Task, "assigneeId">, project: ProjectFacts): boolean {
  return (
    actor.role === "admin" ||
    actor.role === "manager" ||
    (task.assigneeId !== null && actor.userId === task.assigneeId) ||
    (project.deliveryLeadId !== null && actor.userId === project.deliveryLeadId)
  );
}

export type CompleteCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "already_done" | "forbidden" }
  | { readonly ok: false; readonly reason: "waiting"; readonly on: readonly TaskDependencyRef[] };

/**
 * A done task says so whoever clicks (a double click is not an error worth a refusal). A lead
 * or manager may complete an unclaimed task; the caller records who completed it.
 */
export function checkComplete(actor: Actor, task: TaskFacts, project: ProjectFacts): CompleteCheck {
  if (task.done) return { ok: false, reason: "already_done" };
  if (!canManageTask(actor, task, project)) return { ok: false, reason: "forbidden" };
  const open = waitingOn(task);
  if (open.length > 0) return { ok: false, reason: "waiting", on: open };
  return { ok: true };
}

export type UnclaimCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "done" | "not_claimed" | "forbidden" };

export function checkUnclaim(actor: Actor, task: TaskFacts, project: ProjectFacts): UnclaimCheck {
  if (task.done) return { ok: false, reason: "done" };
  if (task.assigneeId === null) return { ok: false, reason: "not_claimed" };
  if (!canManageTask(actor, task, project)) return { ok: false, reason: "forbidden" };
  return { ok: true };
}

export type ReassignCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "done" | "forbidden" | "same_person" };

/**
 * Reassigning an unclaimed task assigns it: that is how a lead hands out work, waiting tasks
 * included (planning ahead), while members claim ready ones themselves.
 */
export function checkReassign(
  actor: Actor,
  task: TaskFacts,
  project: ProjectFacts,
  toUserId: string,
): ReassignCheck {
  if (task.done) return { ok: false, reason: "done" };
  if (!canManageTask(actor, task, project)) return { ok: false, reason: "forbidden" };
  if (task.assigneeId === toUserId) return { ok: false, reason: "same_person" };
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Progress, health and reminders.

type HealthFacts = Pick<Task, "done" | "assigneeId" | "dependsOn" | "dueDate">;

/** Days ahead in which an unowned or blocked task puts a project at risk. */
const AT_RISK_DAYS = 2;

export function projectProgress(tasks: readonly Pick<Task, "done">[]): { done: number; total: number } {
  return { done: tasks.filter((task) => task.done).length, total: tasks.length };
}

/**
 * Late when an open task is past due. At risk when a task due within two days (today
 * included) has nobody on it or still waits on others — it can't be started in time.
 */
export function projectHealth(tasks: readonly HealthFacts[], today: CalendarDate): ProjectHealth {
  if (overdue(tasks, today).length > 0) return "late";
  const atRisk = tasks.some((task) => {
    if (task.done || task.dueDate === null) return false;
    const days = daysBetween(today, task.dueDate);
    return days <= AT_RISK_DAYS && taskState(task) !== "claimed";
  });
  return atRisk ? "at_risk" : "on_track";
}

/** All done, and there was something to do. */
export function isProjectComplete(tasks: readonly Pick<Task, "done">[]): boolean {
  return tasks.length > 0 && tasks.every((task) => task.done);
}

/**
 * "▰▰▰▱▱▱▱▱▱▱". Any progress shows at least one block and unfinished work at least one
 * empty one, so 1/17 doesn't look like nothing nor 16/17 like done.
 */
export function progressBar(done: number, total: number, width = 10): string {
  const cells = Math.max(0, Math.floor(width));
  const safeTotal = Number.isFinite(total) ? Math.max(0, total) : 0;
  const safeDone = Number.isFinite(done) ? Math.min(Math.max(0, done), safeTotal) : 0;
  let filled = safeTotal === 0 ? 0 : Math.round((safeDone / safeTotal) * cells);
  if (safeDone > 0 && filled === 0) filled = Math.min(1, cells);
  if (safeDone < safeTotal && filled === cells) filled = Math.max(0, cells - 1);
  return "▰".repeat(filled) + "▱".repeat(cells - filled);
}

function byDueDate<T extends Pick<Task, "dueDate">>(a: T, b: T): number {
  return daysBetween(b.dueDate!, a.dueDate!);
}

/** Open and due before today, the oldest first. */
export function overdue<T extends Pick<Task, "done" | "dueDate">>(
  tasks: readonly T[],
  today: CalendarDate,
): T[] {
  return tasks
    .filter((task) => !task.done && task.dueDate !== null && daysBetween(today, task.dueDate) < 0)
    .sort(byDueDate);
}
