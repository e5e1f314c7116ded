import { staleDealDm } from "../views/reminders.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** A DM to a deal's owner: it has been quiet longer than its stage allows (if it still is open). */
export const reminderStaleDealDeliverer: EffectDeliverer<"reminder.stale_deal"> = {
  kind: "reminder.stale_deal",
  async deliver({ teamId, intent }, slack) {
    const deal = await slack.services.deals.get(teamId, intent.dealId);
    if (deal.stage.kind !== "open") return;
    await slack.post({ channel: intent.userId, ...staleDealDm(deal, slack.clock.now()) });
  },
};
