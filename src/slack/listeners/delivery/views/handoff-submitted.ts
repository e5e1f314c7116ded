import { formatDealRef, formatProjectRef } from "../../../../domain/command-text.ts";
import { todayIn } from "../../../../domain/dates.ts";
import { deliveryActorOf, handoffContext } from "../../../context.ts";
import { formErrorsFrom, pastKickoffErrors } from "../../../deal-form.ts";
import { HandoffField } from "../../../ids.ts";
import { readPrivateMetadata, readViewState, ZHandoffModalMetadata } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { readHandoffForm } from "../../../views/handoff-modal.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { Handler, ListenerDeps, SubmitArgs } from "../../deps.ts";

/** Deal won — handoff: wins the deal, opens its project, and says so privately. */
export function handoffSubmitted(deps: ListenerDeps): Handler<SubmitArgs> {
  return async (args) => {
    const { view, context, client } = args;
    const actor = deliveryActorOf(context);
    const meta = readPrivateMetadata(ZHandoffModalMetadata, view.private_metadata);
    const form = readHandoffForm(readViewState(view));
    const today = todayIn(handoffContext(context).actor.settings.timeZone, deps.clock.now());
    const past = pastKickoffErrors(form.kickoffDate, today, HandoffField.Kickoff);
    if (past) return args.ack({ response_action: "errors", errors: past });
    let result: Awaited<ReturnType<typeof deps.services.delivery.winDeal>>;
    try {
      result = await deps.services.delivery.winDeal(actor, meta.dealId ?? "", {
        kickoffDate: form.kickoffDate ?? "",
        goals: form.goals ?? "",
        commitments: form.commitments ?? "",
        keyContacts: form.keyContacts ?? "",
        templateId: form.templateId ?? "",
        deliveryLeadId: form.deliveryLeadId ?? null,
      });
    } catch (error) {
      const errors = formErrorsFrom(error, HANDOFF_BLOCKS);
      if (!errors) throw error;
      return args.ack({ response_action: "errors", errors });
    }
    await args.ack();
    const { project, deal, created } = result;
    const text = created
      ? `:tada: ${formatDealRef(deal.number)} is won. ${formatProjectRef(project.number)} ${project.name} is open${actor.deliveryChannelId ? ` in <#${actor.deliveryChannelId}>` : ""} with ${project.tasks.length} tasks.`
      : `${formatDealRef(deal.number)} was already won — it is ${formatProjectRef(project.number)} ${project.name}.`;
    await tellPrivately(client, { userId: actor.userId, channelId: meta.channelId }, privateNotice(text));
  };
}

const HANDOFF_BLOCKS: Record<string, string> = {
  goals: HandoffField.Goals,
  commitments: HandoffField.Commitments,
  keyContacts: HandoffField.Contacts,
  template: HandoffField.Template,
  kickoff: HandoffField.Kickoff,
  lead: HandoffField.Lead,
  name: HandoffField.Name,
};
