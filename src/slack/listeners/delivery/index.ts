import type { App, BlockAction, ButtonAction, UsersSelectAction } from "@slack/bolt";
import { Command, DeliveryView, ProjectAction, TaskAction } from "../../ids.ts";
import type { ListenerDeps } from "../deps.ts";
import { projectOpenClicked } from "./actions/project-open-clicked.ts";
import { taskClaimClicked } from "./actions/task-claim-clicked.ts";
import { taskDoneClicked } from "./actions/task-done-clicked.ts";
import { taskReassigned } from "./actions/task-reassigned.ts";
import { taskUnclaimClicked } from "./actions/task-unclaim-clicked.ts";
import { projectCommand } from "./commands/project.ts";
import { tasksCommand } from "./commands/tasks.ts";
import { handoffSubmitted } from "./views/handoff-submitted.ts";
import { newProjectSubmitted } from "./views/new-project-submitted.ts";

/** `/project`, `/tasks`, the task and project controls, and the handoff and New project modals. */
export function registerDeliveryListeners(app: App, deps: ListenerDeps): void {
  app.command(Command.Project, projectCommand(deps));
  app.command(Command.Tasks, tasksCommand(deps));

  app.action<BlockAction<ButtonAction>>(TaskAction.Claim, taskClaimClicked(deps));
  app.action<BlockAction<ButtonAction>>(TaskAction.Done, taskDoneClicked(deps));
  app.action<BlockAction<ButtonAction>>(TaskAction.Unclaim, taskUnclaimClicked(deps));
  app.action<BlockAction<UsersSelectAction>>(TaskAction.Reassign, taskReassigned(deps));
  app.action<BlockAction<ButtonAction>>(ProjectAction.Open, projectOpenClicked(deps));

  app.view(DeliveryView.Handoff, handoffSubmitted(deps));
  app.view(DeliveryView.NewProject, newProjectSubmitted(deps));
}
