import { WebAPIPlatformError } from "@slack/web-api";
import { newLeadMessage } from "../views/leads.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** The New lead message in the sales channel: posted once, then edited when someone takes it. */
export const leadMessageDeliverer: EffectDeliverer<"lead.message"> = {
  kind: "lead.message",
  async deliver({ teamId, intent }, slack) {
    const { lead, deal } = await slack.services.leads.lead(teamId, intent.leadId);
    const message = newLeadMessage(lead, deal);
    if (lead.posted?.channelId === intent.channelId) {
      try {
        await slack.client.chat.update({ channel: intent.channelId, ts: lead.posted.ts, ...message });
        return;
      } catch (error) {
        // Someone deleted it: post it again, so the lead is not lost from the channel.
        if (!(error instanceof WebAPIPlatformError && error.data.error === "message_not_found")) throw error;
      }
    }
    const ts = await slack.postTo(intent.channelId, message);
    await slack.services.leads.recordMessage(lead.id, { channelId: intent.channelId, ts });
  },
};
