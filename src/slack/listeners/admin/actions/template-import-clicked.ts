import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZTemplateSpot } from "../../../payloads.ts";
import { templateImportModal } from "../../../views/template-files.ts";
import type { ButtonArgs, Handler, TemplateListenerDeps } from "../../deps.ts";

/** Import JSON in the overview: the small file form, on top, for the version the overview shows. */
export function templateImportClicked(deps: TemplateListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const spot = readPayload(ZTemplateSpot, action.value, STALE_BUTTON);
    const template = await deps.services.templates.get(actor, spot.t);
    await client.views.push({
      trigger_id: body.trigger_id,
      view: templateImportModal({ ...template, version: spot.v }),
    });
  };
}
