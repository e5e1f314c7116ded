import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  UsersSelectAction,
} from "@slack/bolt";
import { formatTaskRef } from "../../../domain/command-text.ts";
import type { TaskOutcome } from "../../../services/delivery-service.ts";
import { deliveryActorOf } from "../../context.ts";
import { respondPrivately } from "../../reply.ts";
import {
  alreadyClaimedText,
  alreadyDoneText,
  readTaskActionsBlockId,
} from "../../views/delivery-messages.ts";
import { privateNotice } from "../../views/messages.ts";
import type { DealListenerDeps } from "../deals/deal-command.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * Claim, Mark done, Unclaim on a task message. Success shows as the message itself changing
 * (through the queue); only "someone was first" and refusals are said, privately.
 */
function taskButton(
  deps: DealListenerDeps,
  act: (deps: DealListenerDeps, args: ButtonArgs) => Promise<TaskOutcome>,
) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const outcome = await act(deps, args);
    const text = privateTextFor(outcome);
    if (text) await respondPrivately(args.respond, privateNotice(text));
  };
}

export const taskClaimClicked = (deps: DealListenerDeps) =>
  taskButton(deps, (d, a) => d.services.delivery.claim(deliveryActorOf(a.context), a.action.value ?? ""));
export const taskDoneClicked = (deps: DealListenerDeps) =>
  taskButton(deps, (d, a) => d.services.delivery.complete(deliveryActorOf(a.context), a.action.value ?? ""));
export const taskUnclaimClicked = (deps: DealListenerDeps) =>
  taskButton(deps, (d, a) => d.services.delivery.unclaim(deliveryActorOf(a.context), a.action.value ?? ""));

export function taskReassigned(deps: DealListenerDeps) {
  return async (
    args: SlackActionMiddlewareArgs<BlockAction<UsersSelectAction>> & AllMiddlewareArgs,
  ): Promise<void> => {
    await args.ack();
    const taskId = readTaskActionsBlockId(args.action.block_id) ?? "";
    const outcome = await deps.services.delivery.reassign(
      deliveryActorOf(args.context),
      taskId,
      args.action.selected_user,
    );
    const text = privateTextFor(outcome);
    if (text) await respondPrivately(args.respond, privateNotice(text));
  };
}

function privateTextFor(outcome: TaskOutcome): string | undefined {
  switch (outcome.kind) {
    case "already_claimed":
      return alreadyClaimedText(outcome.task, outcome.by);
    case "already_done":
      return alreadyDoneText(outcome.task);
    case "already_yours":
      return `${formatTaskRef(outcome.task.number)} is already yours.`;
    case "done":
      return outcome.projectCompleted
        ? "That was the last task — the project is complete. :tada:"
        : undefined;
    default:
      return undefined;
  }
}
