import { handoffRequestDm } from "../views/handoff-request.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** A DM to the owner of a deal won through the API, while its handoff is still to do. */
export const dealHandoffRequestedDeliverer: EffectDeliverer<"deal.handoff_requested"> = {
  kind: "deal.handoff_requested",
  async deliver({ teamId, intent }, slack) {
    const deal = await slack.services.deals.get(teamId, intent.dealId);
    if (deal.stage.kind !== "won") return;
    if (await slack.services.delivery.projectOfDeal(deal.id)) return; // handed over meanwhile
    await slack.post({ channel: intent.userId, ...handoffRequestDm(deal, intent.tokenName) });
  },
};
