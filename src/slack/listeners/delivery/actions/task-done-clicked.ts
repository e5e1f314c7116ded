import type { ListenerDeps } from "../../deps.ts";
import { taskButton } from "./task-button.ts";

/** Mark done: the task is done; on `/tasks` the list is redrawn. */
export const taskDoneClicked = (deps: ListenerDeps) =>
  taskButton(deps, (actor, taskId) => deps.services.delivery.complete(actor, taskId), "mine");
