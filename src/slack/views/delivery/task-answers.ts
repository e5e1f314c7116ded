import type { Project, Task, TaskDependencyRef } from "../../../domain/delivery.ts";
import { userMention } from "../text.ts";
import { dependencyList, MAX, taskRef, taskTitle } from "./delivery-text.ts";

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

/** "T-41 is still waiting on T-39 Integrations and data import — finish that first." */
export function waitingText(task: Pick<Task, "number">, on: readonly TaskDependencyRef[]): string {
  if (on.length === 0) return `${taskRef(task)} is still waiting on earlier tasks.`;
  const those = on.length === 1 ? "that" : "those";
  return `${taskRef(task)} is still waiting on ${dependencyList(on)} — finish ${those} first.`;
}

const VERBS = {
  complete: "complete",
  unclaim: "unclaim",
  reassign: "reassign",
  change: "complete, unclaim or reassign",
} as const;

/** "Only <@U1>, the delivery lead <@U2>, managers and admins can complete T-41." */
export function notAllowedText(
  task: Pick<Task, "number" | "assigneeId">,
  project: Pick<Project, "deliveryLeadId">,
  action: keyof typeof VERBS = "change",
): string {
  const who: string[] = [];
  if (task.assigneeId !== null) who.push(userMention(task.assigneeId));
  if (project.deliveryLeadId !== null) who.push(`the delivery lead ${userMention(project.deliveryLeadId)}`);
  who.push("managers and admins");
  return `Only ${who.join(", ")} can ${VERBS[action]} ${taskRef(task)}.`;
}
