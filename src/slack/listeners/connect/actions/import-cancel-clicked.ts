import { importStatusMessage } from "../../../views/import.ts";
import type { ButtonArgs, Handler } from "../../deps.ts";
import { clickedMessage } from "../import-preview.ts";

/** Cancel on the preview: nothing was imported, and the preview says so in place. */
export function importCancelClicked(): Handler<ButtonArgs> {
  return async ({ ack, body, client }) => {
    await ack();
    const where = clickedMessage(body);
    if (where)
      await client.chat.update({
        ...where,
        ...importStatusMessage("Import cancelled. Nothing was imported."),
      });
  };
}
