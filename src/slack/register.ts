import type { App, BlockAction, ButtonAction, StaticSelectAction } from "@slack/bolt";
import { Command, DealAction, DealView, EventType } from "./ids.ts";
import { handleHandoffCommand, handleUnavailableCommand } from "./listeners/admin/handoff-command.ts";
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
import { handleAppHomeOpened } from "./listeners/home/app-home-opened.ts";

/** The only place where Slack identifiers meet their handlers. */
export function registerListeners(app: App, deps: DealListenerDeps): void {
  app.command(Command.Deal, dealCommand(deps));
  app.command(Command.Pipeline, pipelineCommand(deps));
  app.command(Command.Handoff, handleHandoffCommand);
  for (const command of [Command.Project, Command.Tasks, Command.Digest]) {
    app.command(command, handleUnavailableCommand);
  }

  app.action<BlockAction<StaticSelectAction>>(DealAction.StageSelect, dealStageSelected(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.Won, dealWonClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.Lost, dealLostClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.AddNote, dealAddNoteClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.Edit, dealEditClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.ShowDeal, dealShowClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.SharePipeline, pipelineShared(deps));

  app.view(DealView.New, newDealSubmitted(deps));
  app.view(DealView.Edit, editDealSubmitted(deps));
  app.view(DealView.Lost, lostDealSubmitted(deps));
  app.view(DealView.Note, noteSubmitted(deps));

  app.event(EventType.AppHomeOpened, handleAppHomeOpened);
}
