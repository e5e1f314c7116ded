import { handoffContext } from "../../../context.ts";
import { tellPrivately } from "../../../reply.ts";
import { pipelineMessage } from "../../../views/pipeline.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/**
 * Pipeline on the App Home: everyone's pipeline, as `/pipeline` shows it, in a DM. The Home has
 * no response_url, so what its buttons show arrives as a DM, where every control works as anywhere.
 */
export function homePipelineClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const summary = await deps.services.pipeline.summarise(actor.teamId, {
      timeZone: actor.settings.timeZone,
    });
    await tellPrivately(
      client,
      { userId: actor.userId },
      pipelineMessage(summary, { shareable: false, now: deps.clock.now() }),
    );
  };
}
