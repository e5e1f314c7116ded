import { parseSubcommand } from "../../../../domain/subcommand.ts";
import { Command } from "../../../ids.ts";
import { escapeMrkdwn } from "../../../mrkdwn.ts";
import { handoffHelpView } from "../../../views/help.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { AdminListenerDeps, CommandArgs, Handler } from "../../deps.ts";
import { settingsCommand } from "./settings.ts";
import { stagesCommand } from "./stages.ts";

const VERBS = {
  help: "help",
  settings: "settings",
  stages: "stages",
  templates: "templates",
  leads: "leads",
  webhooks: "webhooks",
  import: "import",
  audit: "audit",
  api: "api",
} as const;

/** The sub-commands other handlers own, wired in admin/index.ts: templates and audit here, the rest in connect/. */
export type DelegatedVerb = "templates" | "audit" | "import" | "leads" | "webhooks" | "api";

export interface HandoffCommandDeps extends AdminListenerDeps {
  readonly delegated: Record<DelegatedVerb, Handler<CommandArgs>>;
}

/** `/handoff [help|settings|stages|templates|audit|import|leads|webhooks|api]`: one word picks the sub-command; every answer is private. */
export function handoffCommand(deps: HandoffCommandDeps): Handler<CommandArgs> {
  const handlers = {
    settings: settingsCommand(deps),
    stages: stagesCommand(deps),
    ...deps.delegated,
  };
  return async (args) => {
    const { verb, word } = parseSubcommand(args.command.text, VERBS);
    if (word === undefined || verb === "help")
      return args.ack({ response_type: "ephemeral", ...handoffHelpView() });
    if (verb) return handlers[verb](args);
    const typed = escapeMrkdwn(word.slice(0, 40).replaceAll("`", "'"));
    await args.ack({
      response_type: "ephemeral",
      ...privateNotice(
        `\`${Command.Handoff} ${typed}\` isn't a Handoff command. \`/handoff help\` lists them: settings, stages, templates, audit, import, leads, webhooks and api.`,
      ),
    });
  };
}
