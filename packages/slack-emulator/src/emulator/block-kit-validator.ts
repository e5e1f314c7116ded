// Checks Block Kit payloads the way Slack does before it accepts a message or a view, so the
// emulator answers `invalid_blocks` / `invalid_arguments` where Slack would. Pure: no I/O.
// Where Slack's rules are unclear the validator accepts, so it never fails an app that Slack
// would let through; everything it rejects is a documented limit or requirement.

import { BLOCK_KIT_LIMITS as L, MESSAGE_BLOCKS_MAX_JSON_CHARS } from "../block-kit-limits.ts";

export type Surface = "message" | "modal" | "home";

export interface BlockKitProblem {
  /** JSON pointer into the validated value, e.g. "/blocks/0/text/text". */
  pointer: string;
  message: string;
}

/** Problems in a `blocks` array; pointers start at "/blocks". */
export function validateBlocks(blocks: unknown, surface: Surface): BlockKitProblem[] {
  const problems: BlockKitProblem[] = [];
  checkBlockList(problems, blocks, "/blocks", surface);
  return problems;
}

/** Problems in a modal or Home tab view, blocks included; pointers are relative to the view. */
export function validateView(view: unknown): BlockKitProblem[] {
  const problems: BlockKitProblem[] = [];
  if (!isObject(view)) {
    problems.push({ pointer: "", message: MSG.object });
    return problems;
  }
  const type = view.type;
  if (type === undefined) problems.push({ pointer: "/type", message: MSG.required });
  else if (type !== "modal" && type !== "home") problems.push({ pointer: "/type", message: MSG.enum });
  const surface: Surface = type === "home" ? "home" : "modal";

  if (view.blocks === undefined) problems.push({ pointer: "/blocks", message: MSG.required });
  else checkBlockList(problems, view.blocks, "/blocks", surface);

  if (surface === "modal") {
    checkText(problems, view.title, "/title", { max: L.viewTitle, plainOnly: true, required: true });
    checkText(problems, view.close, "/close", { max: L.viewClose, plainOnly: true });
    checkText(problems, view.submit, "/submit", { max: L.viewSubmit, plainOnly: true });
    // Slack needs a submit button to collect input blocks.
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === "input");
    if (hasInput && view.submit === undefined) problems.push({ pointer: "/submit", message: MSG.required });
    for (const key of ["clear_on_close", "notify_on_close", "submit_disabled"]) {
      checkBoolean(problems, view[key], `/${key}`);
    }
  }
  checkString(problems, view.callback_id, "/callback_id", { max: L.callbackId });
  checkString(problems, view.private_metadata, "/private_metadata", { max: L.privateMetadata });
  checkString(problems, view.external_id, "/external_id", { max: L.externalId });
  return problems;
}

/** True when the blocks' JSON is longer than Slack accepts in one message (`msg_blocks_too_long`). */
export function messageBlocksTooLong(blocks: unknown): boolean {
  let json: string | undefined;
  try {
    json = JSON.stringify(blocks);
  } catch {
    return false; // not serialisable: validateBlocks reports what is wrong with it
  }
  return json !== undefined && json.length > MESSAGE_BLOCKS_MAX_JSON_CHARS;
}

/** One problem as Slack prints it in `response_metadata.messages`. */
export function formatProblem(problem: BlockKitProblem): string {
  return `[ERROR] ${problem.message} [json-pointer:${problem.pointer}]`;
}

// Messages worded as Slack words them in `response_metadata.messages`.
const MSG = {
  required: "is a required property",
  enum: "must be a valid enum value",
  empty: "must be more than 0 characters",
  object: "must be an object",
  array: "must be an array",
  string: "must be a string",
  boolean: "must be a boolean",
  integer: "must be an integer",
  duplicateBlockId: "duplicate block_id",
  timeOfDay: "must be a time of day (HH:mm, 00:00 to 23:59)",
  calendarDate: "must be a calendar date (YYYY-MM-DD)",
  duplicateActionId: "duplicate action_id",
  tooLong: (max: number) => `must be less than ${max + 1} characters`,
  tooMany: (max: number) => `must provide an array with no more than ${max} items`,
  tooFew: (min: number) => `must provide an array with at least ${min} items`,
  atMost: (max: number) => `must be less than or equal to ${max}`,
  atLeast: (min: number) => `must be greater than or equal to ${min}`,
  unsupported: (type: unknown) => `unsupported type: ${JSON.stringify(type)}`,
  unsupportedIn: (type: string, where: string) => `unsupported type in ${where}: ${JSON.stringify(type)}`,
} as const;

