import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { SectionBlock } from "@slack/types";
import { formatProjectRef, truncateText } from "../../../domain/command-text.ts";
import type { CalendarDate } from "../../../domain/dates.ts";
import type { Task, TaskDependencyRef } from "../../../domain/delivery.ts";
import { taskState, waitingOn } from "../../../domain/delivery-rules.ts";
import { TaskAction } from "../../ids.ts";
import { button, context, section } from "../blocks.ts";
import type { MessageView } from "../messages.ts";
import { countText, fitMrkdwn, oneLine, userMention } from "../text.ts";
import { DEPENDENCIES_SHOWN, dateText, isOverdue, MAX, taskRef, taskTitle } from "./delivery-text.ts";
import { appendRows, emptyList, listStart } from "./list-rows.ts";

/** `/tasks`, `/tasks open`, `/tasks overdue` and the morning DM's list. */
export type ListedTask = Task & { readonly projectNumber: number; readonly projectName: string };

export interface TaskListContext {
  /** "Your open tasks", "Open tasks nobody has claimed", "Overdue tasks". */
  readonly title: string;
  readonly today: CalendarDate;
  /** App-written mrkdwn shown when the list is empty. */
  readonly emptyText: string;
  /** The button on each row: Mark done (`/tasks`), Claim (`/tasks open`) or none. */
  readonly action: "done" | "claim" | "none";
  /** App-written mrkdwn above the rows: what the click that redrew the list did. */
  readonly notice?: string;
}

/** "*T-41* Provision access — P-3 Acme onboarding · due Fri 5 Dec (overdue)". */
export function taskListLine(task: ListedTask, ctx: Pick<TaskListContext, "today" | "action">): string {
  const project = `${formatProjectRef(task.projectNumber)} ${fitMrkdwn(oneLine(task.projectName), MAX.shortTitle) || "—"}`;
  const parts = [project];
  if (task.dueDate !== null) {
    const due = `due ${dateText(task.dueDate, ctx.today)}`;
    parts.push(isOverdue(task, ctx.today) ? `${due} (overdue)` : due);
  }
  if (ctx.action === "none") {
    parts.push(task.assigneeId === null ? "unclaimed" : userMention(task.assigneeId));
  }
  const waiting = waitingOn(task);
  if (waiting.length > 0) parts.push(`waiting on ${waitingRefs(waiting)}`);
  return `*${taskRef(task)}* ${taskTitle(task, MAX.shortTitle)} — ${parts.join(" · ")}`;
}

/** "T-39, T-40 and 2 more": the references alone, for a list row. */
function waitingRefs(refs: readonly TaskDependencyRef[]): string {
  const shown = refs.slice(0, DEPENDENCIES_SHOWN).map(taskRef);
  const more = refs.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** Whether a list may offer Mark done or Claim on the task: not while it waits on others. */
export function taskCanStart(task: Task): boolean {
  return taskState(task) !== "waiting";
}

function taskRow(task: ListedTask, ctx: TaskListContext): SectionBlock {
  const row = section(taskListLine(task, ctx));
  if (!taskCanStart(task)) return row;
  if (ctx.action === "done") row.accessory = button("Mark done", TaskAction.Done, task.id);
  if (ctx.action === "claim") row.accessory = button("Claim", TaskAction.Claim, task.id);
  return row;
}

/** `/tasks`, `/tasks open`, `/tasks overdue`: tasks in the order given, each with its button. */
export function taskListMessage(tasks: readonly ListedTask[], ctx: TaskListContext): MessageView {
  const blocks = listStart(ctx.title, "Tasks");
  if (ctx.notice) blocks.push(section(truncateText(ctx.notice, L.sectionText)));
  if (tasks.length === 0) return emptyList(blocks, ctx.emptyText, "No tasks here.");
  const shown = appendRows(blocks, tasks, (task) => taskRow(task, ctx));
  const hidden = tasks.length - shown;
  if (hidden > 0) blocks.push(context(`and ${hidden} more`));
  return {
    text: fitMrkdwn(`${oneLine(ctx.title)}: ${countText(tasks.length, "task", "tasks")}`, MAX.fallback),
    blocks,
  };
}
