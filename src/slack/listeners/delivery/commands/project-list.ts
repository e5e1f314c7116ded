import { todayIn } from "../../../../domain/dates.ts";
import { handoffContext } from "../../../context.ts";
import { projectListMessage } from "../../../views/delivery/project-list.ts";
import type { CommandArgs, Handler, ListenerDeps } from "../../deps.ts";

/** `/project` or `/project list`: the active projects, privately. */
export function projectList(deps: ListenerDeps): Handler<CommandArgs> {
  return async ({ ack, context }) => {
    const { actor } = handoffContext(context);
    const projects = await deps.services.delivery.activeProjects(actor.teamId);
    await ack({
      response_type: "ephemeral",
      ...projectListMessage(projects, {
        today: todayIn(actor.settings.timeZone, deps.clock.now()),
        title: "Active projects",
        emptyText: "No active projects. Winning a deal opens one; `/project new` starts one without a deal.",
      }),
    });
  };
}
