import { parseUserMention } from "../../../../domain/command-text.ts";
import { parseSubcommand } from "../../../../domain/subcommand.ts";
import { handoffContext } from "../../../context.ts";
import { SlackRefusal } from "../../../error-messages.ts";
import { pipelineMessage } from "../../../views/pipeline.ts";
import type { CommandArgs, Handler, ListenerDeps } from "../../deps.ts";

const SCOPES = { mine: "mine", my: "mine", all: "all" } as const;

/** `/pipeline [mine|all|@user]`: the summary, privately, with a button to share it. */
export function pipelineCommand({
  services,
  clock,
}: Pick<ListenerDeps, "services" | "clock">): Handler<CommandArgs> {
  return async ({ command, ack, context }) => {
    const { actor } = handoffContext(context);
    const { verb, tokens } = parseSubcommand(command.text, SCOPES);
    let ownerId: string | undefined;
    if (verb === "mine") ownerId = actor.userId;
    else if (verb === undefined && tokens[0] !== undefined) {
      ownerId = parseUserMention(tokens[0]);
      if (!ownerId) {
        throw new SlackRefusal(
          "`/pipeline` takes `mine` or a person (`/pipeline @ana`); with nothing it shows everyone's.",
        );
      }
    }
    const summary = await services.pipeline.summarise(actor.teamId, {
      ...(ownerId ? { ownerId } : {}),
      timeZone: actor.settings.timeZone,
    });
    await ack({
      response_type: "ephemeral",
      ...pipelineMessage(summary, { shareable: true, now: clock.now() }),
    });
  };
}
