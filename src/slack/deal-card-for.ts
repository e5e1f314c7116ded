import { todayIn } from "../domain/dates.ts";
import { canChangeDeal, type Deal } from "../domain/deal.ts";
import type { ActorContext } from "../services/deal-service.ts";
import type { ListenerDeps } from "./listeners/deps.ts";
import { dealCardMessage } from "./views/deal-card.ts";
import type { MessageView } from "./views/messages.ts";

/** A deal's card as `who` sees it now, in `timeZone`: the stages come from the service. */
export async function dealCardFor(
  deps: Pick<ListenerDeps, "services" | "clock">,
  deal: Deal,
  who: ActorContext,
  timeZone: string,
): Promise<MessageView> {
  const stages = await deps.services.deals.stages(who.teamId);
  const now = deps.clock.now();
  return dealCardMessage(deal, {
    stages,
    now,
    today: todayIn(timeZone, now),
    canChange: canChangeDeal(who, deal),
    timeZone,
    salesChannelId: who.salesChannelId,
  });
}
