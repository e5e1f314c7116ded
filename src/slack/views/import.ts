import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { ActionsBlock, KnownBlock, ModalView, SectionBlock } from "@slack/types";
import { truncateText } from "../../domain/command-text.ts";
import type { ImportPreview } from "../../domain/deal-import.ts";
import { ImportAction, ImportField, ImportView, InputActionId } from "../ids.ts";
import { importPreviewText } from "../import-words.ts";
import { button } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { input, modal, option } from "./modal-kit.ts";

/** What the preview's buttons and selects carry: see ZImportChoices in payloads.ts. */
export interface ImportChoicesValue {
  readonly fileId: string;
  readonly update: boolean;
  /** Unmatched stage names by their place in the preview → the stage chosen for them. */
  readonly mapping: Readonly<Record<string, string>>;
}

/** How many unmatched stage names get a select (a message holds at most 50 blocks). */
const MAPPED_STAGES = 20;

export function importModal(metadata: string): ModalView {
  return modal({
    callbackId: ImportView.Deals,
    title: "Import deals",
    submit: "Preview",
    metadata,
    blocks: [
      input(
        ImportField.File,
        "CSV file",
        { type: "file_input", action_id: InputActionId, filetypes: ["csv"], max_files: 1 },
        {
          hint: "A deals export from HubSpot, Pipedrive or Salesforce, or Handoff's own (/deal export). Up to 10 MB and 50,000 rows. Nothing is imported before you see a preview.",
        },
      ),
      input(
        ImportField.Update,
        "Deals already in Handoff",
        {
          type: "checkboxes",
          action_id: InputActionId,
          options: [
            {
              text: { type: "plain_text", text: "Update existing deals" },
              description: {
                type: "plain_text",
                text: "Matched by the file's id column, else by deal name and company",
              },
              value: "update",
            },
          ],
        },
        { optional: true },
      ),
    ],
  });
}

function plain(text: string): SectionBlock {
  return { type: "section", text: { type: "plain_text", text: truncateText(text, L.sectionText) } };
}

/** The preview: counts and reasons in plain text, a select per unmatched stage, Import and Cancel. */
export function importPreviewMessage(preview: ImportPreview, choices: ImportChoicesValue): MessageView {
  const text = importPreviewText(preview, { update: choices.update });
  const blocks: KnownBlock[] = [plain(text)];
  const options = preview.stages.map((stage) => ({ id: stage.id, name: stage.name }));
  preview.unmatchedStages.slice(0, MAPPED_STAGES).forEach((name, index) => {
    const chosen = options.find((s) => s.id === choices.mapping[String(index)]);
    const toOption = (stage: { id: string; name: string }) => option(stage.name, `${index}:${stage.id}`);
    blocks.push({
      type: "section",
      block_id: `import_stage_${index}`,
      text: { type: "plain_text", text: truncateText(`Stage "${name}" becomes`, L.sectionText) },
      accessory: {
        type: "static_select",
        action_id: ImportAction.MapStage,
        placeholder: { type: "plain_text", text: preview.fallbackStage.name },
        options: options.slice(0, 100).map(toOption),
        ...(chosen ? { initial_option: toOption(chosen) } : {}),
      },
    });
  });
  const nothingToDo = preview.toCreate + preview.toUpdate === 0;
  const actions: ActionsBlock = {
    type: "actions",
    elements: [
      ...(nothingToDo ? [] : [button("Import", ImportAction.Run, JSON.stringify(choices), "primary")]),
      button("Cancel", ImportAction.Cancel, JSON.stringify(choices)),
    ],
  };
  blocks.push(actions);
  return { text: truncateText(text, 3000), blocks };
}

/** Progress and the summary: the preview message, edited in place, without buttons. */
export function importStatusMessage(text: string): MessageView {
  return { text, blocks: [plain(text)] };
}
