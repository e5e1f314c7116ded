import { WebAPIPlatformError } from "@slack/web-api";
import { todayIn } from "../../domain/dates.ts";
import { dealCardMessage } from "../views/deal-card.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** The deal's card in the sales channel: posted once, then updated in place. */
export const dealCardDeliverer: EffectDeliverer<"deal.card"> = {
  kind: "deal.card",
  async deliver({ teamId, intent }, slack) {
    const { deals, workspaces } = slack.services;
    const { channelId } = intent;
    const deal = await deals.get(teamId, intent.dealId);
    const [stages, settings] = await Promise.all([deals.stages(teamId), workspaces.settings(teamId)]);
    const now = slack.clock.now();
    const message = dealCardMessage(deal, {
      stages,
      now,
      today: todayIn(settings.timeZone, now),
      // In a channel everyone sees the controls; the action checks who may use them.
      canChange: true,
      timeZone: settings.timeZone,
      salesChannelId: settings.channels.sales,
    });
    if (deal.card?.channelId === channelId) {
      try {
        await slack.client.chat.update({ channel: channelId, ts: deal.card.ts, ...message });
        return;
      } catch (error) {
        // Someone deleted the card: post it again rather than lose the feed.
        if (!(error instanceof WebAPIPlatformError && error.data.error === "message_not_found")) throw error;
      }
    }
    const posted = await slack.postTo(channelId, message);
    await deals.recordCard(deal.id, { channelId, ts: posted });
  },
};
