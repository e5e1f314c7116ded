import type { App, BlockAction, ButtonAction, StaticSelectAction } from "@slack/bolt";
import { Command, DealAction, DealView, LeadAction } from "../../ids.ts";
import type { ListenerDeps } from "../deps.ts";
import { dealAddNoteClicked } from "./actions/add-note-clicked.ts";
import { dealEditClicked } from "./actions/edit-clicked.ts";
import { leadTakeClicked } from "./actions/lead-take-clicked.ts";
import { dealLostClicked } from "./actions/lost-clicked.ts";
import { pipelineShared } from "./actions/pipeline-shared.ts";
import { dealShowClicked } from "./actions/show-clicked.ts";
import { dealStageSelected } from "./actions/stage-selected.ts";
import { dealWonClicked } from "./actions/won-clicked.ts";
import { dealCommand } from "./commands/deal.ts";
import { pipelineCommand } from "./commands/pipeline.ts";
import { editDealSubmitted } from "./views/edit-deal-submitted.ts";
import { lostDealSubmitted } from "./views/lost-deal-submitted.ts";
import { newDealSubmitted } from "./views/new-deal-submitted.ts";
import { noteSubmitted } from "./views/note-submitted.ts";

/** `/deal`, `/pipeline`, the deal card's controls, the deal modals and Take it on a New lead. */
export function registerDealListeners(app: App, deps: ListenerDeps): void {
  app.command(Command.Deal, dealCommand(deps));
  app.command(Command.Pipeline, pipelineCommand(deps));

  app.action<BlockAction<StaticSelectAction>>(DealAction.StageSelect, dealStageSelected(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.Won, dealWonClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.Lost, dealLostClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.AddNote, dealAddNoteClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.Edit, dealEditClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.ShowDeal, dealShowClicked(deps));
  app.action<BlockAction<ButtonAction>>(DealAction.SharePipeline, pipelineShared(deps));
  app.action<BlockAction<ButtonAction>>(LeadAction.Take, leadTakeClicked(deps));

  app.view(DealView.New, newDealSubmitted(deps));
  app.view(DealView.Edit, editDealSubmitted(deps));
  app.view(DealView.Lost, lostDealSubmitted(deps));
  app.view(DealView.Note, noteSubmitted(deps));
}
