import { dealActorOf, handoffContext } from "../../../context.ts";
import { dealCardFor } from "../../../deal-card-for.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { respondPrivately } from "../../../reply.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/** Open on a list or on "which one?": the deal's card, privately. */
export function dealShowClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, respond, context }) => {
    await ack();
    const who = dealActorOf(context);
    const deal = await deps.services.deals.get(
      who.teamId,
      readPayload(ZRecordId, action.value, STALE_BUTTON),
    );
    const { actor } = handoffContext(context);
    await respondPrivately(respond, await dealCardFor(deps, deal, who, actor.settings.timeZone));
  };
}
