import type { App, BlockAction, ButtonAction, OverflowAction } from "@slack/bolt";
import {
  AdminAction,
  AdminView,
  Command,
  LeadAction,
  TemplateAction,
  TemplateView,
  WebhookAction,
  WebhookView,
} from "../../ids.ts";
import type { ListenerDeps } from "../deps.ts";
import { editStagesClicked } from "./actions/edit-stages-clicked.ts";
import { leadSourceRevokeClicked } from "./actions/lead-source-revoke-clicked.ts";
import { templateAddClicked } from "./actions/template-add-clicked.ts";
import { templateEditClicked } from "./actions/template-edit-clicked.ts";
import { templateNewClicked } from "./actions/template-new-clicked.ts";
import { templateOpenClicked } from "./actions/template-open-clicked.ts";
import { templateTaskMenu } from "./actions/template-task-menu.ts";
import { webhookAddClicked } from "./actions/webhook-add-clicked.ts";
import { webhookDeleteClicked } from "./actions/webhook-delete-clicked.ts";
import { webhookTestClicked } from "./actions/webhook-test-clicked.ts";
import { webhookToggleClicked } from "./actions/webhook-toggle-clicked.ts";
import { handoffCommand } from "./commands/handoff.ts";
import { templatesCommand } from "./commands/templates.ts";
import { webhooksCommand } from "./commands/webhooks.ts";
import { settingsSubmitted } from "./views/settings-submitted.ts";
import { stagesSubmitted } from "./views/stages-submitted.ts";
import { templateSubmitted } from "./views/template-submitted.ts";
import { templateTaskSubmitted } from "./views/template-task-submitted.ts";
import { webhookAddSubmitted } from "./views/webhook-add-submitted.ts";

/** `/handoff` (help, settings, stages, templates, leads, webhooks), its buttons and its modals. */
export function registerAdminListeners(app: App, deps: ListenerDeps): void {
  app.command(
    Command.Handoff,
    handoffCommand({ ...deps, templates: templatesCommand(deps), webhooks: webhooksCommand(deps) }),
  );

  app.action<BlockAction<ButtonAction>>(AdminAction.EditStages, editStagesClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.Edit, templateEditClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.New, templateNewClicked(deps));
  app.action<BlockAction<ButtonAction>>(LeadAction.RevokeSource, leadSourceRevokeClicked(deps));
  app.action<BlockAction<ButtonAction>>(WebhookAction.Add, webhookAddClicked(deps));
  app.action<BlockAction<ButtonAction>>(WebhookAction.Test, webhookTestClicked(deps));
  app.action<BlockAction<ButtonAction>>(WebhookAction.Disable, webhookToggleClicked(deps, false));
  app.action<BlockAction<ButtonAction>>(WebhookAction.Enable, webhookToggleClicked(deps, true));
  app.action<BlockAction<ButtonAction>>(WebhookAction.Delete, webhookDeleteClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.Open, templateOpenClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.AddTask, templateAddClicked(deps, "task"));
  app.action<BlockAction<ButtonAction>>(TemplateAction.AddPhase, templateAddClicked(deps, "phase"));
  app.action<BlockAction<OverflowAction>>(TemplateAction.TaskMenu, templateTaskMenu(deps));

  app.view(AdminView.Settings, settingsSubmitted(deps));
  app.view(AdminView.Stages, stagesSubmitted(deps));
  app.view(TemplateView.Edit, templateSubmitted(deps));
  app.view(WebhookView.Add, webhookAddSubmitted(deps));
  app.view(TemplateView.Task, templateTaskSubmitted(deps));
}
