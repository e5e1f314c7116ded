import { formatDealRef } from "../../../../domain/command-text.ts";
import { dealActorOf } from "../../../context.ts";
import { privateNotice } from "../../../views/messages.ts";
import { answersFor, type DealSubcommand, namedDeal } from "./deal-subcommand.ts";

/** `/deal note D-12 <text>`: adds the note. */
export const dealNote: DealSubcommand<"note"> = (deps) => async (args, parsed) => {
  const { reply, ackOnce } = answersFor(args);
  await ackOnce();
  const deal = await namedDeal(deps, args, parsed.query, reply);
  if (!deal) return;
  const updated = await deps.services.deals.addNote(
    dealActorOf(args.context),
    deal.id,
    parsed.text,
    `command:${args.command.trigger_id}`,
  );
  await reply(privateNotice(`Added a note to ${formatDealRef(updated.number)} · ${updated.name}.`));
};
