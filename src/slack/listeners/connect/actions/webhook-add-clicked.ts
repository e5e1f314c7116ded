import { handoffContext } from "../../../context.ts";
import { addWebhookModal } from "../../../views/webhooks.ts";
import type { ButtonArgs, Handler, WebhookListenerDeps } from "../../deps.ts";

/** Add endpoint on the list: the form, for admins. */
export function webhookAddClicked(deps: WebhookListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    await deps.services.webhooks.assertCanManage(actor);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: addWebhookModal({ channelId: body.channel?.id }),
    });
  };
}
