import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { respondPrivately } from "../../../reply.ts";
import { endpointRef, webhookListMessage } from "../../../views/webhooks.ts";
import type { ButtonArgs, Handler, WebhookListenerDeps } from "../../deps.ts";

/** Delete on the list, once confirmed in Slack's dialog: the list again, in place. */
export function webhookDeleteClicked(deps: WebhookListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, context, respond }) => {
    await ack();
    const { actor } = handoffContext(context);
    const endpointId = readPayload(ZRecordId, action.value, STALE_BUTTON);
    const removed = await deps.services.webhooks.remove(actor, endpointId);
    const endpoints = await deps.services.webhooks.list(actor);
    await respondPrivately(
      respond,
      webhookListMessage(endpoints, `Deleted ${endpointRef(removed)} ${removed.url}.`),
      true,
    );
  };
}
