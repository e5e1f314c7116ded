import type { ModalView } from "@slack/types";
import type { Deal } from "../../../../domain/deal.ts";
import type { Stage } from "../../../../domain/stages.ts";
import { dealActorOf } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { redrawStaleCard } from "../../../stale-card.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/** Won, Lost, Add note, Edit: the deal named by the button, if this person may change it. */
export function changeableDealOf(deps: Pick<ListenerDeps, "services">, args: ButtonArgs): Promise<Deal> {
  const dealId = readPayload(ZRecordId, args.action.value, STALE_BUTTON);
  return deps.services.deals.getChangeable(dealActorOf(args.context), dealId);
}

/** Lost, Add note and Edit open their form on the deal, for people who may change it. */
export function opensDealForm(
  deps: Pick<ListenerDeps, "services" | "clock">,
  form: (deal: Deal, channelId: string | undefined, stages: Stage[]) => ModalView,
  load: (args: ButtonArgs) => Promise<Deal> = (args) => changeableDealOf(deps, args),
): Handler<ButtonArgs> {
  return async (args) => {
    await args.ack();
    try {
      const deal = await load(args);
      const stages = await deps.services.deals.stages(dealActorOf(args.context).teamId);
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: form(deal, args.body.channel?.id, stages),
      });
    } catch (error) {
      if (!(await redrawStaleCard(deps, args, error))) throw error;
    }
  };
}