type Problems = BlockKitProblem[];
type Json = Record<string, unknown>;

const BLOCK_TYPES = new Set([
  "section",
  "header",
  "divider",
  "context",
  "actions",
  "input",
  "image",
  "rich_text",
  "video",
  "file",
  "markdown",
]);

// Newer blocks that @slack/types knows but Handoff never sends: accepted with only the common
// checks, since their rules are not settled enough to enforce here.
const SHALLOW_BLOCK_TYPES = new Set([
  "alert",
  "card",
  "carousel",
  "container",
  "context_actions",
  "data_table",
  "plan",
  "table",
  "task_card",
]);

const SELECTS = [
  "static_select",
  "external_select",
  "users_select",
  "conversations_select",
  "channels_select",
] as const;
const MULTI_SELECTS = SELECTS.map((type) => `multi_${type}`);

// Which elements each place accepts, after @slack/types' ActionsBlockElement,
// SectionBlockAccessory and InputBlockElement unions.
const ACTIONS_ELEMENTS = new Set<string>([
  "button",
  "checkboxes",
  "datepicker",
  "datetimepicker",
  "overflow",
  "radio_buttons",
  "timepicker",
  "workflow_button",
  "rich_text_input",
  ...SELECTS,
  ...MULTI_SELECTS,
]);
const SECTION_ACCESSORIES = new Set<string>([
  "button",
  "checkboxes",
  "datepicker",
  "image",
  "overflow",
  "radio_buttons",
  "timepicker",
  "workflow_button",
  ...SELECTS,
  ...MULTI_SELECTS,
]);
const INPUT_ELEMENTS = new Set<string>([
  "checkboxes",
  "datepicker",
  "datetimepicker",
  "email_text_input",
  "file_input",
  "number_input",
  "plain_text_input",
  "radio_buttons",
  "rich_text_input",
  "timepicker",
  "url_text_input",
  ...SELECTS,
  ...MULTI_SELECTS,
]);
const ELEMENT_TYPES = new Set<string>([...ACTIONS_ELEMENTS, ...SECTION_ACCESSORIES, ...INPUT_ELEMENTS]);

function checkBlockList(problems: Problems, blocks: unknown, path: string, surface: Surface): void {
  if (!Array.isArray(blocks)) {
    problems.push({ pointer: path, message: MSG.array });
    return;
  }
  const max = surface === "message" ? L.messageBlocks : L.surfaceBlocks;
  if (blocks.length > max) problems.push({ pointer: path, message: MSG.tooMany(max) });

  const seenBlockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const at = `${path}/${index}`;
    if (!isObject(block)) {
      problems.push({ pointer: at, message: MSG.object });
      return;
    }
    if (typeof block.block_id === "string") {
      if (seenBlockIds.has(block.block_id)) {
        problems.push({ pointer: `${at}/block_id`, message: MSG.duplicateBlockId });
      }
      seenBlockIds.add(block.block_id);
    }
    checkBlock(problems, block, at, surface);
  });
}

