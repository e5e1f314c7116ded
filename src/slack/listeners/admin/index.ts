import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import {
  AdminAction,
  AdminView,
  ApiTokenAction,
  ApiTokenView,
  Command,
  TemplateAction,
  TemplateView,
} from "../../ids.ts";
import type { ListenerDeps } from "../deps.ts";
import { apiTokenCreateClicked } from "./actions/api-token-create-clicked.ts";
import { apiTokenRevokeClicked } from "./actions/api-token-revoke-clicked.ts";
import { editStagesClicked } from "./actions/edit-stages-clicked.ts";
import { templateEditClicked } from "./actions/template-edit-clicked.ts";
import { templateNewClicked } from "./actions/template-new-clicked.ts";
import { apiTokensCommand } from "./commands/api-tokens.ts";
import { handoffCommand } from "./commands/handoff.ts";
import { templatesCommand } from "./commands/templates.ts";
import { apiTokenSubmitted } from "./views/api-token-submitted.ts";
import { settingsSubmitted } from "./views/settings-submitted.ts";
import { stagesSubmitted } from "./views/stages-submitted.ts";
import { templateSubmitted } from "./views/template-submitted.ts";

/** `/handoff` (help, settings, stages, templates, api), its buttons and its modals. */
export function registerAdminListeners(app: App, deps: ListenerDeps): void {
  app.command(
    Command.Handoff,
    handoffCommand({ ...deps, templates: templatesCommand(deps), api: apiTokensCommand(deps) }),
  );

  app.action<BlockAction<ButtonAction>>(AdminAction.EditStages, editStagesClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.Edit, templateEditClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.New, templateNewClicked(deps));

  app.view(AdminView.Settings, settingsSubmitted(deps));
  app.view(AdminView.Stages, stagesSubmitted(deps));
  app.view(TemplateView.Edit, templateSubmitted(deps));

  app.action<BlockAction<ButtonAction>>(ApiTokenAction.Create, apiTokenCreateClicked(deps));
  app.action<BlockAction<ButtonAction>>(ApiTokenAction.Revoke, apiTokenRevokeClicked(deps));
  app.view(ApiTokenView.Create, apiTokenSubmitted(deps));
}
