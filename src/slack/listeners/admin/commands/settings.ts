import { handoffContext } from "../../../context.ts";
import { settingsModal, settingsOverviewMessage, type WeeklyDigestSchedule } from "../../../views/admin.ts";
import type { AdminListenerDeps, CommandArgs, Handler } from "../../deps.ts";

/**
 * `/handoff settings`: the settings modal for admins; anyone else sees the same settings,
 * privately and read-only, with the admins who can change them named.
 */
export function settingsCommand(deps: AdminListenerDeps): Handler<CommandArgs> {
  return async ({ command, ack, client, context }) => {
    const { actor } = handoffContext(context);
    const weekly = await deps.services.digests.defaultWeekly(actor.teamId);
    const weeklyDigest: WeeklyDigestSchedule | undefined =
      weekly?.schedule.kind === "weekly" && weekly.schedule.dayOfWeek !== null
        ? { dayOfWeek: weekly.schedule.dayOfWeek, time: weekly.schedule.time }
        : undefined;
    if (actor.role !== "admin") {
      const snapshot = await deps.services.admin.readSettings(actor.teamId);
      await ack({ response_type: "ephemeral", ...settingsOverviewMessage(snapshot, weeklyDigest) });
      return;
    }
    const snapshot = await deps.services.admin.settings(actor);
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: settingsModal(snapshot, {
        channelId: command.channel_id,
        ...(weeklyDigest ? { weeklyDigest } : {}),
      }),
    });
  };
}