function checkBlock(problems: Problems, block: Json, at: string, surface: Surface): void {
  const type = block.type;
  if (type === undefined) {
    problems.push({ pointer: `${at}/type`, message: MSG.required });
    return;
  }
  if (typeof type !== "string" || (!BLOCK_TYPES.has(type) && !SHALLOW_BLOCK_TYPES.has(type))) {
    problems.push({ pointer: `${at}/type`, message: MSG.unsupported(type) });
    return;
  }
  checkString(problems, block.block_id, `${at}/block_id`, { max: L.blockId });

  switch (type) {
    case "section":
      checkSection(problems, block, at);
      return;
    case "header":
      checkText(problems, block.text, `${at}/text`, { max: L.headerText, plainOnly: true, required: true });
      return;
    case "context":
      checkContext(problems, block, at);
      return;
    case "actions":
      checkActions(problems, block, at);
      return;
    case "input":
      // Handoff collects input only in modals and App Home; an input block in a message is a bug.
      if (surface === "message") {
        problems.push({ pointer: `${at}/type`, message: MSG.unsupportedIn(type, "messages") });
      }
      checkInput(problems, block, at);
      return;
    case "image":
      checkImage(problems, block, at);
      return;
    case "rich_text":
      checkArray(problems, block.elements, `${at}/elements`, { required: true });
      return;
    case "video":
      checkString(problems, block.alt_text, `${at}/alt_text`, { required: true });
      checkString(problems, block.video_url, `${at}/video_url`, { required: true });
      checkString(problems, block.thumbnail_url, `${at}/thumbnail_url`, { required: true });
      checkText(problems, block.title, `${at}/title`, { max: L.videoTitle, plainOnly: true, required: true });
      return;
    case "file":
      checkString(problems, block.external_id, `${at}/external_id`, { required: true });
      checkString(problems, block.source, `${at}/source`, { required: true });
      return;
    case "markdown":
      checkString(problems, block.text, `${at}/text`, { max: L.markdownText, required: true });
      return;
    default:
      return; // divider and the shallow types: nothing more to check
  }
}

function checkSection(problems: Problems, block: Json, at: string): void {
  const { text, fields } = block;
  if (text === undefined && fields === undefined) {
    problems.push({ pointer: `${at}/text`, message: MSG.required });
  }
  checkText(problems, text, `${at}/text`, { max: L.sectionText });
  if (fields !== undefined) {
    const list = checkArray(problems, fields, `${at}/fields`, {
      max: L.sectionFields,
      // An empty fields array is only a problem when it is all the section has.
      min: text === undefined ? 1 : 0,
    });
    list?.forEach((field, i) => {
      checkText(problems, field, `${at}/fields/${i}`, { max: L.fieldText, required: true });
    });
  }
  if (block.accessory !== undefined) {
    checkElement(problems, block.accessory, `${at}/accessory`, SECTION_ACCESSORIES, "section accessories");
  }
  checkBoolean(problems, block.expand, `${at}/expand`);
}

function checkContext(problems: Problems, block: Json, at: string): void {
  const list = checkArray(problems, block.elements, `${at}/elements`, {
    required: true,
    min: 1,
    max: L.contextElements,
  });
  list?.forEach((element, i) => {
    const path = `${at}/elements/${i}`;
    if (!isObject(element)) {
      problems.push({ pointer: path, message: MSG.object });
    } else if (element.type === "image") {
      checkImageElement(problems, element, path);
    } else if (element.type === "plain_text" || element.type === "mrkdwn") {
      checkText(problems, element, path, { max: L.textObject, required: true });
    } else {
      problems.push({
        pointer: `${path}/type`,
        message: MSG.unsupportedIn(String(element.type), "context blocks"),
      });
    }
  });
}

function checkActions(problems: Problems, block: Json, at: string): void {
  const list = checkArray(problems, block.elements, `${at}/elements`, {
    required: true,
    min: 1,
    max: L.actionsElements,
  });
  const seenActionIds = new Set<string>();
  list?.forEach((element, i) => {
    const path = `${at}/elements/${i}`;
    checkElement(problems, element, path, ACTIONS_ELEMENTS, "actions blocks");
    if (isObject(element) && typeof element.action_id === "string") {
      // Slack routes by (block_id, action_id), so two elements of one block cannot share one.
      if (seenActionIds.has(element.action_id)) {
        problems.push({ pointer: `${path}/action_id`, message: MSG.duplicateActionId });
      }
      seenActionIds.add(element.action_id);
    }
  });
}

function checkInput(problems: Problems, block: Json, at: string): void {
  checkText(problems, block.label, `${at}/label`, { max: L.inputLabel, plainOnly: true, required: true });
  checkText(problems, block.hint, `${at}/hint`, { max: L.inputHint, plainOnly: true });
  if (block.element === undefined) problems.push({ pointer: `${at}/element`, message: MSG.required });
  else checkElement(problems, block.element, `${at}/element`, INPUT_ELEMENTS, "input blocks");
  checkBoolean(problems, block.optional, `${at}/optional`);
  checkBoolean(problems, block.dispatch_action, `${at}/dispatch_action`);
}

