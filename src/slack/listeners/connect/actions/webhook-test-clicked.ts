import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { respondPrivately } from "../../../reply.ts";
import { privateNotice } from "../../../views/messages.ts";
import { endpointRef, webhookTestText } from "../../../views/webhooks.ts";
import type { ButtonArgs, Handler, WebhookListenerDeps } from "../../deps.ts";

/** How long the answer waits for the test event's outcome (the send itself times out after 10 s). */
const TEST_WAIT_MS = 12_000;

/** Send test event: a test event through the same queue as real ones, then what came of it. */
export function webhookTestClicked(deps: WebhookListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, context, respond }) => {
    await ack();
    const { actor } = handoffContext(context);
    const endpointId = readPayload(ZRecordId, action.value, STALE_BUTTON);
    const deliveryId = await deps.services.webhooks.sendTest(actor, endpointId);
    const endpoint = await deps.services.webhooks.endpoint(actor.teamId, endpointId);
    await respondPrivately(respond, privateNotice(`Sending a test event to ${endpointRef(endpoint)}…`));
    const delivery = await deps.services.webhooks.awaitDelivery(deliveryId, TEST_WAIT_MS);
    await respondPrivately(respond, privateNotice(webhookTestText(endpoint, delivery)));
  };
}
