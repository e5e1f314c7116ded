import type { App } from "@slack/bolt";
import { Command, EventType } from "./ids.ts";
import { handleHandoffCommand, handleUnavailableCommand } from "./listeners/admin/handoff-command.ts";
import { handleDealCommand } from "./listeners/deals/deal-command.ts";
import { handleAppHomeOpened } from "./listeners/home/app-home-opened.ts";

/** The only place where Slack identifiers meet their handlers. */
export function registerListeners(app: App): void {
  app.command(Command.Deal, handleDealCommand);
  app.command(Command.Handoff, handleHandoffCommand);
  for (const command of [Command.Pipeline, Command.Project, Command.Tasks, Command.Digest]) {
    app.command(command, handleUnavailableCommand);
  }
  app.event(EventType.AppHomeOpened, handleAppHomeOpened);
}
