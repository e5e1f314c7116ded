import { handoffContext } from "../../../context.ts";
import { answerOnHome } from "../../../home-publisher.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/**
 * Open tasks on the App Home: the ready tasks nobody has claimed, each with Claim, drawn on the
 * Home under the quick actions, where the person clicked. It stays there, redrawn as tasks are
 * claimed, until Close.
 */
export function homeOpenTasksClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const target = { teamId: actor.teamId, userId: actor.userId, timeZone: actor.settings.timeZone };
    await answerOnHome(client, deps.services, target, { panel: "open_tasks" });
  };
}
