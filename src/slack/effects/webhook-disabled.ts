import { webhookDisabledDm } from "../views/webhooks.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** A DM to an admin: a webhook endpoint failed for 24 hours and was disabled. */
export const webhookDisabledDeliverer: EffectDeliverer<"webhook.disabled"> = {
  kind: "webhook.disabled",
  async deliver({ teamId, intent }, slack) {
    const endpoint = await slack.services.webhooks.endpoint(teamId, intent.endpointId);
    await slack.post({ channel: intent.userId, ...webhookDisabledDm(endpoint) });
  },
};
