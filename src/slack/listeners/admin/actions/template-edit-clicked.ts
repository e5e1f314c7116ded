import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { templateModal } from "../../../views/templates.ts";
import type { ButtonArgs, Handler, TemplateListenerDeps } from "../../deps.ts";

/** Edit on the template list: the template's modal, prefilled. */
export function templateEditClicked(deps: TemplateListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const template = await deps.services.templates.get(
      actor,
      readPayload(ZRecordId, action.value, STALE_BUTTON),
    );
    await client.views.open({
      trigger_id: body.trigger_id,
      view: templateModal(template, { channelId: body.channel?.id }),
    });
  };
}
