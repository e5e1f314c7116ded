import { dealActorOf, handoffContext } from "../../../context.ts";
import { openHandoffForm } from "../../delivery/open-handoff-form.ts";
import { answersFor, type DealSubcommand, namedDeal } from "./deal-subcommand.ts";

/** `/deal won D-12`: the handoff form, for people who may change the deal. */
export const dealWon: DealSubcommand<"won"> = (deps) => async (args, parsed) => {
  const { reply, ackOnce } = answersFor(args);
  const deal = await namedDeal(deps, args, parsed.query, reply);
  if (!deal) return;
  const who = dealActorOf(args.context);
  await deps.services.deals.getChangeable(who, deal.id);
  await ackOnce();
  await openHandoffForm(deps, {
    client: args.client,
    triggerId: args.command.trigger_id,
    deal,
    channelId: args.command.channel_id,
    teamId: who.teamId,
    timeZone: handoffContext(args.context).actor.settings.timeZone,
  });
};
