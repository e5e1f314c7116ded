import { DEFAULT_CURRENCY } from "../../../../domain/money.ts";
import { handoffContext } from "../../../context.ts";
import { newDealModal } from "../../../views/deal-modals.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/**
 * New deal on the App Home: the same form as `/deal new`, owned by the person who clicked,
 * opened with the click's trigger_id.
 */
export function homeNewDealClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const stages = await deps.services.deals.stages(actor.teamId);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: newDealModal({ currency: DEFAULT_CURRENCY, ownerId: actor.userId }, { stages }),
    });
  };
}
