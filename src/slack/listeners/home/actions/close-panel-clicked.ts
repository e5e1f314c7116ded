import { handoffContext } from "../../../context.ts";
import { answerOnHome } from "../../../home-publisher.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/** Close under the Home's panel: the panel and the last click's notice go, for every redraw. */
export function homeClosePanelClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const target = { teamId: actor.teamId, userId: actor.userId, timeZone: actor.settings.timeZone };
    await answerOnHome(client, deps.services, target, { panel: "none" });
  };
}
