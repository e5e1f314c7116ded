import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from "@slack/bolt";
import { formatDealRef } from "../../../domain/command-text.ts";
import { canChangeDeal, type Deal } from "../../../domain/deal.ts";
import { AppError, AppErrorCode } from "../../../lib/app-error.ts";
import type { ActorContext } from "../../../services/deal-service.ts";
import { handoffContext } from "../../context.ts";
import { respondPrivately } from "../../reply.ts";
import { readDealActionsBlockId } from "../../views/deal-card.ts";
import { addNoteModal, editDealModal, lostDealModal } from "../../views/deal-modals.ts";
import { privateNotice } from "../../views/messages.ts";
import { cardFor, type DealListenerDeps, wonNotYet } from "./deal-command.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

function actorOf(context: ButtonArgs["context"]): ActorContext {
  const { actor } = handoffContext(context);
  return {
    teamId: actor.teamId,
    userId: actor.userId,
    role: actor.role,
    salesChannelId: actor.settings.channels.sales,
  };
}

/** Where a card lives, so an ephemeral card is replaced in place and a channel card is left to the feed. */
function isEphemeralCard(body: BlockAction): boolean {
  return body.container?.is_ephemeral === true;
}

async function dealOfButton(deps: DealListenerDeps, args: ButtonArgs): Promise<Deal> {
  return deps.services.deals.get(actorOf(args.context).teamId, args.action.value ?? "");
}

function requireChange(who: ActorContext, deal: Deal): void {
  if (!canChangeDeal(who, deal)) {
    throw new AppError(
      AppErrorCode.Forbidden,
      `Only <@${deal.ownerId}> (the owner), managers and admins can change ${formatDealRef(deal.number)}.`,
    );
  }
}

/** The stage select on a card: moves the deal; Won and Lost open their forms. */
export function dealStageSelected(deps: DealListenerDeps) {
  return async (args: SelectArgs): Promise<void> => {
    const { ack, action, body, client, respond, context } = args;
    await ack();
    const who = actorOf(context);
    const ids = readDealActionsBlockId(action.block_id);
    if (!ids)
      throw new AppError(
        AppErrorCode.InvalidInput,
        "That card is out of date — open the deal again with `/deal D-<n>`.",
      );
    const outcome = await deps.services.deals.move(who, ids.dealId, {
      stageId: action.selected_option.value,
    });
    switch (outcome.kind) {
      case "needs_reason":
        await client.views.open({
          trigger_id: body.trigger_id,
          view: lostDealModal(outcome.deal, { channelId: body.channel?.id }),
        });
        return;
      case "needs_handoff":
        await respondPrivately(respond, privateNotice(wonNotYet(outcome.deal)));
        return;
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
    const deal = await dealOfButton(deps, args);
    requireChange(actorOf(args.context), deal);
    await respondPrivately(args.respond, privateNotice(wonNotYet(deal)));
  };
}

export function dealLostClicked(deps: DealListenerDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const deal = await dealOfButton(deps, args);
    requireChange(actorOf(args.context), deal);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: lostDealModal(deal, { channelId: args.body.channel?.id }),
    });
  };
}

export function dealAddNoteClicked(deps: DealListenerDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const deal = await dealOfButton(deps, args);
    requireChange(actorOf(args.context), deal);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: addNoteModal(deal, { channelId: args.body.channel?.id }),
    });
  };
}

export function dealEditClicked(deps: DealListenerDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = actorOf(args.context);
    const deal = await dealOfButton(deps, args);
    requireChange(who, deal);
    const stages = await deps.services.deals.stages(who.teamId);
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: editDealModal(deal, { stages, channelId: args.body.channel?.id }),
    });
  };
}

/** Open on a list or on "which one?": the deal's card, privately. */
export function dealShowClicked(deps: DealListenerDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const who = actorOf(args.context);
    const deal = await dealOfButton(deps, args);
    const { actor } = handoffContext(args.context);
    await respondPrivately(args.respond, await cardFor(deps, deal, who, actor.settings.timeZone));
  };
}
