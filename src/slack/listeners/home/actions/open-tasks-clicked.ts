import { todayIn } from "../../../../domain/dates.ts";
import { handoffContext } from "../../../context.ts";
import { tellPrivately } from "../../../reply.ts";
import { taskListMessage } from "../../../views/delivery/task-list.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/** Open tasks on the App Home: the ready tasks nobody has claimed, each with Claim, in a DM. */
export function homeOpenTasksClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const { tasks } = await deps.services.delivery.listTasks(actor.teamId, { kind: "open_unclaimed" });
    await tellPrivately(
      client,
      { userId: actor.userId },
      taskListMessage(tasks, {
        title: "Open tasks nobody has claimed",
        today: todayIn(actor.settings.timeZone, deps.clock.now()),
        emptyText: "Every ready task has someone. :raised_hands:",
        action: "claim",
      }),
    );
  };
}
