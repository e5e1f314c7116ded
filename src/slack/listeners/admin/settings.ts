import type {
  AllMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from "@slack/bolt";
import { handoffContext } from "../../context.ts";
import { tellPrivately } from "../../reply.ts";
import type { SlackServices } from "../../services.ts";
import {
  readAdminModalMetadata,
  readSettingsForm,
  readWeeklyDigestForm,
  SETTINGS_FIELD_BLOCKS,
  settingsModal,
  settingsSavedMessage,
  WEEKLY_DIGEST_FIELD_BLOCKS,
} from "../../views/admin.ts";
import type { ViewStateValues } from "../../views/modal-kit.ts";
import { formErrorsFrom } from "../deals/deal-form.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface AdminListenerDeps {
  readonly services: Pick<SlackServices, "admin" | "digests">;
}

/** `/handoff settings`: the settings modal for admins; anyone else hears, privately, who to ask. */
export function settingsCommand(deps: AdminListenerDeps) {
  return async ({ command, ack, client, context }: CommandArgs): Promise<void> => {
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

/** Saves the settings modal: a refusal about a field goes next to it and keeps the modal open. */
export function settingsSubmitted(deps: AdminListenerDeps) {
  return async ({ ack, view, client, context }: SubmitArgs): Promise<void> => {
    const { actor } = handoffContext(context);
    const input = readSettingsForm(view.state.values as ViewStateValues);
    const weekly = readWeeklyDigestForm(view.state.values as ViewStateValues);
    if (weekly) {
      // Checked before anything is saved, so a refusal leaves the settings as they were.
      try {
        deps.services.digests.checkWeeklySchedule(weekly.dayOfWeek, weekly.time);
      } catch (error) {
        const errors = formErrorsFrom(error, WEEKLY_DIGEST_FIELD_BLOCKS);
        if (!errors) throw error;
        await ack({ response_action: "errors", errors });
        return;
      }
    }
    let changed: string[];
    try {
      ({ changed } = await deps.services.admin.saveSettings(actor, input));
    } catch (error) {
      const errors = formErrorsFrom(error, SETTINGS_FIELD_BLOCKS);
      if (!errors) throw error;
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    // saveSettings has refused anyone but an admin, so the schedule may follow.
    const current = await deps.services.digests.defaultWeekly(actor.teamId);
    if (
      weekly &&
      current?.schedule.kind === "weekly" &&
      (current.schedule.dayOfWeek !== weekly.dayOfWeek || current.schedule.time !== weekly.time) &&
      (await deps.services.digests.setDefaultWeekly(actor.teamId, weekly.dayOfWeek, weekly.time))
    ) {
      changed = [...changed, "weeklyDigest"];
    }
    const { channelId } = readAdminModalMetadata(view.private_metadata);
    await tellPrivately(client, { userId: actor.userId, channelId }, settingsSavedMessage(changed));
  };
}
