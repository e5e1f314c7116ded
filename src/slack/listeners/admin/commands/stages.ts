import { handoffContext } from "../../../context.ts";
import { stagesMessage } from "../../../views/admin.ts";
import type { AdminListenerDeps, CommandArgs, Handler } from "../../deps.ts";

/** `/handoff stages`: the stages, privately, for anyone; admins also get Edit stages. */
export function stagesCommand(deps: AdminListenerDeps): Handler<CommandArgs> {
  return async ({ ack, context }) => {
    const { actor } = handoffContext(context);
    const stages = await deps.services.admin.stages(actor.teamId);
    await ack({ response_type: "ephemeral", ...stagesMessage(stages, { canEdit: actor.role === "admin" }) });
  };
}
