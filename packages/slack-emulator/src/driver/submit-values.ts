// Turns what a test "types" into a modal into the state Slack would send for that element.

import { describeOptions, elementType, findOption, type JsonObject, textOf } from "./elements.ts";
import { elementState, isEmptyState, stateShape } from "./view-state.ts";

/** A file a person attaches to a file_input. */
export interface AttachedFile {
  name: string;
  content: string | Buffer;
  mimetype?: string;
}

/** What a person enters: text, option text(s), a user, a date, a file. */
export type SubmitValue = string | string[] | { user: string } | { date: string } | { file: AttachedFile };

export interface DirectoryLookup {
  /** A user id from an id, handle or real name. */
  userId(nameOrId: string): string | undefined;
  /** A channel id from an id or name. */
  channelId(nameOrId: string): string | undefined;
  /** Uploads an attached file as the person; the file object Slack puts in the view's state. */
  uploadFile?(file: AttachedFile): Record<string, unknown>;
}

/** Slack's file_input takes files up to 10 MB each (its client refuses larger ones). */
export const FILE_INPUT_MAX_BYTES = 10 * 1024 * 1024;

export class SlackDriverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SlackDriverError";
  }
}

export function submittedState(
  element: JsonObject,
  label: string,
  value: SubmitValue,
  directory: DirectoryLookup,
): Record<string, unknown> {
  const type = elementType(element);
  const fail = (why: string) => new SlackDriverError(`"${label}" (${type}): ${why}`);
  const list = (): string[] => {
    if (Array.isArray(value)) return value;
    if (typeof value === "string") return [value];
    if ("user" in value) return [value.user];
    if ("file" in value) throw fail("expects text, not a file");
    throw fail("expects text or a list of texts");
  };
  const single = (): string => {
    const items = list();
    if (items.length !== 1) throw fail(`expects one value, got ${items.length}`);
    return items[0]!;
  };
  const option = (text: string) => {
    const found = findOption(element, text);
    if (!found) throw fail(`no option "${text}"; options: ${describeOptions(element)}`);
    return structuredClone(found);
  };
  const user = (text: string) => {
    const id = directory.userId(text);
    if (!id) throw fail(`no user "${text}" in the workspace`);
    return id;
  };
  const channel = (text: string) => {
    const id = directory.channelId(text);
    if (!id) throw fail(`no conversation "${text}" in the workspace`);
    return id;
  };

  switch (type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input":
      return elementState(element, single());
    case "static_select":
    case "external_select":
    case "radio_buttons":
      return elementState(element, option(single()));
    case "multi_static_select":
    case "multi_external_select":
    case "checkboxes":
      return elementState(element, list().map(option));
    case "users_select":
      return elementState(element, user(single()));
    case "multi_users_select":
      return elementState(element, list().map(user));
    case "conversations_select":
      return elementState(element, channel(single()));
    case "channels_select":
      return elementState(element, channel(single()));
    case "multi_conversations_select":
    case "multi_channels_select":
      return elementState(element, list().map(channel));
    case "datepicker": {
      const date =
        typeof value === "object" && !Array.isArray(value) && "date" in value ? value.date : single();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw fail(`"${date}" is not a YYYY-MM-DD date`);
      return elementState(element, date);
    }
    case "timepicker": {
      const time = single();
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) throw fail(`"${time}" is not an HH:mm time`);
      return elementState(element, time);
    }
    case "datetimepicker": {
      const seconds = Number(single());
      if (!Number.isInteger(seconds)) throw fail("expects unix seconds");
      return elementState(element, seconds);
    }
    case "file_input": {
      if (typeof value !== "object" || Array.isArray(value) || !("file" in value)) {
        throw fail("expects { file: { name, content } }");
      }
      if (!directory.uploadFile) throw fail("files can only be attached through the driver");
      return elementState(element, [directory.uploadFile(value.file)]);
    }
    default:
      throw fail("this element type cannot be filled in");
  }
}

/**
 * The checks Slack's client makes before it sends a view_submission at all: required inputs,
 * text lengths, number ranges, email shape. Returns the problems as a person would see them.
 */
export function clientSideProblems(
  label: string,
  block: JsonObject,
  element: JsonObject,
  state: Record<string, unknown> | undefined,
): string[] {
  const problems: string[] = [];
  const empty = isEmptyState(element, state);
  if (empty) {
    if (block.optional !== true && stateShape(element)) problems.push(`"${label}" is required`);
    return problems;
  }
  const value = state?.value;
  const type = elementType(element);
  if (type === "file_input") problems.push(...fileInputProblems(label, element, state?.files));
  if (typeof value === "string") {
    if (type === "plain_text_input") {
      if (typeof element.min_length === "number" && value.length < element.min_length) {
        problems.push(`"${label}" needs at least ${element.min_length} characters`);
      }
      if (typeof element.max_length === "number" && value.length > element.max_length) {
        problems.push(`"${label}" allows at most ${element.max_length} characters`);
      }
    }
    if (type === "number_input") {
      const n = Number(value);
      const decimalAllowed = element.is_decimal_allowed === true;
      if (value.trim() === "" || Number.isNaN(n) || (!decimalAllowed && !Number.isInteger(n))) {
        problems.push(`"${label}" must be ${decimalAllowed ? "a number" : "a whole number"}`);
      } else {
        if (element.min_value !== undefined && n < Number(element.min_value)) {
          problems.push(`"${label}" must be at least ${String(element.min_value)}`);
        }
        if (element.max_value !== undefined && n > Number(element.max_value)) {
          problems.push(`"${label}" must be at most ${String(element.max_value)}`);
        }
      }
    }
    if (type === "email_text_input" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
      problems.push(`"${label}" must be an email address`);
    }
  }
  return problems;
}

/** Input blocks by their visible label. */
export function inputLabel(block: JsonObject): string {
  return textOf(block.label) ?? "";
}

/** What Slack's client refuses to attach: more files than max_files, other types than filetypes, over 10 MB. */
function fileInputProblems(label: string, element: JsonObject, files: unknown): string[] {
  if (!Array.isArray(files)) return [];
  const problems: string[] = [];
  const maxFiles = typeof element.max_files === "number" ? element.max_files : 10;
  if (files.length > maxFiles) problems.push(`"${label}" takes at most ${maxFiles} file(s)`);
  const types = Array.isArray(element.filetypes) ? element.filetypes.map((t) => String(t).toLowerCase()) : [];
  for (const file of files as Array<{ name?: unknown; size?: unknown }>) {
    const name = String(file.name ?? "");
    const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
    if (types.length > 0 && !types.includes(extension)) {
      problems.push(`"${label}" takes ${types.join(", ")} files, not ${name}`);
    }
    if (typeof file.size === "number" && file.size > FILE_INPUT_MAX_BYTES) {
      problems.push(`"${label}": ${name} is larger than 10 MB`);
    }
  }
  return problems;
}
