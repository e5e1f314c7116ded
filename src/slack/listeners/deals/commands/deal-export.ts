import { handoffContext } from "../../../context.ts";
import { exportDoneMessage, exportEmptyMessage } from "../../../views/deal-export.ts";
import type { MessageView } from "../../../views/messages.ts";
import { listQueryFor } from "./deal-list-query.ts";
import type { DealSubcommand } from "./deal-subcommand.ts";

/**
 * `/deal export [mine|all|@someone|<stage>]`: the deals as a CSV file in the person's DM with
 * the app (filesUploadV2), open and closed alike; the command is answered privately once it is there.
 */
export const dealExport: DealSubcommand<"export"> =
  (deps) =>
  async ({ ack, respond, client, context }, { filter }) => {
    const { actor } = handoffContext(context);
    await ack();
    const answer = async (message: MessageView) => {
      await respond({ response_type: "ephemeral", replace_original: false, ...message });
    };
    const list = await listQueryFor(deps, client, actor, filter);
    if (list.kind === "refused") return answer(list.message);
    const { ownerId, stageIds } = list.query;
    const exported = await deps.services.exports.dealsCsv(actor.teamId, {
      ...(ownerId ? { ownerId } : {}),
      ...(stageIds ? { stageIds } : {}),
    });
    if (exported.count === 0) return answer(exportEmptyMessage(list.labels.title));
    const dm = await client.conversations.open({ users: actor.userId });
    await client.filesUploadV2({
      channel_id: dm.channel?.id ?? actor.userId,
      filename: exported.fileName,
      content: exported.csv,
      title: exported.fileName,
      initial_comment: `${list.labels.title}: ${exported.count} in Handoff's export format. /handoff import reads it back.`,
    });
    await answer(exportDoneMessage(exported.count));
  };
