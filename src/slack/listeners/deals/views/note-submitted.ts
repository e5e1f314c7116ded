import { formatDealRef } from "../../../../domain/command-text.ts";
import { dealActorOf } from "../../../context.ts";
import { readPrivateMetadata, readViewState, ZDealModalMetadata } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { readDealForm } from "../../../views/deal-modals.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { Handler, ListenerDeps, SubmitArgs } from "../../deps.ts";
import { submitDealForm } from "./submit.ts";

/** Add note: adds it and says so, privately. */
export function noteSubmitted(deps: ListenerDeps): Handler<SubmitArgs> {
  return async (args) => {
    const { view, client, context } = args;
    const who = dealActorOf(context);
    const meta = readPrivateMetadata(ZDealModalMetadata, view.private_metadata);
    const note = readDealForm(readViewState(view)).note ?? "";
    const deal = await submitDealForm(args, () =>
      deps.services.deals.addNote(who, meta.dealId ?? "", note, `view:${view.id}`),
    );
    if (!deal) return;
    await tellPrivately(
      client,
      { userId: who.userId, channelId: meta.channelId },
      privateNotice(`Added a note to ${formatDealRef(deal.number)}.`),
    );
  };
}
