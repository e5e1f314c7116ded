import type { App, BlockAction, ButtonAction, StaticSelectAction } from "@slack/bolt";
import {
  AdminAction,
  AdminView,
  Command,
  ImportAction,
  ImportView,
  TemplateAction,
  TemplateView,
} from "../../ids.ts";
import type { ListenerDeps } from "../deps.ts";
import { editStagesClicked } from "./actions/edit-stages-clicked.ts";
import { importCancelClicked } from "./actions/import-cancel-clicked.ts";
import { importRunClicked } from "./actions/import-run-clicked.ts";
import { importStageChosen } from "./actions/import-stage-chosen.ts";
import { templateEditClicked } from "./actions/template-edit-clicked.ts";
import { templateNewClicked } from "./actions/template-new-clicked.ts";
import { handoffCommand } from "./commands/handoff.ts";
import { importCommand } from "./commands/import.ts";
import { templatesCommand } from "./commands/templates.ts";
import { importSubmitted } from "./views/import-submitted.ts";
import { settingsSubmitted } from "./views/settings-submitted.ts";
import { stagesSubmitted } from "./views/stages-submitted.ts";
import { templateSubmitted } from "./views/template-submitted.ts";

/** `/handoff` (help, settings, stages, templates), its buttons and its modals. */
export function registerAdminListeners(app: App, deps: ListenerDeps): void {
  app.command(
    Command.Handoff,
    handoffCommand({ ...deps, templates: templatesCommand(deps), import: importCommand(deps) }),
  );

  app.action<BlockAction<ButtonAction>>(AdminAction.EditStages, editStagesClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.Edit, templateEditClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.New, templateNewClicked(deps));

  app.action<BlockAction<ButtonAction>>(ImportAction.Run, importRunClicked(deps));
  app.action<BlockAction<ButtonAction>>(ImportAction.Cancel, importCancelClicked());
  app.action<BlockAction<StaticSelectAction>>(ImportAction.MapStage, importStageChosen(deps));

  app.view(AdminView.Settings, settingsSubmitted(deps));
  app.view(ImportView.Deals, importSubmitted(deps));
  app.view(AdminView.Stages, stagesSubmitted(deps));
  app.view(TemplateView.Edit, templateSubmitted(deps));
}
