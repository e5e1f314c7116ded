import { dealActorOf } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { answerClickPrivately } from "../../../reply.ts";
import { alreadyTakenText, alreadyYoursText } from "../../../views/leads.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/**
 * Take it on a New lead message (the value is the lead id): the first click owns the deal and
 * the message changes to say so (through the queue); a later click is told privately who was first.
 */
export function leadTakeClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async (args) => {
    await args.ack();
    const leadId = readPayload(ZRecordId, args.action.value, STALE_BUTTON);
    const outcome = await deps.services.leads.take(dealActorOf(args.context), leadId);
    if (outcome.kind === "taken") return;
    const text =
      outcome.kind === "already_yours"
        ? alreadyYoursText(outcome.deal)
        : alreadyTakenText(outcome.deal, outcome.by);
    await answerClickPrivately(args, args.body.user.id, privateNotice(text));
  };
}
