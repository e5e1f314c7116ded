import { todayIn } from "../../../../domain/dates.ts";
import { handoffContext } from "../../../context.ts";
import { newProjectModal } from "../../../views/handoff-modal.ts";
import type { CommandArgs, Handler, ListenerDeps } from "../../deps.ts";

/** `/project new`: the New project form, for a project without a deal. */
export function projectNew(deps: ListenerDeps): Handler<CommandArgs> {
  return async ({ command, ack, client, context }) => {
    const { actor } = handoffContext(context);
    const today = todayIn(actor.settings.timeZone, deps.clock.now());
    await ack();
    const defaults = await deps.services.delivery.projectFormDefaults(actor.teamId, today);
    await client.views.open({
      trigger_id: command.trigger_id,
      view: newProjectModal({ ...defaults, channelId: command.channel_id }),
    });
  };
}
