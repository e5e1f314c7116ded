import type { ListenerDeps } from "../../deps.ts";
import { taskButton } from "./task-button.ts";

/** Claim: the task is the clicker's; on `/tasks open` the list is redrawn. */
export const taskClaimClicked = (deps: ListenerDeps) =>
  taskButton(deps, (actor, taskId) => deps.services.delivery.claim(actor, taskId), "open");
