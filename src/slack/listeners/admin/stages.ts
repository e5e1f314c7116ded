import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import type { StageEditProblem } from "../../../domain/stage-edits.ts";
import { AppErrorCode, isAppError } from "../../../lib/app-error.ts";
import { handoffContext } from "../../context.ts";
import { tellPrivately } from "../../reply.ts";
import {
  readAdminModalMetadata,
  readStagesForm,
  stageFormErrors,
  stagesMessage,
  stagesModal,
  stagesSavedMessage,
} from "../../views/admin.ts";
import type { ViewStateValues } from "../../views/modal-kit.ts";
import type { AdminListenerDeps } from "./settings.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** `/handoff stages`: the stages, privately, for anyone; admins also get Edit stages. */
export function stagesCommand(deps: AdminListenerDeps) {
  return async ({ ack, context }: CommandArgs): Promise<void> => {
    const { actor } = handoffContext(context);
    const stages = await deps.services.admin.stages(actor.teamId);
    await ack({ response_type: "ephemeral", ...stagesMessage(stages, { canEdit: actor.role === "admin" }) });
  };
}

/** Edit stages: the modal, for admins (the button may be clicked after someone lost the role). */
export function editStagesClicked(deps: AdminListenerDeps) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const { actor } = handoffContext(context);
    const { stages, fingerprint } = await deps.services.admin.stagesToEdit(actor);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: stagesModal(stages, { fingerprint, channelId: body.channel?.id }),
    });
  };
}

/** Saves the stages modal: every problem goes next to its input and the modal stays open. */
export function stagesSubmitted(deps: AdminListenerDeps) {
  return async ({ ack, view, client, context }: SubmitArgs): Promise<void> => {
    const { actor } = handoffContext(context);
    const meta = readAdminModalMetadata(view.private_metadata);
    const edits = readStagesForm(view.state.values as ViewStateValues);
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
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    await tellPrivately(
      client,
      { userId: actor.userId, channelId: meta.channelId },
      stagesSavedMessage(result.stages, result.changed.length),
    );
  };
}
