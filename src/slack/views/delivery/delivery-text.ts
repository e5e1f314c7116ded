import {
  BLOCK_KIT_LIMITS as L,
  MESSAGE_BLOCKS_MAX_JSON_CHARS,
} from "@handoff/slack-emulator/block-kit-limits";
import { formatProjectRef, formatTaskRef } from "../../../domain/command-text.ts";
import { type CalendarDate, formatDate, isValidCalendarDate, todayIn } from "../../../domain/dates.ts";
import type { Project, ProjectHealth, Task, TaskDependencyRef, TaskState } from "../../../domain/delivery.ts";
import { progressBar, projectHealth, projectProgress, waitingOn } from "../../../domain/delivery-rules.ts";
import { fitMrkdwn, oneLine, plainText, userMention } from "../text.ts";

/**
 * Pieces the delivery messages share: references, titles, dates and states in words,
 * within per-item caps well under Slack's own.
 */
/** Per-item caps well under Slack's own, so lists of many items stay within a message. */
export const MAX = {
  projectName: 150,
  customer: 150,
  taskTitle: 200,
  /** A task title inside another line ("waiting on T-39 …", a list row). */
  shortTitle: 80,
  phase: 60,
  role: 60,
  fallback: 300,
} as const;

/** Slack answers `msg_blocks_too_long` past this; the views keep some room below it. */
export const JSON_BUDGET = MESSAGE_BLOCKS_MAX_JSON_CHARS - 300;

export function jsonLength(value: unknown): number {
  return JSON.stringify(value).length;
}

/** "Fri 5 Dec" (with the year when it isn't this year's); "—" for a malformed stored date. */
export function dateText(date: CalendarDate, today?: CalendarDate): string {
  if (!isValidCalendarDate(date)) return "—";
  return formatDate(date, today !== undefined && isValidCalendarDate(today) ? { today } : {});
}

/** The calendar day an instant fell on in the workspace's zone (UTC without one, or for an unknown one). */
export function dayOf(instant: Date, timeZone: string | undefined): CalendarDate | undefined {
  if (Number.isNaN(instant.getTime())) return undefined;
  try {
    return todayIn(timeZone ?? "UTC", instant);
  } catch {
    return todayIn("UTC", instant);
  }
}

export function projectRef(project: Pick<Project, "number">): string {
  return formatProjectRef(project.number);
}

export function projectName(project: Pick<Project, "name">, max: number = MAX.projectName): string {
  return fitMrkdwn(oneLine(project.name), max) || "—";
}

/** "P-3 · Acme onboarding" as plain text: the parent message's header. */
export function projectTitle(project: Pick<Project, "number" | "name">): string {
  return plainText(`${projectRef(project)} · ${oneLine(project.name)}`, L.headerText);
}

export function taskRef(task: Pick<Task, "number">): string {
  return formatTaskRef(task.number);
}

export function taskTitle(task: Pick<Task, "title">, max: number = MAX.taskTitle): string {
  return fitMrkdwn(oneLine(task.title), max) || "—";
}

export function isOverdue(task: Pick<Task, "done" | "dueDate">, today: CalendarDate): boolean {
  return !task.done && task.dueDate !== null && isValidCalendarDate(task.dueDate) && task.dueDate < today;
}

/** "due Fri 5 Dec", with " · *overdue*" when it has passed and the task is open; "" without a date. */
export function dueText(task: Pick<Task, "done" | "dueDate">, today: CalendarDate): string {
  if (task.dueDate === null) return "";
  const due = `due ${dateText(task.dueDate, today)}`;
  return isOverdue(task, today) ? `${due} · *overdue*` : due;
}

const HEALTH: Readonly<Record<ProjectHealth, string>> = {
  on_track: "🟢 On track",
  at_risk: "🟠 At risk",
  late: "🔴 Late",
};

/** "🟢 On track" for an active project; "✅ Completed" or "Cancelled" otherwise. */
export function statusText(project: Project, today: CalendarDate): string {
  switch (project.status) {
    case "completed":
      return "✅ Completed";
    case "cancelled":
      return "Cancelled";
    default:
      return HEALTH[projectHealth(project.tasks, today)] ?? "Active";
  }
}

/** "5/17 ▰▰▱▱▱▱▱▱▱▱". */
export function progressText(tasks: readonly Task[]): string {
  const { done, total } = projectProgress(tasks);
  return `${done}/${total} ${progressBar(done, total)}`;
}

/** Open tasks first by due date (undated last), then in plan order. */
export function compareNextUp(a: Task, b: Task): number {
  const da = a.dueDate ?? "9999-12-31";
  const db = b.dueDate ?? "9999-12-31";
  if (da !== db) return da < db ? -1 : 1;
  return a.position - b.position || a.number - b.number;
}

export const DEPENDENCIES_SHOWN = 5;

/** "T-39 Integrations and data import, T-40 Validate data and 2 more". */
export function dependencyList(refs: readonly TaskDependencyRef[]): string {
  const shown = refs.slice(0, DEPENDENCIES_SHOWN).map((r) => `${taskRef(r)} ${taskTitle(r, MAX.shortTitle)}`);
  const more = refs.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** What a task's state says in one line, without its reference and title. */
export function stateLine(task: Task, state: TaskState, today: CalendarDate, timeZone?: string): string {
  const due = dueText(task, today);
  const parts: string[] = [];
  switch (state) {
    case "done": {
      const by = task.completedById === null ? "" : ` by ${userMention(task.completedById)}`;
      const day = task.completedAt === null ? undefined : dayOf(task.completedAt, timeZone);
      const on = day === undefined ? "" : ` on ${dateText(day, today)}`;
      return `✅ Done${by}${on}`;
    }
    case "waiting": {
      const open = waitingOn(task);
      parts.push(open.length > 0 ? `Waiting on ${dependencyList(open)}` : "Waiting");
      if (task.assigneeId !== null) parts.push(userMention(task.assigneeId));
      break;
    }
    case "claimed":
      parts.push(task.assigneeId === null ? "Claimed" : userMention(task.assigneeId));
      break;
    default:
      parts.push("Ready · unclaimed");
  }
  if (due) parts.push(due);
  return parts.join(" · ");
}
