import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { EventType, HomeAction } from "../../ids.ts";
import type { ListenerDeps } from "../deps.ts";
import { homeClosePanelClicked } from "./actions/close-panel-clicked.ts";
import { homeNewDealClicked } from "./actions/new-deal-clicked.ts";
import { homeOpenDealClicked } from "./actions/open-deal-clicked.ts";
import { homeOpenTasksClicked } from "./actions/open-tasks-clicked.ts";
import { homePipelineClicked } from "./actions/pipeline-clicked.ts";
import { homeTaskDoneClicked } from "./actions/task-done-clicked.ts";
import { appHomeOpened } from "./events/app-home-opened.ts";
import { directMessageReceived } from "./events/message-received.ts";

/** The App Home tab, its buttons, and the app's Messages tab. */
export function registerHomeListeners(app: App, deps: ListenerDeps): void {
  app.event(EventType.AppHomeOpened, appHomeOpened(deps));
  app.event(EventType.Message, directMessageReceived());

  app.action<BlockAction<ButtonAction>>(HomeAction.NewDeal, homeNewDealClicked(deps));
  app.action<BlockAction<ButtonAction>>(HomeAction.Pipeline, homePipelineClicked(deps));
  app.action<BlockAction<ButtonAction>>(HomeAction.OpenTasks, homeOpenTasksClicked(deps));
  app.action<BlockAction<ButtonAction>>(HomeAction.OpenDeal, homeOpenDealClicked(deps));
  app.action<BlockAction<ButtonAction>>(HomeAction.TaskDone, homeTaskDoneClicked(deps));
  app.action<BlockAction<ButtonAction>>(HomeAction.ClosePanel, homeClosePanelClicked(deps));
}