function checkImage(problems: Problems, block: Json, at: string): void {
  checkImageSource(problems, block, at);
  checkString(problems, block.alt_text, `${at}/alt_text`, { max: L.imageAltText, required: true });
  checkText(problems, block.title, `${at}/title`, { max: L.imageTitle, plainOnly: true });
}

function checkImageElement(problems: Problems, element: Json, at: string): void {
  checkImageSource(problems, element, at);
  checkString(problems, element.alt_text, `${at}/alt_text`, { max: L.imageAltText, required: true });
}

function checkImageSource(problems: Problems, image: Json, at: string): void {
  if (image.image_url === undefined && image.slack_file === undefined) {
    problems.push({ pointer: `${at}/image_url`, message: MSG.required });
  }
  checkString(problems, image.image_url, `${at}/image_url`, { max: L.imageUrl });
  if (image.slack_file !== undefined && !isObject(image.slack_file)) {
    problems.push({ pointer: `${at}/slack_file`, message: MSG.object });
  }
}

function checkElement(
  problems: Problems,
  element: unknown,
  at: string,
  allowed: Set<string>,
  where: string,
): void {
  if (!isObject(element)) {
    problems.push({ pointer: at, message: MSG.object });
    return;
  }
  const type = element.type;
  if (type === undefined) {
    problems.push({ pointer: `${at}/type`, message: MSG.required });
    return;
  }
  if (typeof type !== "string" || !ELEMENT_TYPES.has(type)) {
    problems.push({ pointer: `${at}/type`, message: MSG.unsupported(type) });
    return;
  }
  if (!allowed.has(type)) {
    problems.push({ pointer: `${at}/type`, message: MSG.unsupportedIn(type, where) });
    return;
  }
  if (type !== "image") checkString(problems, element.action_id, `${at}/action_id`, { max: L.actionId });
  if (element.confirm !== undefined) checkConfirm(problems, element.confirm, `${at}/confirm`);
  if (element.placeholder !== undefined) {
    checkText(problems, element.placeholder, `${at}/placeholder`, { max: L.placeholder, plainOnly: true });
  }
  if (type.startsWith("multi_")) {
    checkInteger(problems, element.max_selected_items, `${at}/max_selected_items`, { min: 1 });
  }

  switch (type) {
    case "button":
      checkText(problems, element.text, `${at}/text`, { max: L.buttonText, plainOnly: true, required: true });
      checkString(problems, element.value, `${at}/value`, { max: L.buttonValue });
      checkString(problems, element.url, `${at}/url`, { max: L.url });
      checkString(problems, element.accessibility_label, `${at}/accessibility_label`, {
        max: L.accessibilityLabel,
      });
      checkStyle(problems, element.style, `${at}/style`);
      return;
    case "workflow_button":
      checkText(problems, element.text, `${at}/text`, { max: L.buttonText, plainOnly: true, required: true });
      checkString(problems, element.accessibility_label, `${at}/accessibility_label`, {
        max: L.accessibilityLabel,
      });
      checkStyle(problems, element.style, `${at}/style`);
      return;
    case "static_select":
    case "multi_static_select":
      checkStaticOptions(problems, element, at);
      return;
    case "overflow": {
      const list = checkArray(problems, element.options, `${at}/options`, {
        required: true,
        min: L.overflowMinOptions,
        max: L.overflowOptions,
      });
      list?.forEach((option, i) => {
        checkOption(problems, option, `${at}/options/${i}`, true);
      });
      return;
    }
    case "checkboxes":
    case "radio_buttons": {
      const max = type === "checkboxes" ? L.checkboxOptions : L.radioOptions;
      const list = checkArray(problems, element.options, `${at}/options`, { required: true, min: 1, max });
      list?.forEach((option, i) => {
        checkOption(problems, option, `${at}/options/${i}`, false);
      });
      return;
    }
    case "image":
      checkImageElement(problems, element, at);
      return;
    case "plain_text_input":
      checkPlainTextInput(problems, element, at);
      return;
    case "number_input":
      if (element.is_decimal_allowed === undefined) {
        problems.push({ pointer: `${at}/is_decimal_allowed`, message: MSG.required });
      }
      checkBoolean(problems, element.is_decimal_allowed, `${at}/is_decimal_allowed`);
      return;
    case "datepicker":
      if (checkPattern(problems, element.initial_date, `${at}/initial_date`, /^\d{4}-\d{2}-\d{2}$/))
        checkCalendarDate(problems, element.initial_date as string, `${at}/initial_date`);
      return;
    case "timepicker":
      if (checkPattern(problems, element.initial_time, `${at}/initial_time`, /^\d{2}:\d{2}$/))
        checkTimeOfDay(problems, element.initial_time as string, `${at}/initial_time`);
      return;
    case "datetimepicker":
      checkInteger(problems, element.initial_date_time, `${at}/initial_date_time`, {});
      return;
    default:
      return; // the other selects and text inputs: placeholder and action_id were enough
  }
}

