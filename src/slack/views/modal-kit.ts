import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type {
  ConversationsSelect,
  Datepicker,
  InputBlock,
  KnownBlock,
  ModalView,
  PlainTextInput,
  PlainTextOption,
  StaticSelect,
  UsersSelect,
} from "@slack/types";
import { truncateText } from "../../domain/command-text.ts";
import { type CalendarDate, isValidCalendarDate } from "../../domain/dates.ts";
import { InputActionId } from "../ids.ts";
import { oneLine, plainText } from "./text.ts";

/**
 * The building blocks of our modals (deal-modals.ts, handoff-modal.ts, admin.ts, templates.ts).
 * Every input element uses InputActionId: a field is told apart by its block_id.
 */

// ---------------------------------------------------------------------------------------------
// The modal and its blocks.

export interface ModalOptions {
  readonly callbackId: string;
  readonly title: string;
  readonly submit: string;
  /** private_metadata, as payloads.ts writePrivateMetadata makes it. */
  readonly metadata: string;
  readonly blocks: KnownBlock[];
}

/** A modal with Cancel to close it. */
export function modal(options: ModalOptions): ModalView {
  return {
    type: "modal",
    callback_id: options.callbackId,
    title: { type: "plain_text", text: options.title },
    submit: { type: "plain_text", text: options.submit },
    close: { type: "plain_text", text: "Cancel" },
    private_metadata: options.metadata,
    blocks: options.blocks,
  } satisfies ModalView;
}

export function input(
  blockId: string,
  label: string,
  element: InputBlock["element"],
  options: { optional?: boolean; hint?: string } = {},
): InputBlock {
  return {
    type: "input",
    block_id: blockId,
    label: { type: "plain_text", text: truncateText(label, L.inputLabel) },
    element,
    ...(options.optional ? { optional: true } : {}),
    ...(options.hint ? { hint: { type: "plain_text", text: truncateText(options.hint, L.inputHint) } } : {}),
  } satisfies InputBlock;
}

// ---------------------------------------------------------------------------------------------
// Elements.

/**
 * A text box of at most `max` characters (Slack enforces max_length in the form). The initial
 * value is cut to fit, and made one line unless the box is multiline.
 */
export function textInput(options: {
  initial?: string | null;
  max: number;
  multiline?: boolean;
  placeholder?: string;
}): PlainTextInput {
  const raw = options.initial ?? "";
  const initial = truncateText(options.multiline ? raw.trim() : oneLine(raw), options.max);
  return {
    type: "plain_text_input",
    action_id: InputActionId,
    max_length: options.max,
    ...(options.multiline ? { multiline: true } : {}),
    ...(initial ? { initial_value: initial } : {}),
    ...(options.placeholder ? { placeholder: { type: "plain_text", text: options.placeholder } } : {}),
  } satisfies PlainTextInput;
}

export function datepicker(initial: CalendarDate | null | undefined): Datepicker {
  return {
    type: "datepicker",
    action_id: InputActionId,
    placeholder: { type: "plain_text", text: "Pick a date" },
    ...(initial && isValidCalendarDate(initial) ? { initial_date: initial } : {}),
  } satisfies Datepicker;
}

/** One person; `initial` is picked only when it looks like a Slack user id. */
export function usersSelect(placeholder: string, initial?: string): UsersSelect {
  return {
    type: "users_select",
    action_id: InputActionId,
    placeholder: { type: "plain_text", text: placeholder },
    ...(initial !== undefined && /^[UW][A-Z0-9]{2,}$/.test(initial) ? { initial_user: initial } : {}),
  } satisfies UsersSelect;
}

export function channelSelect(initial: string | undefined): ConversationsSelect {
  return {
    type: "conversations_select",
    action_id: InputActionId,
    placeholder: { type: "plain_text", text: "Pick a channel" },
    filter: { include: ["public", "private"], exclude_bot_users: true },
    ...(initial ? { initial_conversation: initial } : {}),
  } satisfies ConversationsSelect;
}

/** An option showing user text (a stage's or template's name): one line, within Slack's limit. */
export function option(label: string, value: string, fallback?: string): PlainTextOption {
  return { text: { type: "plain_text", text: plainText(label, L.optionText, fallback) }, value };
}

export function staticSelect(
  placeholder: string,
  options: PlainTextOption[],
  initial?: PlainTextOption,
): StaticSelect {
  return {
    type: "static_select",
    action_id: InputActionId,
    placeholder: { type: "plain_text", text: placeholder },
    options,
    ...(initial ? { initial_option: initial } : {}),
  } satisfies StaticSelect;
}

// ---------------------------------------------------------------------------------------------
// Reading a submission.

/** `view.state.values` as Slack sends it: block_id → action_id → the element's state. */
export type ViewStateValues = Readonly<
  Record<
    string,
    Readonly<
      Record<
        string,
        {
          readonly type: string;
          readonly value?: string | null;
          readonly selected_option?: { readonly value: string } | null;
          readonly selected_options?: ReadonlyArray<{ readonly value: string }> | null;
          readonly selected_date?: string | null;
          readonly selected_time?: string | null;
          readonly selected_user?: string | null;
          readonly selected_users?: readonly string[] | null;
          readonly selected_conversation?: string | null;
          readonly files?: ReadonlyArray<{ readonly id: string; readonly name: string }> | null;
        }
      >
    >
  >
>;

/** The state of the input in block `blockId`, if the form had it. */
export function inputState(
  values: ViewStateValues | null | undefined,
  blockId: string,
): ViewStateValues[string][string] | undefined {
  // A forged or truncated submission may carry `state.values: null`: every field is then empty.
  const block = values?.[blockId];
  return typeof block === "object" && block !== null ? block[InputActionId] : undefined;
}

/**
 * The trimmed value of each `[key, blockId]` field (text, option, date or user), by key; an
 * empty or missing field is left out. Pure: parsing and checking are the submit handler's.
 */
export function readFields<K extends string>(
  values: ViewStateValues | null | undefined,
  fields: ReadonlyArray<readonly [K, string]>,
): Partial<Record<K, string>> {
  const form: Partial<Record<K, string>> = {};
  for (const [key, blockId] of fields) {
    const state = inputState(values, blockId);
    if (!state) continue;
    const raw = state.value ?? state.selected_option?.value ?? state.selected_date ?? state.selected_user;
    const trimmed = typeof raw === "string" ? raw.trim() : "";
    if (trimmed !== "") form[key] = trimmed;
  }
  return form;
}
