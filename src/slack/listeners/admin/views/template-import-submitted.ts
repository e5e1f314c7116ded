import { AppErrorCode, isAppError } from "../../../../lib/app-error.ts";
import { handoffContext } from "../../../context.ts";
import { appErrorText, SlackRefusal, templateFieldTexts } from "../../../error-messages.ts";
import { TemplateImportField } from "../../../ids.ts";
import { readSlackFile } from "../../../import-files.ts";
import { readPrivateMetadata, readViewState, ZTemplateTaskMetadata } from "../../../payloads.ts";
import { inputState } from "../../../views/modal-kit.ts";
import { templateOverviewModal } from "../../../views/template-editor.ts";
import * as words from "../../../views/template-files.ts";
import type { Handler, SubmitArgs, TemplateListenerDeps } from "../../deps.ts";

/**
 * Import JSON: the attached file is read from Slack, checked and saved as a new version of the
 * template; its problems show next to the field, one per line with their path. Saved, the form
 * closes onto the overview, redrawn with the imported tasks.
 */
export function templateImportSubmitted(deps: TemplateListenerDeps): Handler<SubmitArgs> {
  return async ({ ack, view, body, client, context }) => {
    const { actor } = handoffContext(context);
    const meta = readPrivateMetadata(ZTemplateTaskMetadata, view.private_metadata);
    const fileId = inputState(readViewState(view), TemplateImportField.File)?.files?.[0]?.id;
    const refuse = (lines: string[]) =>
      ack({ response_action: "errors", errors: words.templateFileErrors(lines) });
    if (!fileId) return refuse(["Attach the template's JSON file."]);
    let saved: Awaited<ReturnType<typeof deps.services.templates.replaceDefinition>>;
    let fileName: string;
    try {
      const file = await readSlackFile(client, fileId, {
        maxBytes: words.TEMPLATE_FILE_MAX_BYTES,
        gone: words.TEMPLATE_FILE_GONE,
      });
      if (file.bytes > words.TEMPLATE_FILE_MAX_BYTES)
        return refuse([words.templateFileTooBigText(file.bytes)]);
      fileName = file.name;
      const id = meta.templateId ?? "";
      saved = await deps.services.templates.replaceDefinition(actor, id, meta.version ?? 0, file.text);
    } catch (error) {
      if (error instanceof SlackRefusal) return refuse([error.message]);
      if (!isAppError(error)) throw error;
      const field = error.code === AppErrorCode.InvalidInput || error.code === AppErrorCode.Conflict;
      return refuse(field ? Object.values(templateFieldTexts(error)) : [appErrorText(error)]);
    }
    await ack();
    const overview = templateOverviewModal(saved, words.templateImportedNotice(fileName, saved.version));
    if (body.view.previous_view_id)
      await client.views.update({ view_id: body.view.previous_view_id, view: overview });
  };
}
