import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { formatDealRef, formatProjectRef } from "../../../domain/command-text.ts";
import { formatContact } from "../../../domain/contacts.ts";
import { todayIn } from "../../../domain/dates.ts";
import type { Deal } from "../../../domain/deal.ts";
import type { Clock } from "../../../lib/clock.ts";
import { deliveryActorOf } from "../../context.ts";
import { HandoffField } from "../../ids.ts";
import { tellPrivately } from "../../reply.ts";
import type { SlackServices } from "../../services.ts";
import { readDealModalMetadata } from "../../views/deal-modals.ts";
import { handoffModal, readHandoffForm } from "../../views/handoff-modal.ts";
import { privateNotice } from "../../views/messages.ts";
import type { ViewStateValues } from "../../views/modal-kit.ts";
import { formErrorsFrom } from "../deals/deal-form.ts";

/** What the handoff form needs (every deal listener has it; named here so no cycle forms). */
interface HandoffListenerDeps {
  services: SlackServices;
  clock: Clock;
}

/**
 * Opens "Deal won — handoff" for a deal (the Won button, `/deal won`, moving to Won). A deal
 * already won answers with its project; one without amount or close date is sent to Edit first.
 */
export async function openHandoffForm(
  deps: HandoffListenerDeps,
  args: {
    client: WebClient;
    triggerId: string;
    deal: Deal;
    channelId: string | undefined;
    teamId: string;
    timeZone: string;
  },
): Promise<void> {
  const { deal } = args;
  const today = todayIn(args.timeZone, deps.clock.now());
  const form = await deps.services.delivery.prepareWin(args.teamId, deal, today);
  await args.client.views.open({
    trigger_id: args.triggerId,
    view: handoffModal(form.deal, {
      templates: form.templates,
      defaultTemplateId: form.defaultTemplateId,
      kickoff: form.kickoff,
      ...(args.channelId ? { channelId: args.channelId } : {}),
      prefill: { keyContacts: deal.contacts.map(formatContact).join("\n") },
    }),
  });
}

export function handoffSubmitted(deps: HandoffListenerDeps) {
  return async (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { view, context, client } = args;
    const actor = deliveryActorOf(context);
    const meta = readDealModalMetadata(view.private_metadata);
    const form = readHandoffForm(view.state.values as ViewStateValues);
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
      await args.ack({ response_action: "errors", errors });
      return;
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
