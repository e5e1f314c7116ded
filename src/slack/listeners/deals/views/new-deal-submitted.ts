import { formatDealRef } from "../../../../domain/command-text.ts";
import { todayIn } from "../../../../domain/dates.ts";
import { DEFAULT_CURRENCY } from "../../../../domain/money.ts";
import { firstOpenStage } from "../../../../domain/stages.ts";
import { dealActorOf, handoffContext } from "../../../context.ts";
import { dealInputFromForm } from "../../../deal-form.ts";
import { readPrivateMetadata, readViewState, ZDealModalMetadata } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { dealCardMessage } from "../../../views/deal-card.ts";
import { readDealForm } from "../../../views/deal-modals.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { Handler, ListenerDeps, SubmitArgs } from "../../deps.ts";
import { submitDealForm } from "./submit.ts";

/** New deal: creates it and shows its card, privately, where the form was opened. */
export function newDealSubmitted(deps: ListenerDeps): Handler<SubmitArgs> {
  return async (args) => {
    const { view, client, context } = args;
    const who = dealActorOf(context);
    const stages = await deps.services.deals.stages(who.teamId);
    const { timeZone } = handoffContext(context).actor.settings;
    const now = deps.clock.now();
    const form = dealInputFromForm(
      readDealForm(readViewState(view)),
      { currency: DEFAULT_CURRENCY, ownerId: who.userId, stageId: firstOpenStage(stages).id },
      { today: todayIn(timeZone, now) },
    );
    if (!form.ok) return args.ack({ response_action: "errors", errors: form.errors });
    // The view id names this form: submitting it twice (double click, retry) creates one deal.
    const result = await submitDealForm(args, () =>
      deps.services.deals.create(who, form.input, `view:${view.id}`),
    );
    if (!result) return;
    const card = dealCardMessage(result.deal, {
      stages,
      now,
      today: todayIn(timeZone, now),
      canChange: true,
      timeZone,
    });
    const ref = formatDealRef(result.deal.number);
    await tellPrivately(
      client,
      {
        userId: who.userId,
        channelId: readPrivateMetadata(ZDealModalMetadata, view.private_metadata).channelId,
      },
      {
        text: `Created ${ref} · ${result.deal.name}`,
        blocks: [privateNotice(`Created *${ref}*.`).blocks![0]!, ...(card.blocks ?? [])],
      },
    );
  };
}
