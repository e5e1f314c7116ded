import type { ViewSubmitAction } from "@slack/bolt";
import { truncateText } from "../../../../domain/command-text.ts";
import { AppErrorCode, isAppError } from "../../../../lib/app-error.ts";
import type { TemplateField as ServiceField } from "../../../../services/template-service.ts";
import { templateFieldTexts } from "../../../error-messages.ts";
import { TemplateField } from "../../../ids.ts";
import { TEMPLATE_ERROR_MAX_LENGTH } from "../../../views/templates.ts";

const FIELD_BLOCKS: Record<ServiceField, TemplateField> = {
  name: TemplateField.Name,
  key: TemplateField.Key,
  definition: TemplateField.Definition,
  default: TemplateField.Default,
};

export function blockIdsOf(view: ViewSubmitAction["view"]): Set<string> {
  return new Set(view.blocks.flatMap((block) => (block.block_id ? [block.block_id] : [])));
}

/**
 * A refusal about fields as Slack's `errors`: each next to its field, or next to Name when the
 * form has no such input (an edit has no Key; a definition too long for Slack has no box).
 */
export function fieldErrors(
  error: unknown,
  present: ReadonlySet<string>,
): Record<string, string> | undefined {
  if (!isAppError(error)) return undefined;
  if (error.code !== AppErrorCode.InvalidInput && error.code !== AppErrorCode.Conflict) return undefined;
  const fields = templateFieldTexts(error);
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields) as Array<[ServiceField, string]>) {
    const wanted = FIELD_BLOCKS[field] ?? TemplateField.Name;
    const block = present.has(wanted) ? wanted : TemplateField.Name;
    const text = errors[block] ? `${errors[block]}\n${message}` : message;
    errors[block] = truncateText(text, TEMPLATE_ERROR_MAX_LENGTH);
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}
