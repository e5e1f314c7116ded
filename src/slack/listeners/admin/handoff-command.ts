import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { escapeMrkdwn } from "../../../domain/command-text.ts";
import { parseSubcommand } from "../../../domain/subcommand.ts";
import { Command } from "../../ids.ts";
import { handoffHelpView } from "../../views/help.ts";
import { privateNotice } from "../../views/messages.ts";
import { type AdminListenerDeps, settingsCommand } from "./settings.ts";
import { stagesCommand } from "./stages.ts";

const VERBS = { help: "help", settings: "settings", stages: "stages", templates: "templates" } as const;

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export interface HandoffCommandDeps extends AdminListenerDeps {
  /** `/handoff templates` (listeners/admin/templates.ts). */
  readonly templates: (args: CommandArgs) => Promise<void>;
}

/** `/handoff [help|settings|stages|templates]`: one word picks the sub-command; every answer is private. */
export function handoffCommand(deps: HandoffCommandDeps) {
  const settings = settingsCommand(deps);
  const stages = stagesCommand(deps);
  return async (args: CommandArgs): Promise<void> => {
    const { verb, word = "" } = parseSubcommand(args.command.text, VERBS);
    switch (verb) {
      case "help":
        await args.ack({ response_type: "ephemeral", ...handoffHelpView() });
        return;
      case "settings":
        return settings(args);
      case "stages":
        return stages(args);
      case "templates":
        return deps.templates(args);
      default:
        if (word === "") {
          await args.ack({ response_type: "ephemeral", ...handoffHelpView() });
          return;
        }
        await args.ack({
          response_type: "ephemeral",
          ...privateNotice(
            `\`${Command.Handoff} ${escapeMrkdwn(word.slice(0, 40).replaceAll("`", "'"))}\` isn't a Handoff command. Try \`/handoff help\`, \`/handoff settings\`, \`/handoff stages\` or \`/handoff templates\`.`,
          ),
        });
    }
  };
}
