import { handoffContext } from "../../../context.ts";
import { stagesModal } from "../../../views/admin.ts";
import type { AdminListenerDeps, ButtonArgs, Handler } from "../../deps.ts";

/** Edit stages: the modal, for admins (the button may be clicked after someone lost the role). */
export function editStagesClicked(deps: AdminListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const { stages, fingerprint } = await deps.services.admin.stagesToEdit(actor);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: stagesModal(stages, { fingerprint, channelId: body.channel?.id }),
    });
  };
}
