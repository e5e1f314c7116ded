import { handoffContext } from "../../../context.ts";
import { readPayload, STALE_BUTTON, ZRecordId } from "../../../payloads.ts";
import { respondPrivately } from "../../../reply.ts";
import { leadSourceRevokedText, leadSourcesMessage } from "../../../views/leads.ts";
import { privateNotice } from "../../../views/messages.ts";
import type { AdminListenerDeps, ButtonArgs, Handler } from "../../deps.ts";

/** Revoke on `/handoff leads`: the source's hook stops taking leads; the list is redrawn. */
export function leadSourceRevokeClicked(deps: AdminListenerDeps): Handler<ButtonArgs> {
  return async (args) => {
    await args.ack();
    const { actor } = handoffContext(args.context);
    const sourceId = readPayload(ZRecordId, args.action.value, STALE_BUTTON);
    const revoked = await deps.services.leads.revokeSource(actor, sourceId);
    const sources = await deps.services.leads.listSources(actor);
    const list = leadSourcesMessage(sources);
    const notice = privateNotice(leadSourceRevokedText(revoked));
    await respondPrivately(
      args.respond,
      { text: notice.text, blocks: [...(notice.blocks ?? []), ...(list.blocks ?? [])] },
      true,
    );
  };
}
