import { handoffContext } from "../../../context.ts";
import { settingsModal } from "../../../views/admin.ts";
import type { AdminListenerDeps, CommandArgs, Handler } from "../../deps.ts";

/** `/handoff settings`: the settings modal for admins; anyone else hears, privately, who to ask. */
export function settingsCommand(deps: AdminListenerDeps): Handler<CommandArgs> {
  return async ({ command, ack, client, context }) => {
    const { actor } = handoffContext(context);
    // The refusal (not an admin) is thrown before the ack, so it is the private answer itself.
    const snapshot = await deps.services.admin.settings(actor);
    const weekly = await deps.services.digests.defaultWeekly(actor.teamId);
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: settingsModal(snapshot, {
        channelId: command.channel_id,
        ...(weekly?.schedule.kind === "weekly" && weekly.schedule.dayOfWeek !== null
          ? { weeklyDigest: { dayOfWeek: weekly.schedule.dayOfWeek, time: weekly.schedule.time } }
          : {}),
      }),
    });
  };
}
