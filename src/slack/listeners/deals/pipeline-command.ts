import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
} from "@slack/bolt";
import { parseUserMention, tokenize } from "../../../domain/command-text.ts";
import type { Clock } from "../../../lib/clock.ts";
import { handoffContext } from "../../context.ts";
import { SlackRefusal } from "../../error-messages.ts";
import type { SlackServices } from "../../services.ts";
import { pipelineMessage, readPipelineShareValue, sharedPipelineMessage } from "../../views/pipeline.ts";

/** `/pipeline [mine|@user]`: the summary, privately, with a button to share it. */
export function pipelineCommand({ services, clock }: { services: SlackServices; clock: Clock }) {
  return async ({ command, ack, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const { actor } = handoffContext(context);
    const first = tokenize(command.text)[0];
    let ownerId: string | undefined;
    if (first) {
      if (first.toLowerCase() === "mine" || first.toLowerCase() === "my") ownerId = actor.userId;
      else if (first.toLowerCase() === "all") ownerId = undefined;
      else {
        ownerId = parseUserMention(first);
        if (!ownerId) {
          throw new SlackRefusal(
            "`/pipeline` takes `mine` or a person (`/pipeline @ana`); with nothing it shows everyone's.",
          );
        }
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

/** Share in channel: posts the same summary, freshly computed, for everyone in the channel. */
export function pipelineShared({ services, clock }: { services: SlackServices; clock: Clock }) {
  return async ({
    ack,
    action,
    respond,
    context,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    const { actor } = handoffContext(context);
    const scope = readPipelineShareValue(action.value ?? "");
    if (!scope) throw new SlackRefusal("That pipeline is out of date — run `/pipeline` again.");
    const summary = await services.pipeline.summarise(actor.teamId, {
      ...(scope.scope === "owner" ? { ownerId: scope.userId } : {}),
      timeZone: actor.settings.timeZone,
    });
    await respond({
      response_type: "in_channel",
      replace_original: false,
      ...sharedPipelineMessage(summary, { sharedBy: actor.userId, now: clock.now() }),
    });
  };
}
