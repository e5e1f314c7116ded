import type { BlockAction } from "@slack/bolt";
import { todayIn } from "../../../../domain/dates.ts";
import type { DeliveryActor, TaskOutcome } from "../../../../services/delivery-service.ts";
import { deliveryActorOf, handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { answerClickPrivately, respondPrivately } from "../../../reply.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";
import { type TaskListKind, taskListFor } from "../task-lists.ts";
import { listNoticeFor, privateTextFor } from "./task-outcome-text.ts";

/**
 * Claim, Mark done, Unclaim on a task message (the button's value is the task id). Success shows
 * as the message itself changing (through the queue); only "someone was first" and refusals are
 * said, privately. On a private list (`/tasks`, `/tasks open`) nothing else would change where
 * the person clicked: the list is redrawn in place, headed by what the click did.
 */
export function taskButton(
  deps: ListenerDeps,
  act: (actor: DeliveryActor, taskId: string) => Promise<TaskOutcome>,
  list?: TaskListKind,
): Handler<ButtonArgs> {
  return async (args) => {
    await args.ack();
    const outcome = await act(
      deliveryActorOf(args.context),
      readPayload(ZRecordId, args.action.value, STALE_BUTTON),
    );
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
