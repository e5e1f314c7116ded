import type { WebClient } from "@slack/web-api";
import type { ImportActor } from "../../../services/import-service.ts";
import { readSlackFile } from "../../import-files.ts";
import { type ImportChoicesValue, importPreviewMessage } from "../../views/import.ts";
import type { MessageView } from "../../views/messages.ts";
import type { AdminListenerDeps } from "../deps.ts";

/** The preview of the attached file with the choices made so far: read from Slack each time. */
export async function importPreview(
  deps: AdminListenerDeps,
  client: WebClient,
  actor: ImportActor,
  choices: ImportChoicesValue,
): Promise<MessageView> {
  const file = await readSlackFile(client, choices.fileId);
  const preview = await deps.services.imports.preview(actor, file, {
    update: choices.update,
    stageMapping: {},
    stageChoices: choices.mapping,
  });
  return importPreviewMessage(preview, choices);
}

/** Where the clicked preview message is (the person's DM with the app). */
export function clickedMessage(body: unknown): { channel: string; ts: string } | undefined {
  const container = (body as { container?: { channel_id?: string; message_ts?: string } }).container;
  return container?.channel_id && container.message_ts
    ? { channel: container.channel_id, ts: container.message_ts }
    : undefined;
}
