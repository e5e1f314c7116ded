import { handoffContext } from "../../../context.ts";
import { publishHome } from "../../../home-publisher.ts";
import { pipelineMessage } from "../../../views/pipeline.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/**
 * Pipeline on the App Home: everyone's pipeline, as `/pipeline` shows it, drawn on the Home
 * under the quick actions, where the person clicked (a Home has no response_url).
 */
export function homePipelineClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const timeZone = actor.settings.timeZone;
    const summary = await deps.services.pipeline.summarise(actor.teamId, { timeZone });
    const { blocks } = pipelineMessage(summary, { shareable: false, now: deps.clock.now() });
    await publishHome(
      client,
      deps.services,
      { teamId: actor.teamId, userId: actor.userId, timeZone },
      { blocks },
    );
  };
}
