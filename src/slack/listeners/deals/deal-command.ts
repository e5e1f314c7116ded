import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { Command } from "../../ids.ts";
import { dealHelpView, notYetAvailableView } from "../../views/help.ts";

/** `/deal …`: help today; the pipeline sub-commands arrive with the sales pipeline. */
export async function handleDealCommand({
  command,
  ack,
}: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const subcommand = command.text.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (subcommand === "" || subcommand === "help") {
    await ack({ response_type: "ephemeral", ...dealHelpView() });
    return;
  }
  await ack({ response_type: "ephemeral", ...notYetAvailableView(`${Command.Deal} ${subcommand}`) });
}
