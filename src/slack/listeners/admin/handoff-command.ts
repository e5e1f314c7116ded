import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { escapeMrkdwn } from "../../../domain/command-text.ts";
import { Command } from "../../ids.ts";
import { handoffHelpView } from "../../views/help.ts";
import { privateNotice } from "../../views/messages.ts";
import { type AdminListenerDeps, settingsCommand } from "./settings.ts";
import { stagesCommand } from "./stages.ts";

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
    const subcommand = args.command.text.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
    switch (subcommand) {
      case "":
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
        await args.ack({
          response_type: "ephemeral",
          ...privateNotice(
            `\`${Command.Handoff} ${escapeMrkdwn(subcommand.slice(0, 40).replaceAll("`", "'"))}\` isn't a Handoff command. Try \`/handoff help\`, \`/handoff settings\`, \`/handoff stages\` or \`/handoff templates\`.`,
          ),
        });
    }
  };
}
