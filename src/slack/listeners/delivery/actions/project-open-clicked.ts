import { todayIn } from "../../../../domain/dates.ts";
import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { respondPrivately } from "../../../reply.ts";
import { projectCardMessage } from "../../../views/delivery/project-message.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/** Open on a project list: the project's card, privately. */
export function projectOpenClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, respond, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const projectId = readPayload(ZRecordId, action.value, STALE_BUTTON);
    const project = await deps.services.delivery.project(actor.teamId, projectId);
    await respondPrivately(
      respond,
      projectCardMessage(project, { today: todayIn(actor.settings.timeZone, deps.clock.now()) }),
    );
  };
}