function checkStaticOptions(problems: Problems, element: Json, at: string): void {
  const { options, option_groups: groups } = element;
  // Exactly one of options and option_groups.
  if (options === undefined && groups === undefined) {
    problems.push({ pointer: `${at}/options`, message: MSG.required });
  }
  if (options !== undefined && groups !== undefined) {
    problems.push({ pointer: `${at}/option_groups`, message: "must not be provided together with options" });
  }
  checkArray(problems, options, `${at}/options`, { max: L.selectOptions })?.forEach((option, i) => {
    checkOption(problems, option, `${at}/options/${i}`, true);
  });
  checkArray(problems, groups, `${at}/option_groups`, { max: L.optionGroups })?.forEach((group, g) => {
    const path = `${at}/option_groups/${g}`;
    if (!isObject(group)) {
      problems.push({ pointer: path, message: MSG.object });
      return;
    }
    checkText(problems, group.label, `${path}/label`, {
      max: L.optionGroupLabel,
      plainOnly: true,
      required: true,
    });
    const list = checkArray(problems, group.options, `${path}/options`, {
      required: true,
      min: 1,
      max: L.selectOptions,
    });
    list?.forEach((option, i) => {
      checkOption(problems, option, `${path}/options/${i}`, true);
    });
  });
}

function checkPlainTextInput(problems: Problems, element: Json, at: string): void {
  const max = L.plainTextInputLength;
  const minLength = checkInteger(problems, element.min_length, `${at}/min_length`, { min: 0, max });
  const maxLength = checkInteger(problems, element.max_length, `${at}/max_length`, { min: 1, max });
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    problems.push({ pointer: `${at}/min_length`, message: MSG.atMost(maxLength) });
  }
  checkString(problems, element.initial_value, `${at}/initial_value`, {});
  checkBoolean(problems, element.multiline, `${at}/multiline`);
}

/** Select and overflow options show plain text only; checkboxes and radio buttons take mrkdwn too. */
function checkOption(problems: Problems, option: unknown, at: string, plainOnly: boolean): void {
  if (!isObject(option)) {
    problems.push({ pointer: at, message: MSG.object });
    return;
  }
  checkText(problems, option.text, `${at}/text`, { max: L.optionText, plainOnly, required: true });
  checkString(problems, option.value, `${at}/value`, { max: L.optionValue, required: true });
  checkText(problems, option.description, `${at}/description`, { max: L.optionDescription, plainOnly });
  checkString(problems, option.url, `${at}/url`, { max: L.url });
}

function checkConfirm(problems: Problems, confirm: unknown, at: string): void {
  if (!isObject(confirm)) {
    problems.push({ pointer: at, message: MSG.object });
    return;
  }
  checkText(problems, confirm.title, `${at}/title`, { max: L.confirmTitle, plainOnly: true, required: true });
  checkText(problems, confirm.text, `${at}/text`, { max: L.confirmText, required: true });
  checkText(problems, confirm.confirm, `${at}/confirm`, {
    max: L.confirmButton,
    plainOnly: true,
    required: true,
  });
  checkText(problems, confirm.deny, `${at}/deny`, { max: L.confirmButton, plainOnly: true, required: true });
  checkStyle(problems, confirm.style, `${at}/style`);
}

interface TextRule {
  max: number;
  plainOnly?: boolean;
  required?: boolean;
}

