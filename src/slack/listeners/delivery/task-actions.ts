import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  UsersSelectAction,
} from "@slack/bolt";
import { formatTaskRef } from "../../../domain/command-text.ts";
import { todayIn } from "../../../domain/dates.ts";
import type { TaskOutcome } from "../../../services/delivery-service.ts";
import { deliveryActorOf, handoffContext } from "../../context.ts";
import { answerClickPrivately, respondPrivately } from "../../reply.ts";
import {
  alreadyClaimedText,
  alreadyDoneText,
  claimedText,
  markedDoneText,
} from "../../views/delivery/task-answers.ts";
import { readTaskActionsBlockId } from "../../views/delivery/task-message.ts";
import { privateNotice } from "../../views/messages.ts";
import type { DealListenerDeps } from "../deals/deal-command.ts";
import { type TaskListKind, taskListFor } from "./delivery-commands.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * Claim, Mark done, Unclaim on a task message. Success shows as the message itself changing
 * (through the queue); only "someone was first" and refusals are said, privately.
 * On a private list (`/tasks`, `/tasks open`) nothing else would change where the person
 * clicked: the list is redrawn in place, headed by what the click did.
 */
function taskButton(
  deps: DealListenerDeps,
  act: (deps: DealListenerDeps, args: ButtonArgs) => Promise<TaskOutcome>,
  list?: TaskListKind,
) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const outcome = await act(deps, args);
    const text = privateTextFor(outcome);
    if (list && isPrivateListClick(args.body)) {
      const { actor } = handoffContext(args.context);
      const today = todayIn(actor.settings.timeZone, deps.clock.now());
      const notice = text ?? listNoticeFor(outcome);
      await respondPrivately(args.respond, await taskListFor(deps, actor, list, today, notice), true);
      return;
    }
    if (text) await answerClickPrivately(args, args.body.user.id, privateNotice(text));
  };
}

/** A click on an ephemeral message: one of the `/tasks` lists, not the shared thread. */
function isPrivateListClick(body: BlockAction): boolean {
  return body.container?.type === "message" && body.container.is_ephemeral === true;
}

function listNoticeFor(outcome: TaskOutcome): string | undefined {
  switch (outcome.kind) {
    case "claimed":
      return claimedText(outcome.task);
    case "done":
      return markedDoneText(outcome.task);
    default:
      return undefined;
  }
}

export const taskClaimClicked = (deps: DealListenerDeps) =>
  taskButton(
    deps,
    (d, a) => d.services.delivery.claim(deliveryActorOf(a.context), a.action.value ?? ""),
    "open",
  );
export const taskDoneClicked = (deps: DealListenerDeps) =>
  taskButton(
    deps,
    (d, a) => d.services.delivery.complete(deliveryActorOf(a.context), a.action.value ?? ""),
    "mine",
  );
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
    if (text) await answerClickPrivately(args, args.body.user.id, privateNotice(text));
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
