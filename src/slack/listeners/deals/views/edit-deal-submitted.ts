import { formatDealRef } from "../../../../domain/command-text.ts";
import { todayIn } from "../../../../domain/dates.ts";
import { readDealFingerprints } from "../../../../domain/deal.ts";
import { dealActorOf, handoffContext } from "../../../context.ts";
import { dealCardFor } from "../../../deal-card-for.ts";
import { dealInputFromForm } from "../../../deal-form.ts";
import { readPrivateMetadata, readViewState, ZDealModalMetadata } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { readDealForm } from "../../../views/deal-modals.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { Handler, ListenerDeps, SubmitArgs } from "../../deps.ts";
import { submitDealForm } from "./submit.ts";

/** Edit deal: saves what the person changed and shows the card, privately. */
export function editDealSubmitted(deps: ListenerDeps): Handler<SubmitArgs> {
  return async (args) => {
    const { view, client, context } = args;
    const who = dealActorOf(context);
    const meta = readPrivateMetadata(ZDealModalMetadata, view.private_metadata);
    const deal = await deps.services.deals.get(who.teamId, meta.dealId ?? "");
    const { timeZone } = handoffContext(context).actor.settings;
    const form = dealInputFromForm(
      readDealForm(readViewState(view)),
      { currency: deal.currency, ownerId: deal.ownerId, stageId: deal.stage.id },
      {
        today: todayIn(timeZone, deps.clock.now()),
        kept: { closeDate: deal.expectedCloseDate, nextStepDate: deal.nextStepDate },
      },
    );
    if (!form.ok) return args.ack({ response_action: "errors", errors: form.errors });
    const opened = readDealFingerprints(meta.opened);
    const result = await submitDealForm(args, () =>
      deps.services.deals.edit(who, deal.id, form.input, opened),
    );
    if (!result) return;
    const text =
      result.changed.length === 0
        ? `Nothing changed on ${formatDealRef(deal.number)}.`
        : `Saved ${formatDealRef(deal.number)}: ${result.changed.join(", ")}.`;
    const card = await dealCardFor(deps, result.deal, who, timeZone);
    await tellPrivately(
      client,
      { userId: who.userId, channelId: meta.channelId },
      { text, blocks: [...privateNotice(text).blocks!, ...(card.blocks ?? [])] },
    );
  };
}
