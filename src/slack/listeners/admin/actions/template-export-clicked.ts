import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZTemplateSpot } from "../../../payloads.ts";
import { templateOverviewModal } from "../../../views/template-editor.ts";
import { templateExportedNotice, templateExportNote, templateFile } from "../../../views/template-files.ts";
import type { ButtonArgs, Handler, TemplateListenerDeps } from "../../deps.ts";

/**
 * Export JSON in the overview: the template's definition, pretty-printed, as a file in the
 * admin's DM with the app (filesUploadV2); the overview says where it went.
 */
export function templateExportClicked(deps: TemplateListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const spot = readPayload(ZTemplateSpot, action.value, STALE_BUTTON);
    const template = await deps.services.templates.get(actor, spot.t);
    const file = templateFile(template);
    const dm = await client.conversations.open({ users: actor.userId });
    await client.filesUploadV2({
      channel_id: dm.channel?.id ?? actor.userId,
      filename: file.fileName,
      title: file.fileName,
      content: file.content,
      initial_comment: templateExportNote(template),
    });
    if (body.view)
      await client.views.update({
        view_id: body.view.id,
        view: templateOverviewModal(template, templateExportedNotice(file.fileName)),
      });
  };
}
