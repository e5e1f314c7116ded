import { handoffContext } from "../../../context.ts";
import { redrawStaleCard } from "../../../stale-card.ts";
import { openHandoffForm } from "../../delivery/open-handoff-form.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";
import { changeableDealOf } from "./changeable-deal.ts";

/** Won on a card: the handoff form, for people who may change the deal. */
export function dealWonClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async (args) => {
    await args.ack();
    const { actor } = handoffContext(args.context);
    try {
      const deal = await changeableDealOf(deps, args);
      await openHandoffForm(deps, {
        client: args.client,
        triggerId: args.body.trigger_id,
        deal,
        channelId: args.body.channel?.id,
        teamId: actor.teamId,
        timeZone: actor.settings.timeZone,
      });
    } catch (error) {
      // A private card drawn before the deal was won is redrawn as it is now.
      if (!(await redrawStaleCard(deps, args, error))) throw error;
    }
  };
}
