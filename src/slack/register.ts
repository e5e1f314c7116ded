import type { App, BlockAction, ButtonAction, StaticSelectAction, UsersSelectAction } from "@slack/bolt";
import {
  AdminAction,
  AdminView,
  Command,
  DealAction,
  DealView,
  DeliveryView,
  DigestAction,
  EventType,
  HomeAction,
  ProjectAction,
  TaskAction,
  TemplateAction,
  TemplateView,
} from "./ids.ts";
import { handoffCommand } from "./listeners/admin/handoff-command.ts";
import { settingsSubmitted } from "./listeners/admin/settings.ts";
import { editStagesClicked, stagesSubmitted } from "./listeners/admin/stages.ts";
import {
  templateEditClicked,
  templateNewClicked,
  templateSubmitted,
  templatesCommand,
} from "./listeners/admin/templates.ts";
import {
  dealAddNoteClicked,
  dealEditClicked,
  dealLostClicked,
  dealShowClicked,
  dealStageSelected,
  dealWonClicked,
} from "./listeners/deals/deal-actions.ts";
import { type DealListenerDeps, dealCommand } from "./listeners/deals/deal-command.ts";
import {
  editDealSubmitted,
  lostDealSubmitted,
  newDealSubmitted,
  noteSubmitted,
} from "./listeners/deals/deal-submissions.ts";
import { pipelineCommand, pipelineShared } from "./listeners/deals/pipeline-command.ts";
import {
  newProjectSubmitted,
  projectCommand,
  projectOpenClicked,
  tasksCommand,
} from "./listeners/delivery/delivery-commands.ts";
import { handoffSubmitted } from "./listeners/delivery/handoff.ts";
import {
  taskClaimClicked,
  taskDoneClicked,
  taskReassigned,
  taskUnclaimClicked,
} from "./listeners/delivery/task-actions.ts";
import { digestCommand, digestShared } from "./listeners/digests/digest-command.ts";
import { appHomeOpened } from "./listeners/home/app-home-opened.ts";
import {
  homeNewDealClicked,
  homeOpenDealClicked,
  homeOpenTasksClicked,
  homePipelineClicked,
  homeTaskDoneClicked,
} from "./listeners/home/home-actions.ts";
import { directMessageReceived } from "./listeners/home/messages-tab.ts";

/** The only place where Slack identifiers meet their handlers. */
export function registerListeners(app: App, deps: DealListenerDeps): void {
  app.command(Command.Deal, dealCommand(deps));
  app.command(Command.Pipeline, pipelineCommand(deps));
  app.command(Command.Handoff, handoffCommand({ ...deps, templates: templatesCommand(deps) }));
  app.command(Command.Project, projectCommand(deps));
  app.command(Command.Tasks, tasksCommand(deps));
  app.command(Command.Digest, digestCommand(deps));

  app.action<BlockAction<StaticSelectAction>>(DealAction.StageSelect, dealStageSelected(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.Won, dealWonClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.Lost, dealLostClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.AddNote, dealAddNoteClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.Edit, dealEditClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.ShowDeal, dealShowClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.SharePipeline, pipelineShared(deps));

  app.action<BlockAction<ButtonAction>>(TaskAction.Claim, taskClaimClicked(deps));
  app.action<BlockAction<ButtonAction>>(TaskAction.Done, taskDoneClicked(deps));
  app.action<BlockAction<ButtonAction>>(TaskAction.Unclaim, taskUnclaimClicked(deps));
  app.action<BlockAction<UsersSelectAction>>(TaskAction.Reassign, taskReassigned(deps));
  app.action<BlockAction<ButtonAction>>(ProjectAction.Open, projectOpenClicked(deps));

  app.view(DealView.New, newDealSubmitted(deps));
  app.view(DeliveryView.Handoff, handoffSubmitted(deps));
  app.view(DeliveryView.NewProject, newProjectSubmitted(deps));
  app.view(DealView.Edit, editDealSubmitted(deps));
  app.view(DealView.Lost, lostDealSubmitted(deps));
  app.view(DealView.Note, noteSubmitted(deps));

  // ── digests (issue 5) ──
  app.action<BlockAction<ButtonAction>>(DigestAction.Share, digestShared(deps));

  // ── App Home and administration (issue 5) ──
  app.action<BlockAction<ButtonAction>>(TemplateAction.Edit, templateEditClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.New, templateNewClicked(deps));
  app.view(TemplateView.Edit, templateSubmitted(deps));
  app.event(EventType.AppHomeOpened, appHomeOpened(deps));
  app.event(EventType.Message, directMessageReceived());
  app.action<BlockAction<ButtonAction>>(HomeAction.NewDeal, homeNewDealClicked(deps));
  app.action<BlockAction<ButtonAction>>(HomeAction.Pipeline, homePipelineClicked(deps));
  app.action<BlockAction<ButtonAction>>(HomeAction.OpenTasks, homeOpenTasksClicked(deps));
  app.action<BlockAction<ButtonAction>>(HomeAction.OpenDeal, homeOpenDealClicked(deps));
  app.action<BlockAction<ButtonAction>>(HomeAction.TaskDone, homeTaskDoneClicked(deps));
  app.action<BlockAction<ButtonAction>>(AdminAction.EditStages, editStagesClicked(deps));
  app.view(AdminView.Settings, settingsSubmitted(deps));
  app.view(AdminView.Stages, stagesSubmitted(deps));
}
