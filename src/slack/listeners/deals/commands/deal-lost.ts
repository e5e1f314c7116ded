import { formatDealRef } from "../../../../domain/command-text.ts";
import { dealActorOf } from "../../../context.ts";
import { lostDealModal } from "../../../views/deal-modals.ts";
import { privateNotice } from "../../../views/messages.ts";
import { answersFor, type DealSubcommand, namedDeal } from "./deal-subcommand.ts";

/** `/deal lost D-12 [reason]`: marks it lost, or opens the form to ask why. */
export const dealLost: DealSubcommand<"lost"> = (deps) => async (args, parsed) => {
  const { reply, ackOnce, openModal } = answersFor(args);
  if (parsed.reason) await ackOnce();
  const deal = await namedDeal(deps, args, parsed.query, reply);
  if (!deal) return;
  const who = dealActorOf(args.context);
  await deps.services.deals.getChangeable(who, deal.id);
  if (!parsed.reason) return openModal(lostDealModal(deal, { channelId: args.command.channel_id }));
  const result = await deps.services.deals.markLost(who, deal.id, parsed.reason);
  await reply(
    privateNotice(
      result.changed
        ? `Marked ${formatDealRef(deal.number)} lost.`
        : `${formatDealRef(deal.number)} was already lost.`,
    ),
  );
};
