import { deliveryActorOf } from "../../../context.ts";
import { publishHome } from "../../../home-publisher.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { alreadyClaimedText, alreadyDoneText } from "../../../views/delivery/task-answers.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/**
 * Mark done on one of my tasks on the App Home. Success shows as the Home and the project thread
 * changing (through the queue); only "already done" and the project's completion are said, in a DM.
 */
export function homeTaskDoneClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, client, context }) => {
    await ack();
    const who = deliveryActorOf(context);
    const outcome = await deps.services.delivery.complete(
      who,
      readPayload(ZRecordId, action.value, STALE_BUTTON),
    );
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
