import type { App, BlockAction, ButtonAction, OverflowAction } from "@slack/bolt";
import { AdminAction, AdminView, Command, TemplateAction, TemplateView } from "../../ids.ts";
import type { CommandArgs, Handler, ListenerDeps } from "../deps.ts";
import { editStagesClicked } from "./actions/edit-stages-clicked.ts";
import { templateAddClicked } from "./actions/template-add-clicked.ts";
import { templateEditClicked } from "./actions/template-edit-clicked.ts";
import { templateExportClicked } from "./actions/template-export-clicked.ts";
import { templateImportClicked } from "./actions/template-import-clicked.ts";
import { templateNewClicked } from "./actions/template-new-clicked.ts";
import { templateOpenClicked } from "./actions/template-open-clicked.ts";
import { templateTaskMenu } from "./actions/template-task-menu.ts";
import { auditCommand } from "./commands/audit.ts";
import { type DelegatedVerb, handoffCommand } from "./commands/handoff.ts";
import { templatesCommand } from "./commands/templates.ts";
import { settingsSubmitted } from "./views/settings-submitted.ts";
import { stagesSubmitted } from "./views/stages-submitted.ts";
import { templateImportSubmitted } from "./views/template-import-submitted.ts";
import { templateSubmitted } from "./views/template-submitted.ts";
import { templateTaskSubmitted } from "./views/template-task-submitted.ts";

/** `/handoff` (help, settings, stages, templates, audit; it hands import, leads, webhooks and api to connect/), its buttons and its modals. */
export function registerAdminListeners(
  app: App,
  deps: ListenerDeps,
  connect: Record<Exclude<DelegatedVerb, "templates" | "audit">, Handler<CommandArgs>>,
): void {
  app.command(
    Command.Handoff,
    handoffCommand({
      ...deps,
      delegated: { templates: templatesCommand(deps), audit: auditCommand(deps), ...connect },
    }),
  );

  app.action<BlockAction<ButtonAction>>(AdminAction.EditStages, editStagesClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.Edit, templateEditClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.New, templateNewClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.Open, templateOpenClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.AddTask, templateAddClicked(deps, "task"));
  app.action<BlockAction<ButtonAction>>(TemplateAction.AddPhase, templateAddClicked(deps, "phase"));
  app.action<BlockAction<OverflowAction>>(TemplateAction.TaskMenu, templateTaskMenu(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.ExportJson, templateExportClicked(deps));
  app.action<BlockAction<ButtonAction>>(TemplateAction.ImportJson, templateImportClicked(deps));

  app.view(AdminView.Settings, settingsSubmitted(deps));
  app.view(AdminView.Stages, stagesSubmitted(deps));
  app.view(TemplateView.Edit, templateSubmitted(deps));
  app.view(TemplateView.Task, templateTaskSubmitted(deps));
  app.view(TemplateView.Import, templateImportSubmitted(deps));
}
