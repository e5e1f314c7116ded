import { escapeMrkdwn } from "../../../../domain/command-text.ts";
import { parseSubcommand } from "../../../../domain/subcommand.ts";
import { Command } from "../../../ids.ts";
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
  audit: "audit",
} as const;

export interface HandoffCommandDeps extends AdminListenerDeps {
  /** `/handoff templates` (commands/templates.ts), wired in admin/index.ts. */
  readonly templates: Handler<CommandArgs>;
  /** `/handoff audit` (commands/audit.ts), wired in admin/index.ts. */
  readonly audit: Handler<CommandArgs>;
}

/** `/handoff [help|settings|stages|templates|audit]`: one word picks the sub-command; every answer is private. */
export function handoffCommand(deps: HandoffCommandDeps): Handler<CommandArgs> {
  const handlers = {
    settings: settingsCommand(deps),
    stages: stagesCommand(deps),
    templates: deps.templates,
    audit: deps.audit,
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
        `\`${Command.Handoff} ${typed}\` isn't a Handoff command. Try \`/handoff help\`, \`/handoff settings\`, \`/handoff stages\` or \`/handoff templates\`.`,
      ),
    });
  };
}
