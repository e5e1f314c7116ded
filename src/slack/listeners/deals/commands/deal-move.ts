import { formatDealRef } from "../../../../domain/command-text.ts";
import { dealActorOf, handoffContext } from "../../../context.ts";
import { lostDealModal } from "../../../views/deal-modals.ts";
import { privateNotice } from "../../../views/messages.ts";
import { openHandoffForm } from "../../delivery/open-handoff-form.ts";
import { answersFor, type DealSubcommand, namedDeal } from "./deal-subcommand.ts";

/** `/deal move D-12 proposal`: the service matches the stage and says when none or several fit. */
export const dealMove: DealSubcommand<"move"> = (deps) => async (args, parsed) => {
  const { reply, ackOnce, openModal } = answersFor(args);
  await ackOnce();
  const deal = await namedDeal(deps, args, parsed.query, reply);
  if (!deal) return;
  const { command, client, context } = args;
  const who = dealActorOf(context);
  const outcome = await deps.services.deals.move(who, deal.id, parsed.stage, `command:${command.trigger_id}`);
  const ref = `${formatDealRef(deal.number)}`;
  switch (outcome.kind) {
    case "moved":
      return reply(
        privateNotice(
          `Moved ${ref} · ${deal.name} from *${outcome.from.name}* to *${outcome.deal.stage.name}*.`,
        ),
      );
    case "unchanged":
      return reply(privateNotice(`${ref} is already in *${deal.stage.name}*.`));
    case "needs_reason":
      return openModal(lostDealModal(deal, { channelId: command.channel_id }));
    case "needs_handoff":
      return openHandoffForm(deps, {
        client,
        triggerId: command.trigger_id,
        deal,
        channelId: command.channel_id,
        teamId: who.teamId,
        timeZone: handoffContext(context).actor.settings.timeZone,
      });
  }
};
