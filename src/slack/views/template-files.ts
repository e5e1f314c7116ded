import type { ModalView } from "@slack/types";
import { truncateText } from "../../domain/command-text.ts";
import type { Template } from "../../domain/delivery.ts";
import { formatTemplateDefinition } from "../../domain/delivery-rules.ts";
import { InputActionId, TemplateImportField, TemplateView } from "../ids.ts";
import { writePrivateMetadata, ZTemplateTaskMetadata } from "../payloads.ts";
import { input, modal } from "./modal-kit.ts";
import { TEMPLATE_ERROR_MAX_LENGTH } from "./templates.ts";

/**
 * A template as a JSON file, for edits too big for Slack's text box: Export JSON sends the
 * definition to the admin's DM; Import JSON reads an edited file back as a new version.
 */

/** A template file is small: the largest template allowed is far under this. */
export const TEMPLATE_FILE_MAX_BYTES = 1024 * 1024;

/** The exported file: named after the template's key (safe in any file system), pretty-printed. */
export function templateFile(template: Template): { fileName: string; content: string } {
  return { fileName: `${template.key}.json`, content: formatTemplateDefinition(template.definition) };
}

export function templateExportNote(template: Template): string {
  return `The template “${template.name}” (version ${template.version}) as JSON. Edit it and bring it back with Import JSON in the template’s overview; it is checked before anything is saved.`;
}

export function templateExportedNotice(fileName: string): string {
  return `:outbox_tray: \`${fileName}\` is in your DM with Handoff.`;
}

export function templateImportedNotice(fileName: string, version: number): string {
  return `:white_check_mark: Imported \`${fileName}\` — now version ${version}.`;
}

export const TEMPLATE_FILE_GONE =
  "That file is no longer in Slack (deleted, or the upload did not finish). Attach it again.";

export function templateFileTooBigText(bytes: number): string {
  const mb = (bytes / (1024 * 1024)).toFixed(1);
  return `That file is ${mb} MB; a template file is at most 1 MB. Attach the file from Export JSON, edited.`;
}

/** Slack's errors for the file field: the problems one per line, cut to what Slack shows. */
export function templateFileErrors(lines: readonly string[]): Record<string, string> {
  return { [TemplateImportField.File]: truncateText(lines.join("\n"), TEMPLATE_ERROR_MAX_LENGTH) };
}

/** Import JSON: one .json file, for the template as it was when the button was clicked. */
export function templateImportModal(template: Template): ModalView {
  return modal({
    callbackId: TemplateView.Import,
    title: "Import JSON",
    submit: "Import",
    metadata: writePrivateMetadata(ZTemplateTaskMetadata, {
      templateId: template.id,
      version: template.version,
    }),
    blocks: [
      input(
        TemplateImportField.File,
        "JSON file",
        { type: "file_input", action_id: InputActionId, filetypes: ["json"], max_files: 1 },
        {
          hint: `Replaces the tasks of “${template.name}” with the file’s, as a new version. Up to 1 MB; start from Export JSON.`,
        },
      ),
    ],
  });
}