/** A text object: `{ type: "plain_text" | "mrkdwn", text }`, text 1..max characters. */
function checkText(problems: Problems, value: unknown, at: string, rule: TextRule): void {
  if (value === undefined) {
    if (rule.required) problems.push({ pointer: at, message: MSG.required });
    return;
  }
  if (!isObject(value)) {
    problems.push({ pointer: at, message: MSG.object });
    return;
  }
  const allowed = rule.plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
  if (value.type === undefined) problems.push({ pointer: `${at}/type`, message: MSG.required });
  else if (typeof value.type !== "string" || !allowed.includes(value.type)) {
    problems.push({ pointer: `${at}/type`, message: MSG.enum });
  }
  checkString(problems, value.text, `${at}/text`, { max: rule.max, required: true, nonEmpty: true });
  checkBoolean(problems, value.emoji, `${at}/emoji`);
  checkBoolean(problems, value.verbatim, `${at}/verbatim`);
}

interface StringRule {
  max?: number;
  required?: boolean;
  /** Only where Slack documents a minimum of one character (text objects); elsewhere "" passes. */
  nonEmpty?: boolean;
}

function checkString(problems: Problems, value: unknown, at: string, rule: StringRule): void {
  if (value === undefined) {
    if (rule.required) problems.push({ pointer: at, message: MSG.required });
    return;
  }
  if (typeof value !== "string") {
    problems.push({ pointer: at, message: MSG.string });
    return;
  }
  if (value.length === 0 && rule.nonEmpty) {
    problems.push({ pointer: at, message: MSG.empty });
    return;
  }
  if (rule.max !== undefined && characterCount(value) > rule.max) {
    problems.push({ pointer: at, message: MSG.tooLong(rule.max) });
  }
}

interface ArrayRule {
  min?: number;
  max?: number;
  required?: boolean;
}

/** Returns the array for item checks, or undefined when there is none to check. */
function checkArray(problems: Problems, value: unknown, at: string, rule: ArrayRule): unknown[] | undefined {
  if (value === undefined) {
    if (rule.required) problems.push({ pointer: at, message: MSG.required });
    return undefined;
  }
  if (!Array.isArray(value)) {
    problems.push({ pointer: at, message: MSG.array });
    return undefined;
  }
  if (rule.min !== undefined && value.length < rule.min) {
    problems.push({ pointer: at, message: MSG.tooFew(rule.min) });
  }
  if (rule.max !== undefined && value.length > rule.max) {
    problems.push({ pointer: at, message: MSG.tooMany(rule.max) });
  }
  return value;
}

/** Returns the integer when it is a valid one, for cross-field checks. */
function checkInteger(
  problems: Problems,
  value: unknown,
  at: string,
  rule: { min?: number; max?: number },
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    problems.push({ pointer: at, message: MSG.integer });
    return undefined;
  }
  if (rule.min !== undefined && value < rule.min) {
    problems.push({ pointer: at, message: MSG.atLeast(rule.min) });
    return undefined;
  }
  if (rule.max !== undefined && value > rule.max) {
    problems.push({ pointer: at, message: MSG.atMost(rule.max) });
    return undefined;
  }
  return value;
}

function checkBoolean(problems: Problems, value: unknown, at: string): void {
  if (value !== undefined && typeof value !== "boolean") problems.push({ pointer: at, message: MSG.boolean });
}

function checkStyle(problems: Problems, value: unknown, at: string): void {
  if (value !== undefined && value !== "primary" && value !== "danger") {
    problems.push({ pointer: at, message: MSG.enum });
  }
}

/** True when a string value is there and matches (so its meaning can be checked next). */
function checkPattern(problems: Problems, value: unknown, at: string, pattern: RegExp): boolean {
  if (value === undefined) return false;
  if (typeof value !== "string") {
    problems.push({ pointer: at, message: MSG.string });
    return false;
  }
  if (!pattern.test(value)) {
    problems.push({ pointer: at, message: `does not match pattern ${pattern.source}` });
    return false;
  }
  return true;
}

// Slack refuses a picker whose initial value has the right shape but is no real time or day
// (a stored "25:99" locked admins out of a settings modal this way).
function checkTimeOfDay(problems: Problems, value: string, at: string): void {
  const [hours, minutes] = value.split(":").map(Number) as [number, number];
  if (hours > 23 || minutes > 59) problems.push({ pointer: at, message: MSG.timeOfDay });
}

function checkCalendarDate(problems: Problems, value: string, at: string): void {
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years below 100 as 19xx
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real) problems.push({ pointer: at, message: MSG.calendarDate });
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Code points, not UTF-16 units: the lenient reading, so an emoji never counts double against a limit. */
function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}
