import { todayIn } from "../../../../domain/dates.ts";
import { handoffContext } from "../../../context.ts";
import { dealListMessage } from "../../../views/deal-list.ts";
import { type DealSubcommand, PROFILE_WAIT_MS } from "./deal-subcommand.ts";

/**
 * `/deal find acme`: deals whose name, company or contact match. It needs the person's time zone
 * from Slack: acknowledged first, so a slow Slack cannot miss the 3 s, then answered privately.
 */
export const dealFind: DealSubcommand<"find"> =
  (deps) =>
  async ({ ack, respond, client, context }, { text }) => {
    const { actor } = handoffContext(context);
    await ack();
    const deals = await deps.services.deals.find(actor.teamId, text);
    const now = deps.clock.now();
    const zone = await deps.timeZones.of(client, actor.userId, actor.settings.timeZone, PROFILE_WAIT_MS);
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      ...dealListMessage(deals.slice(0, 40), {
        title: `Deals matching “${text}”`,
        total: deals.length,
        now,
        today: todayIn(zone, now),
        emptyText: `No deal, company or contact matches that. Try a shorter word, or \`/deal list all\`.`,
      }),
    });
  };
