import { daysToClose } from "../../domain/deal.ts";
import { winAnnouncement } from "../views/delivery/win-announcement.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** The won-deal announcement in the wins channel. */
export const dealWonDeliverer: EffectDeliverer<"deal.won"> = {
  kind: "deal.won",
  async deliver({ teamId, intent }, slack) {
    const deal = await slack.services.deals.get(teamId, intent.dealId);
    const project = await slack.services.delivery.projectOfDeal(deal.id);
    await slack.postTo(
      intent.channelId,
      winAnnouncement(deal, { daysToClose: daysToClose(deal), projectNumber: project?.number ?? null }),
    );
  },
};
