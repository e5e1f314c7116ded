import { formatDealRef } from "../../../../domain/command-text.ts";
import { dealActorOf } from "../../../context.ts";
import { readPrivateMetadata, readViewState, ZDealModalMetadata } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { readDealForm } from "../../../views/deal-modals.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { Handler, ListenerDeps, SubmitArgs } from "../../deps.ts";
import { submitDealForm } from "./submit.ts";

/** Mark lost: records the reason and says so, privately. */
export function lostDealSubmitted(deps: ListenerDeps): Handler<SubmitArgs> {
  return async (args) => {
    const { view, client, context } = args;
    const who = dealActorOf(context);
    const meta = readPrivateMetadata(ZDealModalMetadata, view.private_metadata);
    const reason = readDealForm(readViewState(view)).reason ?? "";
    const result = await submitDealForm(args, () =>
      deps.services.deals.markLost(who, meta.dealId ?? "", reason),
    );
    if (!result) return;
    const ref = formatDealRef(result.deal.number);
    await tellPrivately(
      client,
      { userId: who.userId, channelId: meta.channelId },
      privateNotice(result.changed ? `Marked ${ref} lost.` : `${ref} was already lost.`),
    );
  };
}
