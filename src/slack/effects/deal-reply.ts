import { formatProjectRef } from "../../domain/command-text.ts";
import type { DealChange } from "../../services/slack-effects.ts";
import {
  type ChangedBy,
  dealThreadReply,
  editedText,
  lostText,
  movedText,
  noteAddedText,
  reopenedText,
  whoChanged,
  wonText,
} from "../views/deal-card.ts";
import { type EffectDeliverer, NotReady } from "./effect-deliverer.ts";

/** A short line in the card's thread ("moved Demo → Proposal by @ana"). */
export const dealReplyDeliverer: EffectDeliverer<"deal.reply"> = {
  kind: "deal.reply",
  async deliver({ teamId, intent }, slack) {
    const deal = await slack.services.deals.get(teamId, intent.dealId);
    if (!deal.card || deal.card.channelId !== intent.channelId)
      throw new NotReady("the deal's card is not posted yet");
    await slack.post({
      channel: intent.channelId,
      thread_ts: deal.card.ts,
      ...dealThreadReply(changeText(intent.change, { actorId: intent.actorId, via: intent.via })),
    });
  },
};

function changeText(change: DealChange, actorId: ChangedBy): string {
  switch (change.type) {
    case "created":
      return `created by ${whoChanged(actorId)}`;
    case "moved":
      return movedText({ name: change.from }, { name: change.to }, actorId);
    case "reopened":
      return reopenedText({ name: change.to }, actorId);
    case "lost":
      return lostText(change.reason, actorId);
    case "won":
      return `${wonText(actorId)} · handed over to delivery as ${formatProjectRef(change.projectNumber)}`;
    case "won_awaiting_handoff":
      return `${wonText(actorId)} · the owner is asked to complete the handoff`;
    case "note":
      return noteAddedText(change.body, actorId);
    case "edited":
      return editedText(change.fields, actorId);
  }
}
