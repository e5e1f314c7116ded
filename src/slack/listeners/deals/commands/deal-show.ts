import { dealActorOf, handoffContext } from "../../../context.ts";
import { dealCardFor } from "../../../deal-card-for.ts";
import { answersFor, type DealSubcommand, namedDeal } from "./deal-subcommand.ts";

/** `/deal D-12` or `/deal show acme`: the deal's card, privately. */
export const dealShow: DealSubcommand<"show"> = (deps) => async (args, parsed) => {
  const { reply } = answersFor(args);
  const deal = await namedDeal(deps, args, parsed.query, reply);
  if (!deal) return;
  const { actor } = handoffContext(args.context);
  await reply(await dealCardFor(deps, deal, dealActorOf(args.context), actor.settings.timeZone));
};
