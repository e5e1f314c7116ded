// `state.values` exactly as Slack builds it for each stateful element type.

import type { ViewStateValues } from "../emulator/types.ts";
import { elementType, type JsonObject, locateElements } from "./elements.ts";

interface StateShape {
  /** The key of the current value in `state.values[block][action]`. */
  key: string;
  /** The element property holding its initial value. */
  initial: string;
  /** Slack's value when nothing is chosen. */
  empty: null | [];
}

const SHAPES: Record<string, StateShape> = {
  plain_text_input: { key: "value", initial: "initial_value", empty: null },
  email_text_input: { key: "value", initial: "initial_value", empty: null },
  url_text_input: { key: "value", initial: "initial_value", empty: null },
  number_input: { key: "value", initial: "initial_value", empty: null },
  rich_text_input: { key: "rich_text_value", initial: "initial_value", empty: null },
  static_select: { key: "selected_option", initial: "initial_option", empty: null },
  external_select: { key: "selected_option", initial: "initial_option", empty: null },
  radio_buttons: { key: "selected_option", initial: "initial_option", empty: null },
  multi_static_select: { key: "selected_options", initial: "initial_options", empty: [] },
  multi_external_select: { key: "selected_options", initial: "initial_options", empty: [] },
  checkboxes: { key: "selected_options", initial: "initial_options", empty: [] },
  users_select: { key: "selected_user", initial: "initial_user", empty: null },
  multi_users_select: { key: "selected_users", initial: "initial_users", empty: [] },
  conversations_select: { key: "selected_conversation", initial: "initial_conversation", empty: null },
  multi_conversations_select: { key: "selected_conversations", initial: "initial_conversations", empty: [] },
  channels_select: { key: "selected_channel", initial: "initial_channel", empty: null },
  multi_channels_select: { key: "selected_channels", initial: "initial_channels", empty: [] },
  datepicker: { key: "selected_date", initial: "initial_date", empty: null },
  timepicker: { key: "selected_time", initial: "initial_time", empty: null },
  datetimepicker: { key: "selected_date_time", initial: "initial_date_time", empty: null },
  // A file_input has no initial value: a modal always opens with nothing attached.
  file_input: { key: "files", initial: "initial_files", empty: [] },
};

export function stateShape(element: JsonObject): StateShape | undefined {
  return SHAPES[elementType(element)];
}

/** `{ type, <key>: value }` for one element. */
export function elementState(element: JsonObject, value: unknown): Record<string, unknown> {
  const shape = stateShape(element);
  if (!shape) throw new Error(`${elementType(element)} has no state`);
  return { type: elementType(element), [shape.key]: value };
}

/** The element's state before anyone touches it: its initial value, or Slack's empty value. */
export function initialElementState(element: JsonObject): Record<string, unknown> | undefined {
  const shape = stateShape(element);
  if (!shape) return undefined;
  const initial = element[shape.initial];
  return elementState(
    element,
    initial === undefined ? structuredClone(shape.empty) : structuredClone(initial),
  );
}

export function isEmptyState(element: JsonObject, state: Record<string, unknown> | undefined): boolean {
  const shape = stateShape(element);
  if (!shape || !state) return true;
  const value = state[shape.key];
  return (
    value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)
  );
}

/**
 * The state of every stateful element in the blocks: stored values (what the person already
 * did) over initial values, with `overrides` on top.
 */
export function currentState(
  blocks: readonly unknown[],
  stored: ViewStateValues = {},
  overrides: ViewStateValues = {},
): ViewStateValues {
  const values: ViewStateValues = {};
  for (const located of locateElements(blocks)) {
    const actionId = typeof located.element.action_id === "string" ? located.element.action_id : "";
    if (!stateShape(located.element) || actionId === "" || located.blockId === "") continue;
    const state =
      overrides[located.blockId]?.[actionId] ??
      stored[located.blockId]?.[actionId] ??
      initialElementState(located.element);
    if (state) values[located.blockId] = { ...values[located.blockId], [actionId]: structuredClone(state) };
  }
  return values;
}
