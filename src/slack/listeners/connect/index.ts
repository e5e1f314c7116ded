import type { App, BlockAction, ButtonAction, StaticSelectAction } from "@slack/bolt";
import {
  ApiTokenAction,
  ApiTokenView,
  ImportAction,
  ImportView,
  LeadAction,
  WebhookAction,
  WebhookView,
} from "../../ids.ts";
import type { CommandArgs, Handler, ListenerDeps } from "../deps.ts";
import { apiTokenCreateClicked } from "./actions/api-token-create-clicked.ts";
import { apiTokenRevokeClicked } from "./actions/api-token-revoke-clicked.ts";
import { importCancelClicked } from "./actions/import-cancel-clicked.ts";
import { importRunClicked } from "./actions/import-run-clicked.ts";
import { importStageChosen } from "./actions/import-stage-chosen.ts";
import { leadSourceRevokeClicked } from "./actions/lead-source-revoke-clicked.ts";
import { webhookAddClicked } from "./actions/webhook-add-clicked.ts";
import { webhookDeleteClicked } from "./actions/webhook-delete-clicked.ts";
import { webhookTestClicked } from "./actions/webhook-test-clicked.ts";
import { webhookToggleClicked } from "./actions/webhook-toggle-clicked.ts";
import { apiTokensCommand } from "./commands/api-tokens.ts";
import { importCommand } from "./commands/import.ts";
import { leadsCommand } from "./commands/leads.ts";
import { webhooksCommand } from "./commands/webhooks.ts";
import { apiTokenSubmitted } from "./views/api-token-submitted.ts";
import { importSubmitted } from "./views/import-submitted.ts";
import { webhookAddSubmitted } from "./views/webhook-add-submitted.ts";

/** Connect's buttons and modals (import, leads, webhooks, api); returns the sub-commands `/handoff` dispatches. */
export function registerConnectListeners(
  app: App,
  deps: ListenerDeps,
): Record<"import" | "leads" | "webhooks" | "api", Handler<CommandArgs>> {
  app.action<BlockAction<ButtonAction>>(ImportAction.Run, importRunClicked(deps));
  app.action<BlockAction<ButtonAction>>(ImportAction.Cancel, importCancelClicked());
  app.action<BlockAction<StaticSelectAction>>(ImportAction.MapStage, importStageChosen(deps));
  app.view(ImportView.Deals, importSubmitted(deps));
  app.action<BlockAction<ButtonAction>>(LeadAction.RevokeSource, leadSourceRevokeClicked(deps));
  app.action<BlockAction<ButtonAction>>(WebhookAction.Add, webhookAddClicked(deps));
  app.action<BlockAction<ButtonAction>>(WebhookAction.Test, webhookTestClicked(deps));
  app.action<BlockAction<ButtonAction>>(WebhookAction.Disable, webhookToggleClicked(deps, false));
  app.action<BlockAction<ButtonAction>>(WebhookAction.Enable, webhookToggleClicked(deps, true));
  app.action<BlockAction<ButtonAction>>(WebhookAction.Delete, webhookDeleteClicked(deps));
  app.view(WebhookView.Add, webhookAddSubmitted(deps));

  app.action<BlockAction<ButtonAction>>(ApiTokenAction.Create, apiTokenCreateClicked(deps));
  app.action<BlockAction<ButtonAction>>(ApiTokenAction.Revoke, apiTokenRevokeClicked(deps));
  app.view(ApiTokenView.Create, apiTokenSubmitted(deps));

  const leads = leadsCommand(deps);
  return {
    import: importCommand(deps),
    leads,
    webhooks: webhooksCommand(deps),
    api: apiTokensCommand(deps, leads),
  };
}
