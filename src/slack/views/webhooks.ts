import type { WebhookEndpoint } from "../../domain/webhooks.ts";
import { context, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { fitMrkdwn } from "./text.ts";

/** `/handoff webhooks`: the endpoints, the Add endpoint form, and the DM when one is disabled. */

const URL_SHOWN = 200;

export const endpointRef = (endpoint: Pick<WebhookEndpoint, "number">): string => `W-${endpoint.number}`;

/** The DM to each admin when an endpoint failed for 24 hours and was disabled. */
export function webhookDisabledDm(endpoint: WebhookEndpoint): MessageView {
  const url = fitMrkdwn(endpoint.url, URL_SHOWN);
  const text = `Webhook ${endpointRef(endpoint)} was disabled: ${endpoint.url} failed every delivery for 24 hours.`;
  return {
    text,
    blocks: [
      section(
        `⚠️ Webhook *${endpointRef(endpoint)}* was disabled: ${url} failed every delivery for 24 hours.`,
      ),
      context(
        "Its events are kept and go out in order once it is enabled again. Fix the receiver, then open /handoff webhooks and click Enable.",
      ),
    ],
  };
}
