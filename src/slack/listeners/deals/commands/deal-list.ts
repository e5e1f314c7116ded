import { todayIn } from "../../../../domain/dates.ts";
import { handoffContext } from "../../../context.ts";
import { dealListMessage } from "../../../views/deal-list.ts";
import type { MessageView } from "../../../views/messages.ts";
import { listQueryFor } from "./deal-list-query.ts";
import { type DealSubcommand, PROFILE_WAIT_MS } from "./deal-subcommand.ts";

/**
 * `/deal list [mine|all|@someone|<stage>]`. It needs the person's time zone from Slack:
 * acknowledged first, so a slow Slack cannot miss the 3 s, then answered privately.
 */
export const dealList: DealSubcommand<"list"> =
  (deps) =>
  async ({ ack, respond, client, context }, { filter }) => {
    const { actor } = handoffContext(context);
    await ack();
    const now = deps.clock.now();
    const zone = await deps.timeZones.of(client, actor.userId, actor.settings.timeZone, PROFILE_WAIT_MS);
    const today = todayIn(zone, now);
    const list = await listQueryFor(deps, client, actor, filter);
    let message: MessageView;
    if (list.kind === "refused") message = list.message;
    else {
      const { deals, total } = await deps.services.deals.list(actor.teamId, list.query, today);
      message = dealListMessage(deals.slice(0, 40), { ...list.labels, total, now, today });
    }
    await respond({ response_type: "ephemeral", replace_original: false, ...message });
  };
