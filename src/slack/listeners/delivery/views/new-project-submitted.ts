import { formatProjectRef } from "../../../../domain/command-text.ts";
import { todayIn } from "../../../../domain/dates.ts";
import { deliveryActorOf, handoffContext } from "../../../context.ts";
import { formErrorsFrom, pastKickoffErrors } from "../../../deal-form.ts";
import { HandoffField } from "../../../ids.ts";
import { readPrivateMetadata, readViewState, ZHandoffModalMetadata } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { readHandoffForm } from "../../../views/handoff-modal.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { Handler, ListenerDeps, SubmitArgs } from "../../deps.ts";

/** New project (without a deal): opens it and says so privately. */
export function newProjectSubmitted(deps: ListenerDeps): Handler<SubmitArgs> {
  return async (args) => {
    const { view, context, client } = args;
    const actor = deliveryActorOf(context);
    const form = readHandoffForm(readViewState(view));
    const today = todayIn(handoffContext(context).actor.settings.timeZone, deps.clock.now());
    const past = pastKickoffErrors(form.kickoffDate, today, HandoffField.Kickoff);
    if (past) return args.ack({ response_action: "errors", errors: past });
    try {
      const project = await deps.services.delivery.createProject(
        actor,
        {
          name: form.name ?? "",
          customer: form.customer ?? null,
          kickoffDate: form.kickoffDate ?? "",
          templateId: form.templateId ?? "",
          deliveryLeadId: form.deliveryLeadId ?? null,
          goals: form.goals ?? null,
        },
        `view:${view.id}`,
      );
      await args.ack();
      const { channelId } = readPrivateMetadata(ZHandoffModalMetadata, view.private_metadata);
      const text = `Opened ${formatProjectRef(project.number)} ${project.name} with ${project.tasks.length} tasks.`;
      await tellPrivately(client, { userId: actor.userId, channelId }, privateNotice(text));
    } catch (error) {
      const errors = formErrorsFrom(error, PROJECT_BLOCKS);
      if (!errors) throw error;
      await args.ack({ response_action: "errors", errors });
    }
  };
}

const PROJECT_BLOCKS: Record<string, string> = {
  name: HandoffField.Name,
  customer: HandoffField.Customer,
  template: HandoffField.Template,
  kickoff: HandoffField.Kickoff,
  goals: HandoffField.Goals,
  lead: HandoffField.Lead,
};
