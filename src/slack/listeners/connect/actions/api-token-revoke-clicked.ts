import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { respondPrivately } from "../../../reply.ts";
import { apiTokenListMessage, revokedNotice } from "../../../views/api-tokens.ts";
import type { ApiTokenListenerDeps, ButtonArgs, Handler } from "../../deps.ts";

/** Revoke (after Slack's confirm dialog): the token stops working; the list is redrawn in place. */
export function apiTokenRevokeClicked(deps: ApiTokenListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, context, respond }) => {
    await ack();
    const { actor } = handoffContext(context);
    const tokenId = readPayload(ZRecordId, action.value, STALE_BUTTON);
    const revoked = await deps.services.apiAccess.revoke(actor, tokenId);
    const tokens = await deps.services.apiAccess.list(actor);
    await respondPrivately(respond, apiTokenListMessage(tokens, revokedNotice(revoked)), true);
  };
}
