import { handoffContext } from "../../../context.ts";
import { formErrorsFrom } from "../../../deal-form.ts";
import { readPrivateMetadata, readViewState, ZAdminModalMetadata } from "../../../payloads.ts";
import { tellPrivately } from "../../../reply.ts";
import * as admin from "../../../views/admin.ts";
import type { AdminListenerDeps, Handler, SubmitArgs } from "../../deps.ts";
import { saveWeeklyDigest } from "./weekly-digest.ts";

/** Saves the settings modal: a refusal about a field goes next to it and keeps the modal open. */
export function settingsSubmitted(deps: AdminListenerDeps): Handler<SubmitArgs> {
  return async ({ ack, view, client, context }) => {
    const { actor } = handoffContext(context);
    const values = readViewState(view);
    const input = admin.readSettingsForm(values);
    const weekly = admin.readWeeklyDigestForm(values);
    if (weekly) {
      // Checked before anything is saved, so a refusal leaves the settings as they were.
      try {
        deps.services.digests.checkWeeklySchedule(weekly.dayOfWeek, weekly.time);
      } catch (error) {
        const errors = formErrorsFrom(error, admin.WEEKLY_DIGEST_FIELD_BLOCKS);
        if (!errors) throw error;
        return ack({ response_action: "errors", errors });
      }
    }
    let changed: string[];
    try {
      ({ changed } = await deps.services.admin.saveSettings(actor, input));
    } catch (error) {
      const errors = formErrorsFrom(error, admin.SETTINGS_FIELD_BLOCKS);
      if (!errors) throw error;
      return ack({ response_action: "errors", errors });
    }
    await ack();
    // saveSettings has refused anyone but an admin, so the schedule may follow.
    if (weekly && (await saveWeeklyDigest(deps, actor.teamId, weekly)))
      changed = [...changed, "weeklyDigest"];
    const { channelId } = readPrivateMetadata(ZAdminModalMetadata, view.private_metadata);
    await tellPrivately(client, { userId: actor.userId, channelId }, admin.settingsSavedMessage(changed));
  };
}
