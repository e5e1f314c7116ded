import { deliveryActorOf } from "../../../context.ts";
import { answerOnHome } from "../../../home-publisher.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { alreadyClaimedText, alreadyDoneText } from "../../../views/delivery/task-answers.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/**
 * Mark done on one of my tasks on the App Home. Success shows as the Home and the project thread
 * changing, and the project's completion is also said in a DM; an earlier click's notice goes,
 * since it no longer says what was last done. When nothing changed ("already done"), the Home
 * showed an old state: it is redrawn as it is now, saying why.
 */
export function homeTaskDoneClicked(deps: ListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, client, context }) => {
    await ack();
    const who = deliveryActorOf(context);
    const outcome = await deps.services.delivery.complete(
      who,
      readPayload(ZRecordId, action.value, STALE_BUTTON),
    );
    if (outcome.kind === "done") {
      if (outcome.projectCompleted) {
        const text = "That was the last task — the project is complete. :tada:";
        await tellPrivately(client, { userId: who.userId }, privateNotice(text));
      }
      await answerOnHome(client, deps.services, who, {});
      return;
    }
    const notice =
      outcome.kind === "already_done"
        ? alreadyDoneText(outcome.task)
        : outcome.kind === "already_claimed"
          ? alreadyClaimedText(outcome.task, outcome.by)
          : undefined;
    await answerOnHome(client, deps.services, who, notice ? { notice } : {});
  };
}
