import { handoffContext } from "../../../context.ts";
import { apiTokenListMessage } from "../../../views/api-tokens.ts";
import type { ApiTokenListenerDeps, CommandArgs, Handler } from "../../deps.ts";

/** `/handoff api`: the REST API's tokens, privately, for admins; anyone else hears who can. */
export function apiTokensCommand(deps: ApiTokenListenerDeps): Handler<CommandArgs> {
  return async ({ ack, context }) => {
    const { actor } = handoffContext(context);
    const tokens = await deps.services.apiAccess.list(actor);
    await ack({ response_type: "ephemeral", ...apiTokenListMessage(tokens) });
  };
}
