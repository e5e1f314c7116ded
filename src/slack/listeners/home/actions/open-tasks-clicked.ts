import { todayIn } from "../../../../domain/dates.ts";
import { handoffContext } from "../../../context.ts";
import { publishHome } from "../../../home-publisher.ts";
import { taskListFor } from "../../delivery/task-lists.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/**
 * Open tasks on the App Home: the ready tasks nobody has claimed, each with Claim, drawn on the
 * Home under the quick actions, where the person clicked.
 */
export function homeOpenTasksClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const timeZone = actor.settings.timeZone;
    const list = await taskListFor(deps, actor, "open", todayIn(timeZone, deps.clock.now()));
    const target = { teamId: actor.teamId, userId: actor.userId, timeZone };
    await publishHome(client, deps.services, target, { blocks: list.blocks ?? [] });
  };
}
