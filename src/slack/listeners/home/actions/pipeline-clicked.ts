import { handoffContext } from "../../../context.ts";
import { answerOnHome } from "../../../home-publisher.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/**
 * Pipeline on the App Home: everyone's pipeline, as `/pipeline` shows it, drawn on the Home
 * under the quick actions, where the person clicked (a Home has no response_url). It stays
 * there, redrawn from current figures, until Close.
 */
export function homePipelineClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const target = { teamId: actor.teamId, userId: actor.userId, timeZone: actor.settings.timeZone };
    await answerOnHome(client, deps.services, target, { panel: "pipeline" });
  };
}
