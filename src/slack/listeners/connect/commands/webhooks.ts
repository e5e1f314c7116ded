import { handoffContext } from "../../../context.ts";
import { webhookListMessage } from "../../../views/webhooks.ts";
import type { CommandArgs, Handler, WebhookListenerDeps } from "../../deps.ts";

/** `/handoff webhooks`: the endpoints and their last deliveries, privately, for admins. */
export function webhooksCommand(deps: WebhookListenerDeps): Handler<CommandArgs> {
  return async ({ ack, context }) => {
    const { actor } = handoffContext(context);
    const endpoints = await deps.services.webhooks.list(actor);
    await ack({ response_type: "ephemeral", ...webhookListMessage(endpoints) });
  };
}
