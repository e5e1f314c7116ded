import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { respondPrivately } from "../../../reply.ts";
import { endpointRef, webhookListMessage } from "../../../views/webhooks.ts";
import type { ButtonArgs, Handler, WebhookListenerDeps } from "../../deps.ts";

/** Disable or Enable on the list (registered once for each): the list again, in place. */
export function webhookToggleClicked(deps: WebhookListenerDeps, enabled: boolean): Handler<ButtonArgs> {
  return async ({ ack, action, context, respond }) => {
    await ack();
    const { actor } = handoffContext(context);
    const endpointId = readPayload(ZRecordId, action.value, STALE_BUTTON);
    const endpoint = await deps.services.webhooks.setEnabled(actor, endpointId, enabled);
    const endpoints = await deps.services.webhooks.list(actor);
    const notice = enabled
      ? `✅ ${endpointRef(endpoint)} is enabled: its waiting events go out now, in order.`
      : `${endpointRef(endpoint)} is disabled: its events are kept until you enable it again.`;
    await respondPrivately(respond, webhookListMessage(endpoints, notice), true);
  };
}
