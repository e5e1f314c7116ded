import { handoffContext } from "../../../context.ts";
import { templateModal } from "../../../views/templates.ts";
import type { ButtonArgs, Handler, TemplateListenerDeps } from "../../deps.ts";

/** New template on the list: an empty modal with a starter definition. */
export function templateNewClicked(deps: TemplateListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    await deps.services.templates.assertCanManage(actor);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: templateModal(undefined, { channelId: body.channel?.id }),
    });
  };
}
