import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { formatDealRef } from "../../../domain/command-text.ts";
import { todayIn } from "../../../domain/dates.ts";
import { canChangeDeal, readDealFingerprints } from "../../../domain/deal.ts";
import { firstOpenStage } from "../../../domain/stages.ts";
import { dealActorOf, handoffContext } from "../../context.ts";
import { tellPrivately } from "../../reply.ts";
import { dealCardMessage } from "../../views/deal-card.ts";
import { readDealForm, readDealModalMetadata } from "../../views/deal-modals.ts";
import { privateNotice } from "../../views/messages.ts";
import type { ViewStateValues } from "../../views/modal-kit.ts";
import { DEFAULT_CURRENCY, type DealListenerDeps } from "./deal-command.ts";
import { dealInputFromForm, formErrorsFrom } from "./deal-form.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Runs a service call for a submitted form: refusals about a field are shown next to it (the
 * modal stays open, nothing typed is lost); success closes the modal.
 */
async function submit<T>(args: SubmitArgs, work: () => Promise<T>): Promise<T | undefined> {
  try {
    const result = await work();
    await args.ack();
    return result;
  } catch (error) {
    const errors = formErrorsFrom(error);
    if (!errors) throw error;
    await args.ack({ response_action: "errors", errors });
    return undefined;
  }
}

export function newDealSubmitted(deps: DealListenerDeps) {
  return async (args: SubmitArgs): Promise<void> => {
    const { view, client, context } = args;
    const who = dealActorOf(context);
    const stages = await deps.services.deals.stages(who.teamId);
    const form = dealInputFromForm(readDealForm(view.state.values as ViewStateValues), {
      currency: DEFAULT_CURRENCY,
      ownerId: who.userId,
      stageId: firstOpenStage(stages).id,
    });
    if (!form.ok) {
      await args.ack({ response_action: "errors", errors: form.errors });
      return;
    }
    // The view id names this form: submitting it twice (double click, retry) creates one deal.
    const result = await submit(args, () => deps.services.deals.create(who, form.input, `view:${view.id}`));
    if (!result) return;
    const { actor } = handoffContext(context);
    const now = deps.clock.now();
    const card = dealCardMessage(result.deal, {
      stages,
      now,
      today: todayIn(actor.settings.timeZone, now),
      canChange: true,
      timeZone: actor.settings.timeZone,
    });
    const channelId = readDealModalMetadata(view.private_metadata).channelId;
    await tellPrivately(
      client,
      { userId: who.userId, channelId },
      {
        text: `Created ${formatDealRef(result.deal.number)} · ${result.deal.name}`,
        blocks: [
          privateNotice(`Created *${formatDealRef(result.deal.number)}*.`).blocks![0]!,
          ...(card.blocks ?? []),
        ],
      },
    );
  };
}

export function editDealSubmitted(deps: DealListenerDeps) {
  return async (args: SubmitArgs): Promise<void> => {
    const { view, client, context } = args;
    const who = dealActorOf(context);
    const meta = readDealModalMetadata(view.private_metadata);
    const deal = await deps.services.deals.get(who.teamId, meta.dealId ?? "");
    const form = dealInputFromForm(readDealForm(view.state.values as ViewStateValues), {
      currency: deal.currency,
      ownerId: deal.ownerId,
      stageId: deal.stage.id,
    });
    if (!form.ok) {
      await args.ack({ response_action: "errors", errors: form.errors });
      return;
    }
    const opened = readDealFingerprints(meta.opened);
    const result = await submit(args, () => deps.services.deals.edit(who, deal.id, form.input, opened));
    if (!result) return;
    const text =
      result.changed.length === 0
        ? `Nothing changed on ${formatDealRef(deal.number)}.`
        : `Saved ${formatDealRef(deal.number)}: ${result.changed.join(", ")}.`;
    const { actor } = handoffContext(context);
    const now = deps.clock.now();
    const stages = await deps.services.deals.stages(who.teamId);
    const card = dealCardMessage(result.deal, {
      stages,
      now,
      today: todayIn(actor.settings.timeZone, now),
      canChange: canChangeDeal(who, result.deal),
      timeZone: actor.settings.timeZone,
    });
    await tellPrivately(
      client,
      { userId: who.userId, channelId: meta.channelId },
      { text, blocks: [...privateNotice(text).blocks!, ...(card.blocks ?? [])] },
    );
  };
}

export function lostDealSubmitted(deps: DealListenerDeps) {
  return async (args: SubmitArgs): Promise<void> => {
    const { view, client, context } = args;
    const who = dealActorOf(context);
    const meta = readDealModalMetadata(view.private_metadata);
    const reason = readDealForm(view.state.values as ViewStateValues).reason ?? "";
    const result = await submit(args, () => deps.services.deals.markLost(who, meta.dealId ?? "", reason));
    if (!result) return;
    const ref = formatDealRef(result.deal.number);
    await tellPrivately(
      client,
      { userId: who.userId, channelId: meta.channelId },
      privateNotice(result.changed ? `Marked ${ref} lost.` : `${ref} was already lost.`),
    );
  };
}

export function noteSubmitted(deps: DealListenerDeps) {
  return async (args: SubmitArgs): Promise<void> => {
    const { view, client, context } = args;
    const who = dealActorOf(context);
    const meta = readDealModalMetadata(view.private_metadata);
    const note = readDealForm(view.state.values as ViewStateValues).note ?? "";
    const deal = await submit(args, () =>
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
