import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { todayIn } from "../../../domain/dates.ts";
import { dealActorOf, deliveryActorOf, handoffContext } from "../../context.ts";
import { publishHome } from "../../home-publisher.ts";
import { tellPrivately } from "../../reply.ts";
import { newDealModal } from "../../views/deal-modals.ts";
import { alreadyClaimedText, alreadyDoneText } from "../../views/delivery/task-answers.ts";
import { taskListMessage } from "../../views/delivery/task-list.ts";
import { privateNotice } from "../../views/messages.ts";
import { pipelineMessage } from "../../views/pipeline.ts";
import { cardFor, DEFAULT_CURRENCY, type DealListenerDeps } from "../deals/deal-command.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/*
 * The App Home's buttons. The Home has no response_url, so what a button shows arrives as a
 * DM from the app: there every control on it (Claim, the deal card's stage select…) works as
 * it does anywhere else. New deal opens its modal with the click's trigger_id.
 */

/** New deal: the same form as `/deal new`, owned by the person who clicked. */
export function homeNewDealClicked(deps: DealListenerDeps) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { actor } = handoffContext(context);
    const stages = await deps.services.deals.stages(actor.teamId);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: newDealModal({ currency: DEFAULT_CURRENCY, ownerId: actor.userId }, { stages }),
    });
  };
}

/** Pipeline: everyone's pipeline, as `/pipeline` shows it, in a DM. */
export function homePipelineClicked(deps: DealListenerDeps) {
  return async ({ ack, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { actor } = handoffContext(context);
    const summary = await deps.services.pipeline.summarise(actor.teamId, {
      timeZone: actor.settings.timeZone,
    });
    await tellPrivately(
      client,
      { userId: actor.userId },
      pipelineMessage(summary, { shareable: false, now: deps.clock.now() }),
    );
  };
}

/** Open tasks: the ready tasks nobody has claimed, each with Claim, in a DM. */
export function homeOpenTasksClicked(deps: DealListenerDeps) {
  return async ({ ack, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { actor } = handoffContext(context);
    const { tasks } = await deps.services.delivery.listTasks(actor.teamId, { kind: "open_unclaimed" });
    await tellPrivately(
      client,
      { userId: actor.userId },
      taskListMessage(tasks, {
        title: "Open tasks nobody has claimed",
        today: todayIn(actor.settings.timeZone, deps.clock.now()),
        emptyText: "Every ready task has someone. :raised_hands:",
        action: "claim",
      }),
    );
  };
}

/** Open on one of my deals: its card, with its controls, in a DM. */
export function homeOpenDealClicked(deps: DealListenerDeps) {
  return async ({ ack, action, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const who = dealActorOf(context);
    const { actor } = handoffContext(context);
    const deal = await deps.services.deals.get(who.teamId, action.value ?? "");
    await tellPrivately(
      client,
      { userId: who.userId },
      await cardFor(deps, deal, who, actor.settings.timeZone),
    );
  };
}

/**
 * Mark done on one of my tasks. Success shows as the Home and the project thread changing
 * (through the queue); only "already done" and the project's completion are said, in a DM.
 */
export function homeTaskDoneClicked(deps: DealListenerDeps) {
  return async ({ ack, action, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const who = deliveryActorOf(context);
    const outcome = await deps.services.delivery.complete(who, action.value ?? "");
    let text: string | undefined;
    if (outcome.kind === "already_done") text = alreadyDoneText(outcome.task);
    else if (outcome.kind === "already_claimed") text = alreadyClaimedText(outcome.task, outcome.by);
    else if (outcome.kind === "done" && outcome.projectCompleted)
      text = "That was the last task — the project is complete. :tada:";
    if (text) await tellPrivately(client, { userId: who.userId }, privateNotice(text));
    // Nothing changed, so nothing is queued: the Home showed an old state, so show the current one.
    if (outcome.kind !== "done")
      await publishHome(client, deps.services, { teamId: who.teamId, userId: who.userId });
  };
}
