import type { BlockAction, StaticSelectAction } from "@slack/bolt";
import { handoffContext } from "../../../context.ts";
import { ImportAction } from "../../../ids.ts";
import { jsonOf, readPayload, STALE_BUTTON, ZImportChoices, ZImportStageChoice } from "../../../payloads.ts";
import type { ActionArgs, AdminListenerDeps, Handler } from "../../deps.ts";
import { clickedMessage, importPreview } from "../import-preview.ts";

/** A stage chosen for one of the file's stage names: the preview is drawn again with it, counts and all. */
export function importStageChosen(
  deps: AdminListenerDeps,
): Handler<ActionArgs<BlockAction<StaticSelectAction>>> {
  return async ({ ack, action, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const choice = readPayload(ZImportStageChoice, action.selected_option.value, STALE_BUTTON);
    // The choices so far ride on the preview's buttons.
    const blocks = (body.message?.blocks ?? []) as Array<{
      elements?: Array<{ action_id?: string; value?: string }>;
    }>;
    const run = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ImportAction.Cancel);
    const choices = readPayload(jsonOf(ZImportChoices), run?.value, STALE_BUTTON);
    const mapping = { ...choices.mapping, [choice.index]: choice.stageId };
    const message = await importPreview(deps, client, actor, { ...choices, mapping });
    const where = clickedMessage(body);
    if (where) await client.chat.update({ ...where, ...message });
  };
}
