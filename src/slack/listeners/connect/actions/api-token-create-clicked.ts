import { handoffContext } from "../../../context.ts";
import { createApiTokenModal } from "../../../views/api-tokens.ts";
import type { ApiTokenListenerDeps, ButtonArgs, Handler } from "../../deps.ts";

/** Create token on `/handoff api`'s list: the modal asking for a name and access. */
export function apiTokenCreateClicked(deps: ApiTokenListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    await deps.services.apiAccess.assertCanManage(actor);
    await client.views.open({ trigger_id: body.trigger_id, view: createApiTokenModal() });
  };
}
