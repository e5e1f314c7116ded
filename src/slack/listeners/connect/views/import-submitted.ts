import { handoffContext } from "../../../context.ts";
import { ImportField } from "../../../ids.ts";
import { readViewState } from "../../../payloads.ts";
import { inputState } from "../../../views/modal-kit.ts";
import type { AdminListenerDeps, Handler, SubmitArgs } from "../../deps.ts";
import { importPreview } from "../import-preview.ts";

/** The import modal: the file is read and previewed privately, in the admin's DM; nothing is imported yet. */
export function importSubmitted(deps: AdminListenerDeps): Handler<SubmitArgs> {
  return async ({ ack, view, client, context }) => {
    const { actor } = handoffContext(context);
    const values = readViewState(view);
    const file = inputState(values, ImportField.File)?.files?.[0];
    if (!file) {
      return ack({
        response_action: "errors",
        errors: { [ImportField.File]: "Attach the CSV file to import." },
      });
    }
    const update = (inputState(values, ImportField.Update)?.selected_options ?? []).some(
      (o) => o.value === "update",
    );
    await ack();
    const message = await importPreview(deps, client, actor, { fileId: file.id, update, mapping: {} });
    await client.chat.postMessage({ channel: actor.userId, ...message });
  };
}
