import { handoffContext } from "../../../context.ts";
import { writePrivateMetadata, ZImportModalMetadata } from "../../../payloads.ts";
import { importModal } from "../../../views/import.ts";
import type { AdminListenerDeps, CommandArgs, Handler } from "../../deps.ts";

/** `/handoff import`: the Import deals modal for admins; anyone else hears, privately, who to ask. */
export function importCommand(deps: AdminListenerDeps): Handler<CommandArgs> {
  return async ({ command, ack, client, context }) => {
    const { actor } = handoffContext(context);
    // Refused before the ack, so the refusal is the private answer itself.
    await deps.services.imports.checkMayImport(actor);
    await ack();
    const metadata = writePrivateMetadata(ZImportModalMetadata, { channelId: command.channel_id });
    await client.views.open({ trigger_id: command.trigger_id, view: importModal(metadata) });
  };
}
