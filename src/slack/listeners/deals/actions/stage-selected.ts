import type { BlockAction, StaticSelectAction } from "@slack/bolt";
import { dealActorOf, handoffContext } from "../../../context.ts";
import { dealCardFor } from "../../../deal-card-for.ts";
import { SlackRefusal } from "../../../error-messages.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { respondPrivately } from "../../../reply.ts";
import { readDealActionsBlockId } from "../../../views/deal-card.ts";
import { lostDealModal } from "../../../views/deal-modals.ts";
import { openHandoffForm } from "../../delivery/open-handoff-form.ts";
import type { ActionArgs, Handler, ListenerDeps } from "../../deps.ts";

/** The stage select on a card: moves the deal; Won and Lost open their forms. */
export function dealStageSelected(deps: ListenerDeps): Handler<ActionArgs<BlockAction<StaticSelectAction>>> {
  return async ({ ack, action, body, client, respond, context }) => {
    await ack();
    const who = dealActorOf(context);
    const { actor } = handoffContext(context);
    const ids = readDealActionsBlockId(action.block_id);
    if (!ids) throw new SlackRefusal("That card is out of date — open the deal again with `/deal D-<n>`.");
    const stageId = readPayload(ZRecordId, action.selected_option?.value, STALE_BUTTON);
    const trigger = `block_actions:${body.trigger_id}`;
    const outcome = await deps.services.deals.move(who, ids.dealId, { stageId }, trigger);
    const channelId = body.channel?.id;
    switch (outcome.kind) {
      case "needs_reason":
        await client.views.open({
          trigger_id: body.trigger_id,
          view: lostDealModal(outcome.deal, { channelId }),
        });
        return;
      case "needs_handoff":
        return openHandoffForm(deps, {
          client,
          triggerId: body.trigger_id,
          deal: outcome.deal,
          channelId,
          teamId: who.teamId,
          timeZone: actor.settings.timeZone,
        });
      case "unchanged":
      case "moved":
        // An ephemeral card is replaced in place; a channel card is left to the feed.
        if (body.container?.is_ephemeral === true) {
          const card = await dealCardFor(deps, outcome.deal, who, actor.settings.timeZone);
          await respondPrivately(respond, card, true);
        }
    }
  };
}
