// What a form control on the sandbox page holds (an option value, a user id, a date, several of
// them) turned into the state Slack would send for that Block Kit element.

import { elementType, type JsonObject, optionsOf } from "./elements.ts";
import { SlackDriverError } from "./submit-values.ts";
import { elementState, stateShape } from "./view-state.ts";

/** As the page reads it from the control: text or one value, several values, or nothing. */
export type RawValue = string | string[] | null;

/** Raw values by block_id, then action_id, as the page collects them from a modal. */
export type RawValues = Record<string, Record<string, RawValue>>;

/** The file object of a file the person attached (uploaded themselves), by id; undefined if there is none. */
export type AttachedFileLookup = (fileId: string) => Record<string, unknown> | undefined;

export function stateFromRaw(
  element: JsonObject,
  raw: RawValue,
  attachedFile?: AttachedFileLookup,
): Record<string, unknown> | undefined {
  const shape = stateShape(element);
  if (!shape) return undefined;
  const values = (raw === null ? [] : Array.isArray(raw) ? raw : [raw]).filter((v) => v !== "");
  const many = Array.isArray(shape.empty);
  const type = elementType(element);
  const byValue = (value: string) => optionsOf(element).find((o) => o.value === value);

  if (["static_select", "external_select", "radio_buttons"].includes(type)) {
    const option = values[0] === undefined ? undefined : byValue(values[0]);
    return elementState(element, option ? structuredClone(option) : null);
  }
  if (["multi_static_select", "multi_external_select", "checkboxes"].includes(type)) {
    const options = values.map(byValue).filter((o): o is JsonObject => o !== undefined);
    return elementState(element, structuredClone(options));
  }
  // A file_input holds the ids of files the person uploaded; Slack's state carries the file objects.
  if (type === "file_input") {
    const files = values.map((id) => {
      const file = attachedFile?.(id);
      if (!file) throw new SlackDriverError(`No file ${id} attached by this person`);
      return file;
    });
    return elementState(element, files);
  }
  if (many) return elementState(element, values);
  // Text keeps what was typed, spaces included; an emptied field is null, as in Slack.
  const text = typeof raw === "string" ? raw : (values[0] ?? "");
  return elementState(element, text === "" ? null : text);
}
