import { todayIn } from "../../../../domain/dates.ts";
import { readDealPrefill } from "../../../../domain/deal-prefill.ts";
import { DEFAULT_CURRENCY } from "../../../../domain/money.ts";
import { handoffContext } from "../../../context.ts";
import { newDealModal, prefillEchoWords } from "../../../views/deal-modals.ts";
import { type DealSubcommand, PROFILE_WAIT_MS } from "./deal-subcommand.ts";

/** `/deal new [prefill]`: the New deal form, prefilled from what was typed. */
export const dealNew: DealSubcommand<"new"> =
  (deps) =>
  async ({ command, ack, client, context }, parsed) => {
    const { actor } = handoffContext(context);
    await ack();
    // The trigger_id lives ~3 s: a slow profile lookup falls back to the workspace's zone.
    const [zone, stages] = await Promise.all([
      deps.timeZones.of(client, actor.userId, actor.settings.timeZone, PROFILE_WAIT_MS),
      deps.services.deals.stages(actor.teamId),
    ]);
    const prefill = readDealPrefill(parsed.text, {
      defaultCurrency: DEFAULT_CURRENCY,
      today: todayIn(zone, deps.clock.now()),
    });
    await client.views.open({
      trigger_id: command.trigger_id,
      view: newDealModal(
        { ...prefill, ownerId: prefill.ownerId ?? actor.userId },
        {
          stages,
          channelId: command.channel_id,
          echo: prefillEchoWords(prefill.echo),
          unreadable: prefill.unreadable,
        },
      ),
    });
  };
