import { dealActorOf, handoffContext } from "../../../context.ts";
import { dealCardFor } from "../../../deal-card-for.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/** Open on one of my deals on the App Home: its card, with its controls, in a DM. */
export function homeOpenDealClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, client, context }) => {
    await ack();
    const who = dealActorOf(context);
    const { actor } = handoffContext(context);
    const deal = await deps.services.deals.get(
      who.teamId,
      readPayload(ZRecordId, action.value, STALE_BUTTON),
    );
    await tellPrivately(
      client,
      { userId: who.userId },
      await dealCardFor(deps, deal, who, actor.settings.timeZone),
    );
  };
}
