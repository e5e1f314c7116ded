import { handoffContext } from "../../../context.ts";
import { dealHistoryMessage, HISTORY_PAGE_SIZE } from "../../../views/deal-history.ts";
import { answersFor, type DealSubcommand, namedDeal } from "./deal-subcommand.ts";

/** `/deal history D-12 [page]`: the deal's changes from the audit log, newest first, privately. */
export const dealHistory: DealSubcommand<"history"> = (deps) => async (args, parsed) => {
  const { reply } = answersFor(args);
  const found = await namedDeal(deps, args, parsed.query, reply);
  if (!found) return;
  const { actor } = handoffContext(args.context);
  const { deal, entries, more } = await deps.services.deals.history(
    actor.teamId,
    found.id,
    parsed.page,
    HISTORY_PAGE_SIZE,
  );
  const ctx = { page: parsed.page, more, timeZone: actor.settings.timeZone, now: deps.clock.now() };
  await reply(dealHistoryMessage(deal, entries, ctx));
};
