import type { BlockAction, UsersSelectAction } from "@slack/bolt";
import { deliveryActorOf } from "../../../context.ts";
import { answerClickPrivately } from "../../../reply.ts";
import { readTaskActionsBlockId } from "../../../views/delivery/task-message.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { ActionArgs, Handler, ListenerDeps } from "../../deps.ts";
import { privateTextFor } from "./task-outcome-text.ts";

/** Assign… / Reassign… on a task: the block names the task, the select the person. */
export function taskReassigned(deps: ListenerDeps): Handler<ActionArgs<BlockAction<UsersSelectAction>>> {
  return async (args) => {
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
