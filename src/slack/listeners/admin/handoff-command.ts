import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { Command } from "../../ids.ts";
import { handoffHelpView, notYetAvailableView } from "../../views/help.ts";

/** `/handoff [help]` explains the app; settings, stages and templates come with administration. */
export async function handleHandoffCommand({
  command,
  ack,
}: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const subcommand = command.text.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (subcommand === "" || subcommand === "help") {
    await ack({ response_type: "ephemeral", ...handoffHelpView() });
    return;
  }
  await ack({ response_type: "ephemeral", ...notYetAvailableView(`${Command.Handoff} ${subcommand}`) });
}

/** Commands declared in the manifest whose features have not landed yet: say so, privately. */
export async function handleUnavailableCommand({
  command,
  ack,
}: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  await ack({ response_type: "ephemeral", ...notYetAvailableView(command.command) });
}
