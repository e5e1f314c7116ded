import type { ListenerDeps } from "../../deps.ts";
import { taskButton } from "./task-button.ts";

/** Unclaim: the task is nobody's again. */
export const taskUnclaimClicked = (deps: ListenerDeps) =>
  taskButton(deps, (actor, taskId) => deps.services.delivery.unclaim(actor, taskId));
