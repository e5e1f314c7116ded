import { handoffContext } from "../../../context.ts";
import { readSlackFile } from "../../../import-files.ts";
import { importProgressText, importSummaryText } from "../../../import-words.ts";
import { jsonOf, readPayload, STALE_BUTTON, ZImportChoices } from "../../../payloads.ts";
import { importStatusMessage } from "../../../views/import.ts";
import type { AdminListenerDeps, ButtonArgs, Handler } from "../../deps.ts";
import { clickedMessage } from "../import-preview.ts";

/** chat.update is Tier 3 (about 50 a minute): progress is shown at most this often. */
const PROGRESS_EVERY_MS = 3_000;

/** Import on the preview: runs after the ack in batches, the preview edited into progress, then the summary. */
export function importRunClicked(deps: AdminListenerDeps): Handler<ButtonArgs> {
  return async ({ ack, action, body, client, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const choices = readPayload(jsonOf(ZImportChoices), action.value, STALE_BUTTON);
    const where = clickedMessage(body);
    const show = async (text: string) => {
      if (where) await client.chat.update({ ...where, ...importStatusMessage(text) });
    };
    const file = await readSlackFile(client, choices.fileId);
    await show(importProgressText(file.name, 0, 1));
    let shownAt = 0;
    const summary = await deps.services.imports.run(
      actor,
      file,
      { update: choices.update, stageMapping: {}, stageChoices: choices.mapping },
      async ({ done, total }) => {
        if (Date.now() - shownAt < PROGRESS_EVERY_MS || done === total) return;
        shownAt = Date.now();
        await show(importProgressText(file.name, done, total));
      },
    );
    const text = importSummaryText(summary);
    if (where) await show(text);
    else await client.chat.postMessage({ channel: actor.userId, ...importStatusMessage(text) });
  };
}
