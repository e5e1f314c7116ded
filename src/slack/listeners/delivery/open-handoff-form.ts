import type { WebClient } from "@slack/web-api";
import { formatDealRef, formatProjectRef } from "../../../domain/command-text.ts";
import { formatContact } from "../../../domain/contacts.ts";
import { todayIn } from "../../../domain/dates.ts";
import { type Deal, missingDetails } from "../../../domain/deal.ts";
import { defaultKickoffDate } from "../../../domain/delivery-rules.ts";
import { AppError, AppErrorCode } from "../../../lib/app-error.ts";
import { handoffModal } from "../../views/handoff-modal.ts";
import type { ListenerDeps } from "../deps.ts";

/**
 * Opens "Deal won — handoff" for a deal (the Won button, `/deal won`, moving to Won). A deal
 * already won answers with its project; one without amount or close date is sent to Edit first.
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
  if (deal.stage.kind === "won") {
    const project = await deps.services.delivery.projectOfDeal(deal.id);
    throw new AppError(
      AppErrorCode.Conflict,
      project
        ? `${formatDealRef(deal.number)} is already won and handed over as ${formatProjectRef(project.number)}.`
        : `${formatDealRef(deal.number)} is already won.`,
    );
  }
  const missing = missingDetails(deal, { requiresAmountAndCloseDate: true });
  if (missing.length > 0) {
    throw new AppError(
      AppErrorCode.InvalidInput,
      `Won needs ${missing.join(" and ")} on ${formatDealRef(deal.number)} — add ${missing.length > 1 ? "them" : "it"} with \`/deal edit ${formatDealRef(deal.number)}\`, then win it.`,
    );
  }
  const templates = await deps.services.delivery.templates(args.teamId);
  const defaultTemplate = templates.find((t) => t.isDefault) ?? templates[0]!;
  const today = todayIn(args.timeZone, deps.clock.now());
  await args.client.views.open({
    trigger_id: args.triggerId,
    view: handoffModal(deal, {
      templates,
      defaultTemplateId: defaultTemplate.id,
      kickoff: defaultKickoffDate(today),
      ...(args.channelId ? { channelId: args.channelId } : {}),
      prefill: { keyContacts: deal.contacts.map(formatContact).join("\n") },
    }),
  });
}
