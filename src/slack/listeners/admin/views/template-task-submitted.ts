import { isAppError } from "../../../../lib/app-error.ts";
import { handoffContext } from "../../../context.ts";
import { appErrorText } from "../../../error-messages.ts";
import { TemplateTaskField } from "../../../ids.ts";
import { readPrivateMetadata, readViewState, ZTemplateTaskMetadata } from "../../../payloads.ts";
import {
  readTemplateTaskForm,
  templateOverviewModal,
  templateTaskEdit,
  templateTaskFormErrors,
} from "../../../views/template-editor.ts";
import type { Handler, SubmitArgs, TemplateListenerDeps } from "../../deps.ts";

/**
 * The task form: adds the task (to its phase, or as the first of a new phase) or saves the
 * change, as a new version; problems show next to their fields, one per line with their path.
 * Saved, the form closes onto the overview, redrawn with what changed.
 */
export function templateTaskSubmitted(deps: TemplateListenerDeps): Handler<SubmitArgs> {
  return async ({ ack, view, body, client, context }) => {
    const { actor } = handoffContext(context);
    const meta = readPrivateMetadata(ZTemplateTaskMetadata, view.private_metadata);
    const form = readTemplateTaskForm(readViewState(view));
    const edit = templateTaskEdit(form, meta);
    const fields = view.blocks.map((block) => block.block_id ?? "");
    let saved: Awaited<ReturnType<typeof deps.services.templates.editDefinition>>;
    try {
      saved = await deps.services.templates.editDefinition(
        actor,
        meta.templateId ?? "",
        meta.version ?? 0,
        edit,
      );
    } catch (error) {
      if (!isAppError(error)) throw error;
      const errors = error.is("template.fields_invalid")
        ? templateTaskFormErrors(
            error.details.fields.definition?.kind === "invalid_definition"
              ? error.details.fields.definition.problems
              : [],
            fields,
          )
        : { [TemplateTaskField.Title]: appErrorText(error) };
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    const key = meta.key ?? form.key;
    const what = edit.kind === "edit_task" ? "Saved" : "Added";
    const overview = templateOverviewModal(
      saved,
      `:white_check_mark: ${what} \`${key}\` — now version ${saved.version}.`,
    );
    if (body.view.previous_view_id)
      await client.views.update({ view_id: body.view.previous_view_id, view: overview });
  };
}
