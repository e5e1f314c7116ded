import type { WebClient } from "@slack/web-api";
import { formatContact } from "../../../domain/contacts.ts";
import { todayIn } from "../../../domain/dates.ts";
import type { Deal } from "../../../domain/deal.ts";
import { handoffModal } from "../../views/handoff-modal.ts";
import type { ListenerDeps } from "../deps.ts";

/**
 * Opens "Deal won — handoff" for a deal (the Won button, `/deal won`, moving to Won). A deal
 * already won answers with its project; one without amount or close date is sent to Edit first
 * (both refusals come from the service's prepareWin).
 */
export async function openHandoffForm(
  deps: Pick<ListenerDeps, "services" | "clock">,
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
