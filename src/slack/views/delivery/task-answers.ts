import type { Task } from "../../../domain/delivery.ts";
import { userMention } from "../text.ts";
import { MAX, taskRef, taskTitle } from "./delivery-text.ts";

/** Private answers to task controls (send with privateNotice). */
/** "T-41 is already claimed by <@U2>." */
export function alreadyClaimedText(task: Pick<Task, "number">, byUserId: string): string {
  return `${taskRef(task)} is already claimed by ${userMention(byUserId)}.`;
}

/** "Claimed T-41 Provision access — it is yours now; `/tasks` lists your tasks." */
export function claimedText(task: Pick<Task, "number" | "title">): string {
  return `:white_check_mark: Claimed ${taskRef(task)} ${taskTitle(task, MAX.shortTitle)} — it is yours now; \`/tasks\` lists your tasks.`;
}

/** "Marked T-41 Provision access done." */
export function markedDoneText(task: Pick<Task, "number" | "title">): string {
  return `:white_check_mark: Marked ${taskRef(task)} ${taskTitle(task, MAX.shortTitle)} done.`;
}

/** "T-41 is already done." */
export function alreadyDoneText(task: Pick<Task, "number">): string {
  return `${taskRef(task)} is already done.`;
}
