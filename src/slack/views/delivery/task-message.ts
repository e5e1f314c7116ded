import type { ActionsBlock, KnownBlock, UsersSelect } from "@slack/types";
import { formatProjectRef } from "../../../domain/command-text.ts";
import type { CalendarDate } from "../../../domain/dates.ts";
import type { Project, Task, TaskState } from "../../../domain/delivery.ts";
import { taskState } from "../../../domain/delivery-rules.ts";
import { TaskAction, TaskBlock } from "../../ids.ts";
import { button, context, section } from "../blocks.ts";
import type { MessageView } from "../messages.ts";
import { fitMrkdwn, oneLine, userMention } from "../text.ts";
import { MAX, stateLine, taskRef, taskTitle } from "./delivery-text.ts";

/** The tasks in the project thread, one message each. */

export interface TaskMessageContext {
  readonly today: CalendarDate;
  readonly project: Pick<Project, "number" | "deliveryLeadId" | "status">;
  /** The workspace's IANA zone, to name the day a task was done (UTC without it). */
  readonly timeZone?: string;
}

/** `task.actions:<taskId>`: see TaskBlock in ids.ts. */
export function taskActionsBlockId(task: Pick<Task, "id">): string {
  return `${TaskBlock.Actions}:${task.id}`;
}

/** The task a control belongs to, from its actions block_id. */
export function readTaskActionsBlockId(blockId: string): string | undefined {
  const prefix = `${TaskBlock.Actions}:`;
  if (!blockId.startsWith(prefix)) return undefined;
  const id = blockId.slice(prefix.length);
  return id === "" ? undefined : id;
}

/** "Assign…" while nobody has the task (a lead handing out work ahead), "Reassign…" after. */
function reassignSelect(task: Pick<Task, "assigneeId">): UsersSelect {
  return {
    type: "users_select",
    action_id: TaskAction.Reassign,
    placeholder: { type: "plain_text", text: task.assigneeId === null ? "Assign…" : "Reassign…" },
  } satisfies UsersSelect;
}

/**
 * Ready: Claim. Claimed: Mark done, Unclaim, Reassign. Waiting: it can't be claimed or done
 * yet, but a lead can assign it ahead (checkReassign) and its assignee can hand it back.
 * Done, or a project no longer active: none.
 */
function taskControls(task: Task, state: TaskState, ctx: TaskMessageContext): ActionsBlock | undefined {
  if (ctx.project.status !== "active") return undefined;
  const elements: ActionsBlock["elements"] = [];
  switch (state) {
    case "ready":
      elements.push(button("Claim", TaskAction.Claim, task.id, "primary"));
      break;
    case "claimed":
      elements.push(button("Mark done", TaskAction.Done, task.id, "primary"));
      elements.push(button("Unclaim", TaskAction.Unclaim, task.id));
      elements.push(reassignSelect(task));
      break;
    case "waiting":
      if (task.assigneeId !== null) elements.push(button("Unclaim", TaskAction.Unclaim, task.id));
      elements.push(reassignSelect(task));
      break;
    default:
      break;
  }
  if (elements.length === 0) return undefined;
  return { type: "actions", block_id: taskActionsBlockId(task), elements } satisfies ActionsBlock;
}

function taskContext(task: Task, ctx: TaskMessageContext): string {
  const parts = [formatProjectRef(ctx.project.number)];
  const phase = fitMrkdwn(oneLine(task.phase), MAX.phase);
  if (phase) parts.push(phase);
  const role = task.ownerRole === null ? "" : fitMrkdwn(oneLine(task.ownerRole), MAX.role);
  if (role) parts.push(`role: ${role}`);
  if (ctx.project.status === "cancelled") parts.push("project cancelled");
  return parts.join(" · ");
}

function fallbackState(task: Task, state: TaskState): string {
  switch (state) {
    case "done":
      return "done";
    case "waiting":
      return "waiting on earlier tasks";
    case "claimed":
      return task.assigneeId === null ? "claimed" : `claimed by ${userMention(task.assigneeId)}`;
    default:
      return "ready to claim";
  }
}

/** One task in the project thread: reference, title, state, and the controls its state allows. */
export function taskMessage(task: Task, ctx: TaskMessageContext): MessageView {
  const state = taskState(task);
  const title = state === "done" ? `~${taskTitle(task)}~` : taskTitle(task);
  const line = stateLine(task, state, ctx.today, ctx.timeZone);
  const blocks: KnownBlock[] = [
    section(`*${taskRef(task)}* ${title}\n${line}`),
    context(taskContext(task, ctx)),
  ];
  const controls = taskControls(task, state, ctx);
  if (controls) blocks.push(controls);
  return {
    text: `${taskRef(task)} ${taskTitle(task, MAX.shortTitle)} — ${fallbackState(task, state)}`,
    blocks,
  };
}
