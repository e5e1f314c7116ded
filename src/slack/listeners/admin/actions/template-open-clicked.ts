import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { templateOverviewModal } from "../../../views/template-editor.ts";
import type { ButtonArgs, Handler, TemplateListenerDeps } from "../../deps.ts";

/** Task by task: the template's overview, in place of the JSON form it was clicked in. */
export function templateOpenClicked(deps: TemplateListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const template = await deps.services.templates.get(
      actor,
      readPayload(ZRecordId, action.value, STALE_BUTTON),
    );
    const view = templateOverviewModal(template);
    if (body.view) await client.views.update({ view_id: body.view.id, view });
    else await client.views.open({ trigger_id: body.trigger_id, view });
  };
}
