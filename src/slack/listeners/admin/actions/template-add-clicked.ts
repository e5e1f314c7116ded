import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZTemplateSpot } from "../../../payloads.ts";
import { templateTaskModal } from "../../../views/template-editor.ts";
import type { ButtonArgs, Handler, TemplateListenerDeps } from "../../deps.ts";

/** Add task (on a phase) or Add phase (at the end) in the overview: the small task form, on top. */
export function templateAddClicked(deps: TemplateListenerDeps, what: "task" | "phase"): Handler<ButtonArgs> {
  return async ({ ack, action, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const spot = readPayload(ZTemplateSpot, action.value, STALE_BUTTON);
    const template = await deps.services.templates.get(actor, spot.t);
    const target = what === "phase" ? { phase: -1, newPhase: true } : { phase: spot.p ?? 0 };
    await client.views.push({ trigger_id: body.trigger_id, view: templateTaskModal(template, target) });
  };
}
