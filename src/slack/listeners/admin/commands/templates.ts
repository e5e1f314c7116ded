import { handoffContext } from "../../../context.ts";
import { templateListMessage } from "../../../views/templates.ts";
import type { CommandArgs, Handler, TemplateListenerDeps } from "../../deps.ts";

/** `/handoff templates`: the list, privately, for admins; anyone else hears who can. */
export function templatesCommand(deps: TemplateListenerDeps): Handler<CommandArgs> {
  return async ({ ack, context }) => {
    const { actor } = handoffContext(context);
    await deps.services.templates.assertCanManage(actor);
    const templates = await deps.services.templates.list(actor.teamId);
    await ack({ response_type: "ephemeral", ...templateListMessage(templates) });
  };
}
