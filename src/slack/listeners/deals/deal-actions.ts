import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { Deal } from "../../../domain/deal.ts";
import type { Stage } from "../../../domain/stages.ts";
import { dealActorOf, handoffContext } from "../../context.ts";
import { SlackRefusal } from "../../error-messages.ts";
import { respondPrivately } from "../../reply.ts";
import { readDealActionsBlockId } from "../../views/deal-card.ts";
import { addNoteModal, editDealModal, lostDealModal } from "../../views/deal-modals.ts";
import { openHandoffForm } from "../delivery/handoff.ts";
import { cardFor, type DealListenerDeps } from "./deal-command.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

/** Where a card lives, so an ephemeral card is replaced in place and a channel card is left to the feed. */
function isEphemeralCard(body: BlockAction): boolean {
  return body.container?.is_ephemeral === true;
}

/** Won, Lost, Add note, Edit: the deal named by the button, if this person may change it. */
function changeableDealOf(deps: DealListenerDeps, args: ButtonArgs): Promise<Deal> {
  return deps.services.deals.getChangeable(dealActorOf(args.context), args.action.value ?? "");
}

/** The stage select on a card: moves the deal; Won and Lost open their forms. */
export function dealStageSelected(deps: DealListenerDeps) {
  return async (args: SelectArgs): Promise<void> => {
    const { ack, action, body, client, respond, context } = args;
    await ack();
    const who = dealActorOf(context);
    const ids = readDealActionsBlockId(action.block_id);
    if (!ids) throw new SlackRefusal("That card is out of date — open the deal again with `/deal D-<n>`.");
    const outcome = await deps.services.deals.move(
      who,
      ids.dealId,
      { stageId: action.selected_option.value },
      `block_actions:${body.trigger_id}`,
    );
    switch (outcome.kind) {
      case "needs_reason":
        await client.views.open({
          trigger_id: body.trigger_id,
          view: lostDealModal(outcome.deal, { channelId: body.channel?.id }),
        });
        return;
      case "needs_handoff": {
        const { actor } = handoffContext(context);
        await openHandoffForm(deps, {
          client,
          triggerId: body.trigger_id,
          deal: outcome.deal,
          channelId: body.channel?.id,
          teamId: who.teamId,
          timeZone: actor.settings.timeZone,
        });
        return;
      }
      case "unchanged":
      case "moved":
        if (isEphemeralCard(body)) {
          const { actor } = handoffContext(context);
          await respondPrivately(
            respond,
            await cardFor(deps, outcome.deal, who, actor.settings.timeZone),
            true,
          );
        }
    }
  };
}

export function dealWonClicked(deps: DealListenerDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const deal = await changeableDealOf(deps, args);
    const { actor } = handoffContext(args.context);
    await openHandoffForm(deps, {
      client: args.client,
      triggerId: args.body.trigger_id,
      deal,
      channelId: args.body.channel?.id,
      teamId: actor.teamId,
      timeZone: actor.settings.timeZone,
    });
  };
}

/** Lost, Add note and Edit open their form on the deal, for people who may change it. */
function opensForm(
  deps: DealListenerDeps,
  form: (deal: Deal, channelId: string | undefined, stages: Stage[]) => ModalView,
) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const deal = await changeableDealOf(deps, args);
    const stages = await deps.services.deals.stages(dealActorOf(args.context).teamId);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: form(deal, args.body.channel?.id, stages),
    });
  };
}

export const dealLostClicked = (deps: DealListenerDeps) =>
  opensForm(deps, (deal, channelId) => lostDealModal(deal, { channelId }));
export const dealAddNoteClicked = (deps: DealListenerDeps) =>
  opensForm(deps, (deal, channelId) => addNoteModal(deal, { channelId }));
export const dealEditClicked = (deps: DealListenerDeps) =>
  opensForm(deps, (deal, channelId, stages) => editDealModal(deal, { stages, channelId }));

/** Open on a list or on "which one?": the deal's card, privately. */
export function dealShowClicked(deps: DealListenerDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = dealActorOf(args.context);
    const deal = await deps.services.deals.get(who.teamId, args.action.value ?? "");
    const { actor } = handoffContext(args.context);
    await respondPrivately(args.respond, await cardFor(deps, deal, who, actor.settings.timeZone));
  };
}
