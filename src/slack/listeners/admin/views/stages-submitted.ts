import type { StageEditProblem } from "../../../../domain/stage-edits.ts";
import { AppErrorCode, isAppError } from "../../../../lib/app-error.ts";
import { handoffContext } from "../../../context.ts";
import { readPrivateMetadata, readViewState, ZAdminModalMetadata } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import { readStagesForm, stageFormErrors, stagesSavedMessage } from "../../../views/admin.ts";
import type { AdminListenerDeps, Handler, SubmitArgs } from "../../deps.ts";

/** Saves the stages modal: every problem goes next to its input and the modal stays open. */
export function stagesSubmitted(deps: AdminListenerDeps): Handler<SubmitArgs> {
  return async ({ ack, view, client, context }) => {
    const { actor } = handoffContext(context);
    const meta = readPrivateMetadata(ZAdminModalMetadata, view.private_metadata);
    const edits = readStagesForm(readViewState(view));
    let result: Awaited<ReturnType<typeof deps.services.admin.saveStages>>;
    try {
      result = await deps.services.admin.saveStages(actor, edits, meta.fingerprint ?? "");
    } catch (error) {
      const problems = isAppError(error)
        ? (error.details as { problems?: StageEditProblem[] }).problems
        : undefined;
      if (!problems || !isAppError(error)) throw error;
      const errors = stageFormErrors(problems);
      if (Object.keys(errors).length === 0 && isAppError(error, AppErrorCode.Conflict)) {
        // Nothing to point at: the whole form is out of date. The safety net answers privately.
        throw error;
      }
      return ack({ response_action: "errors", errors });
    }
    await ack();
    await tellPrivately(
      client,
      { userId: actor.userId, channelId: meta.channelId },
      stagesSavedMessage(result.stages, result.changed.length),
    );
  };
}
