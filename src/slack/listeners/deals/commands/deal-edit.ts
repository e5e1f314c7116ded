import { dealActorOf } from "../../../context.ts";
import { editDealModal } from "../../../views/deal-modals.ts";
import { answersFor, type DealSubcommand, namedDeal } from "./deal-subcommand.ts";

/** `/deal edit D-12`: the Edit form, for people who may change the deal. */
export const dealEdit: DealSubcommand<"edit"> = (deps) => async (args, parsed) => {
  const { reply, openModal } = answersFor(args);
  const deal = await namedDeal(deps, args, parsed.query, reply);
  if (!deal) return;
  const who = dealActorOf(args.context);
  await deps.services.deals.getChangeable(who, deal.id);
  await openModal(
    editDealModal(deal, {
      stages: await deps.services.deals.stages(who.teamId),
      channelId: args.command.channel_id,
    }),
  );
};
