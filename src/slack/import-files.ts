import type { WebClient } from "@slack/web-api";
import { csvText } from "../domain/csv.ts";
import { IMPORT_LIMITS } from "../domain/deal-import.ts";
import type { ImportFile } from "../services/import-service.ts";
import { SlackRefusal } from "./error-messages.ts";

const GONE =
  "That file is no longer in Slack (deleted, or the upload did not finish). Run /handoff import again and attach it.";

/**
 * The CSV a person attached, read from Slack: files.info, then its url_private_download with
 * the bot token (a CSV to import by default; `limits` for other files). A file over the limit is not downloaded: its size alone is refused. Slack
 * answers a download it does not allow with its sign-in page (HTML), never taken for the file.
 */
export async function readSlackFile(
  client: WebClient,
  fileId: string,
  limits: { maxBytes: number; gone: string } = { maxBytes: IMPORT_LIMITS.bytes, gone: GONE },
): Promise<ImportFile> {
  const info = await client.files.info({ file: fileId }).catch((error: unknown) => {
    if ((error as { data?: { error?: string } }).data?.error === "file_not_found")
      throw new SlackRefusal(limits.gone);
    throw error;
  });
  const file = info.file;
  const url = file?.url_private_download ?? file?.url_private;
  if (!file || !url) throw new SlackRefusal(limits.gone);
  const name = file.name ?? "file.csv";
  const size = file.size ?? 0;
  if (size > limits.maxBytes) return { name, text: "", bytes: size };
  const response = await fetch(url, { headers: { authorization: `Bearer ${client.token ?? ""}` } });
  const type = response.headers.get("content-type") ?? "";
  if (!response.ok || type.includes("text/html")) {
    throw new Error(`Slack did not hand over the file ${fileId} (HTTP ${response.status}, ${type})`);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  return { name, text: csvText(bytes), bytes: bytes.length };
}
