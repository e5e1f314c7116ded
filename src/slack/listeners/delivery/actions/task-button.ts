import type { BlockAction } from "@slack/bolt";
import { todayIn } from "../../../../domain/dates.ts";
import type { DeliveryActor, TaskOutcome } from "../../../../services/delivery-service.ts";
import { deliveryActorOf, handoffContext } from "../../../context.ts";
import { answerOnHome } from "../../../home-publisher.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { answerClickPrivately, isPrivateMessageClick, respondPrivately } from "../../../reply.ts";
import { type TaskListKind, taskListFor } from "../../../task-lists.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";
import { listNoticeFor, privateTextFor } from "./task-outcome-text.ts";

/**
 * Claim, Mark done, Unclaim on a task message (the button's value is the task id). Success shows
 * as the message itself changing (through the queue); only "someone was first" and refusals are
 * said, privately. On a list (`/tasks`, `/tasks open`, the morning DM, the Home's Open tasks)
 * nothing else would change where the person clicked: the list is redrawn in place, headed by
 * what the click did.
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
    const place = list ? listPlace(args.body) : "elsewhere";
    if (list && place !== "elsewhere") {
      const { actor } = handoffContext(args.context);
      const today = todayIn(actor.settings.timeZone, deps.clock.now());
      const notice = text ?? listNoticeFor(outcome);
      if (place === "home") {
        // The Home's list is its Open tasks panel: it stays open, redrawn without the task.
        const panel = list === "open" ? { panel: "open_tasks" as const } : {};
        await answerOnHome(args.client, deps.services, actor, { ...panel, ...(notice ? { notice } : {}) });
        return;
      }
      await respondPrivately(args.respond, await taskListFor(deps, actor, list, today, notice), true);
      return;
    }
    if (text) await answerClickPrivately(args, args.body.user.id, privateNotice(text));
  };
}

/** A list: private (`/tasks`, the morning DM) or on the Home; a task's thread message is neither. */
function listPlace(body: BlockAction): "private" | "home" | "elsewhere" {
  if (body.container?.type === "view") return "home";
  return isPrivateMessageClick(body) ? "private" : "elsewhere";
}
