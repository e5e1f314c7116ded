import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { KnownBlock, ModalView, MultiUsersSelect, NumberInput } from "@slack/types";
import { truncateText } from "../../domain/command-text.ts";
import { isClockTime } from "../../domain/digest-schedule.ts";
import { HOLIDAY_PRESETS, isHolidayCountry } from "../../domain/holiday-presets.ts";
import { STAGE_NAME_MAX, type StageEdit, type StageEditProblem } from "../../domain/stage-edits.ts";
import type { Stage } from "../../domain/stages.ts";
import type { SettingsField, SettingsInput, SettingsSnapshot } from "../../domain/workspace.ts";
import { stageEditProblemText } from "../error-messages.ts";
import { AdminAction, AdminField, AdminView, InputActionId, StageField } from "../ids.ts";
import { writePrivateMetadata, ZAdminModalMetadata } from "../payloads.ts";
import { button, context, divider, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import {
  channelSelect,
  input,
  inputState,
  modal,
  option,
  staticSelect,
  textInput,
  type ViewStateValues,
} from "./modal-kit.ts";
import { fitMrkdwn, oneLine } from "./text.ts";

/** What the administration modals carry in private_metadata (JSON). */
export interface AdminModalMetadata {
  /** Where the command was used, to answer there. */
  readonly channelId?: string;
  /** The stages as the form showed them (stagesFingerprint). */
  readonly fingerprint?: string;
}

function metadata(value: AdminModalMetadata): string {
  return writePrivateMetadata(ZAdminModalMetadata, value);
}

// ---------------------------------------------------------------------------------------------
// `/handoff settings`.

/** The settings modal's inputs by the service's field names, for errors next to the field. */
export const SETTINGS_FIELD_BLOCKS: Record<SettingsField, AdminField> = {
  sales: AdminField.SalesChannel,
  wins: AdminField.WinsChannel,
  delivery: AdminField.DeliveryChannel,
  digest: AdminField.DigestChannel,
  timeZone: AdminField.TimeZone,
  admins: AdminField.Admins,
  managers: AdminField.Managers,
  holidays: AdminField.Holidays,
  holidayPreset: AdminField.HolidayPreset,
};

/** The country select's value for no preset (an option's value may not be empty). */
const NO_PRESET = "none";
/** One date per line, "2026-12-24" and a line break: the field fits every date the service keeps. */
const HOLIDAYS_TEXT_MAX = 3000;

const TIME_ZONE_MAX = 64;

function peopleSelect(initial: readonly string[], placeholder: string): MultiUsersSelect {
  return {
    type: "multi_users_select",
    action_id: InputActionId,
    placeholder: { type: "plain_text", text: placeholder },
    ...(initial.length > 0 ? { initial_users: [...initial] } : {}),
  } satisfies MultiUsersSelect;
}

/** `/handoff settings`: channels, time zone and roles, prefilled with what is in effect now. */
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** The default weekly digest's day (0 = Sunday) and HH:MM, when the workspace has one. */
export interface WeeklyDigestSchedule {
  readonly dayOfWeek: number;
  readonly time: string;
}

export function settingsModal(
  snapshot: SettingsSnapshot,
  ctx: { channelId?: string; weeklyDigest?: WeeklyDigestSchedule } = {},
): ModalView {
  const { channels, timeZone } = snapshot.settings;
  const emptyMeansDefault = "Leave empty to use the default from the environment.";
  const blocks: KnownBlock[] = [
    input(AdminField.SalesChannel, "Sales channel", channelSelect(channels.sales), {
      optional: true,
      hint: `Deal cards and their updates. ${emptyMeansDefault}`,
    }),
    input(AdminField.WinsChannel, "Wins channel", channelSelect(channels.wins), {
      optional: true,
      hint: `Won deals are announced here. ${emptyMeansDefault}`,
    }),
    input(AdminField.DeliveryChannel, "Delivery channel", channelSelect(channels.delivery), {
      optional: true,
      hint: `Each project gets a thread here. ${emptyMeansDefault}`,
    }),
    input(AdminField.DigestChannel, "Digest channel", channelSelect(channels.digest), {
      optional: true,
      hint: `Where the default weekly digest goes. ${emptyMeansDefault}`,
    }),
    input(
      AdminField.TimeZone,
      "Time zone",
      textInput({ initial: timeZone, max: TIME_ZONE_MAX, placeholder: "Europe/Berlin" }),
      {
        optional: true,
        hint: `An IANA name such as Europe/Berlin or America/New_York: schedules and "this month" follow it. ${emptyMeansDefault}`,
      },
    ),
    input(AdminField.Admins, "Admins", peopleSelect(snapshot.roles.admins, "Pick people"), {
      optional: true,
      hint:
        snapshot.permanentAdmins.length > 0
          ? "Admins change settings, stages and templates. Admins listed in HANDOFF_ADMINS stay admins even if removed here."
          : "Admins change settings, stages and templates.",
    }),
    input(AdminField.Managers, "Managers", peopleSelect(snapshot.roles.managers, "Pick people"), {
      optional: true,
      hint: "Managers may change anyone's deals and tasks.",
    }),
    ...holidayInputs(snapshot),
    ...weeklyDigestInputs(ctx.weeklyDigest),
  ];
  return modal({
    callbackId: AdminView.Settings,
    title: "Handoff settings",
    submit: "Save",
    metadata: metadata({ channelId: ctx.channelId }),
    blocks,
  });
}

const presetOptions = () => [
  option("None", NO_PRESET),
  ...Object.entries(HOLIDAY_PRESETS).map(([code, preset]) => option(preset.name, code)),
];

function holidayInputs(snapshot: SettingsSnapshot): KnownBlock[] {
  const options = presetOptions();
  const chosen = options.find((o) => o.value === (snapshot.holidayPreset ?? NO_PRESET)) ?? options[0];
  return [
    input(
      AdminField.Holidays,
      "Holidays",
      textInput({
        initial: snapshot.holidays.join("\n"),
        max: HOLIDAYS_TEXT_MAX,
        multiline: true,
        placeholder: "2026-12-24",
      }),
      {
        optional: true,
        hint: "One date per line, such as 2026-12-24 or 24 Dec 2026. No task falls due on these days, nor on weekends.",
      },
    ),
    input(AdminField.HolidayPreset, "Country holidays", staticSelect("Pick a country", options, chosen), {
      optional: true,
      hint: "National public holidays for 2026 and 2027, counted on top of the dates above.",
    }),
  ];
}

function weeklyDigestInputs(schedule: WeeklyDigestSchedule | undefined): KnownBlock[] {
  if (!schedule) {
    return [
      context(
        "The weekly digest is scheduled once a digest channel is set. Other digests: `/digest subscribe`.",
      ),
    ];
  }
  const days = WEEKDAYS.map((day, index) => option(day, String(index)));
  return [
    input(
      AdminField.DigestDay,
      "Weekly digest day",
      staticSelect("Pick a day", days, days[schedule.dayOfWeek]),
      {
        // A hint is plain text: backticks would show as typed.
        hint: "The default weekly digest, in the time zone above. Other digests: /digest subscribe.",
      },
    ),
    // A bad stored time must not make the whole modal unopenable (Slack: invalid_blocks).
    input(AdminField.DigestTime, "Weekly digest time", {
      type: "timepicker",
      action_id: InputActionId,
      ...(isClockTime(schedule.time) ? { initial_time: schedule.time } : {}),
    }),
  ];
}

/** Names are listed up to this many per role; the rest are counted. */
const PEOPLE_LISTED = 20;

function peopleLine(ids: readonly string[]): string {
  if (ids.length === 0) return "nobody";
  const named = ids
    .slice(0, PEOPLE_LISTED)
    .map((id) => `<@${id}>`)
    .join(", ");
  return ids.length > PEOPLE_LISTED ? `${named} and ${ids.length - PEOPLE_LISTED} more` : named;
}

/** Dates listed up to this many; the rest are counted. */
const HOLIDAYS_LISTED = 12;

function holidaysLine(snapshot: SettingsSnapshot): string {
  const preset =
    snapshot.holidayPreset !== null && isHolidayCountry(snapshot.holidayPreset)
      ? HOLIDAY_PRESETS[snapshot.holidayPreset].name
      : undefined;
  const dates = snapshot.holidays;
  const listed = dates.slice(0, HOLIDAYS_LISTED).join(", ");
  const own =
    dates.length === 0
      ? ""
      : dates.length > HOLIDAYS_LISTED
        ? `${listed} and ${dates.length - HOLIDAYS_LISTED} more`
        : listed;
  if (preset && own) return `${preset}, and ${own}`;
  return preset ?? (own || "none");
}

/**
 * `/handoff settings` for someone who is not an admin: the same settings, read-only, and who
 * can change them. Nothing in them is secret.
 */
export function settingsOverviewMessage(
  snapshot: SettingsSnapshot,
  weeklyDigest: WeeklyDigestSchedule | undefined,
): MessageView {
  const { channels, timeZone } = snapshot.settings;
  const channel = (id: string | undefined) => (id ? `<#${id}>` : "not set");
  const digest = weeklyDigest
    ? `${WEEKDAYS[weeklyDigest.dayOfWeek] ?? "?"}s at ${weeklyDigest.time}`
    : "not scheduled (no digest channel)";
  const lines = [
    `*Sales channel*: ${channel(channels.sales)}`,
    `*Wins channel*: ${channel(channels.wins)}`,
    `*Delivery channel*: ${channel(channels.delivery)}`,
    `*Digest channel*: ${channel(channels.digest)}`,
    `*Time zone*: ${timeZone}`,
    `*Weekly digest*: ${digest}`,
    `*Holidays*: ${holidaysLine(snapshot)}`,
    `*Admins*: ${peopleLine(snapshot.roles.admins)}`,
    `*Managers*: ${peopleLine(snapshot.roles.managers)}`,
  ];
  const admins = snapshot.roles.admins;
  const ask = admins.length > 0 ? ` Ask ${peopleLine(admins.slice(0, 3))}.` : "";
  return {
    text: "Handoff settings",
    blocks: [
      header("Handoff settings"),
      section(truncateText(lines.join("\n"), L.sectionText)),
      context(`Only admins can change these.${ask}`),
    ],
  };
}

/**
 * The weekly digest's day and time from the settings form, when the form had them, as given:
 * the digest service checks them (a forged "25:99" is refused next to the field).
 */
export function readWeeklyDigestForm(values: ViewStateValues): WeeklyDigestSchedule | undefined {
  const day = inputState(values, AdminField.DigestDay)?.selected_option?.value;
  const time = inputState(values, AdminField.DigestTime)?.selected_time;
  if (typeof day !== "string" || typeof time !== "string") return undefined;
  return { dayOfWeek: day.trim() === "" ? Number.NaN : Number(day), time };
}

/** The weekly digest fields' blocks, for refusals shown next to them. */
export const WEEKLY_DIGEST_FIELD_BLOCKS: Readonly<Record<string, AdminField>> = {
  digestDay: AdminField.DigestDay,
  digestTime: AdminField.DigestTime,
};

/** The country select's value as the service takes it: none is null; anything else as sent, for the service to check. */
function presetOf(value: unknown): string | null {
  return typeof value !== "string" || value === NO_PRESET || value === "" ? null : value;
}

/** `view.state.values` of the settings modal as the service's input. Pure: the service validates. */
export function readSettingsForm(values: ViewStateValues): SettingsInput {
  const state = (field: AdminField) => inputState(values, field);
  const channel = (field: AdminField) => {
    const id = state(field)?.selected_conversation;
    return typeof id === "string" && id !== "" ? id : null;
  };
  const users = (field: AdminField) =>
    (state(field)?.selected_users ?? []).filter((id): id is string => typeof id === "string" && id !== "");
  return {
    channels: {
      sales: channel(AdminField.SalesChannel),
      wins: channel(AdminField.WinsChannel),
      delivery: channel(AdminField.DeliveryChannel),
      digest: channel(AdminField.DigestChannel),
    },
    timeZone: (state(AdminField.TimeZone)?.value ?? "").trim(),
    admins: users(AdminField.Admins),
    managers: users(AdminField.Managers),
    // A form opened before the calendar existed has neither field: the stored calendar stays.
    holidays: state(AdminField.Holidays) ? (state(AdminField.Holidays)?.value ?? "") : undefined,
    holidayPreset: state(AdminField.HolidayPreset)
      ? presetOf(state(AdminField.HolidayPreset)?.selected_option?.value)
      : undefined,
  };
}

const SETTING_LABELS: Record<string, string> = {
  salesChannel: "sales channel",
  winsChannel: "wins channel",
  deliveryChannel: "delivery channel",
  digestChannel: "digest channel",
  timeZone: "time zone",
  admins: "admins",
  managers: "managers",
  weeklyDigest: "weekly digest schedule",
  holidays: "holidays",
  holidayPreset: "country holidays",
};

/** The private answer after a save. */
export function settingsSavedMessage(changed: readonly string[]): MessageView {
  const text =
    changed.length === 0
      ? "Nothing changed in the settings."
      : `Saved the settings: ${changed.map((c) => SETTING_LABELS[c] ?? c).join(", ")}.`;
  return { text, blocks: [section(text)] };
}

// ---------------------------------------------------------------------------------------------
// `/handoff stages`.

function kindText(stage: Stage): string {
  return stage.kind === "won" ? "Won (final)" : stage.kind === "lost" ? "Lost (final)" : "open";
}

function stageLine(stage: Stage): string {
  const name = fitMrkdwn(oneLine(stage.name), STAGE_NAME_MAX + 20) || "—";
  const parts = [kindText(stage), `${stage.probability}%`];
  if (stage.staleAfterDays !== null)
    parts.push(`stale after ${stage.staleAfterDays} day${stage.staleAfterDays === 1 ? "" : "s"}`);
  if (stage.requiresAmountAndCloseDate) parts.push("needs amount and close date");
  return `*${stage.position}. ${name}* — ${parts.join(" · ")}`;
}

/** At most this many stages are listed or edited: the modal has one input group of four per stage. */
export const MAX_EDITABLE_STAGES = 19;

/** `/handoff stages`: the pipeline's stages in order; admins get an Edit stages button. */
export function stagesMessage(stages: readonly Stage[], options: { canEdit: boolean }): MessageView {
  const shown = stages.slice(0, MAX_EDITABLE_STAGES);
  const blocks: KnownBlock[] = [
    header("Pipeline stages"),
    section(truncateText(shown.map(stageLine).join("\n"), L.sectionText) || "No stages yet."),
    context(
      "Probability is the share of the amount the forecast counts; an open deal with no activity for its stale period is flagged stale. Deals keep their stage when it is renamed or reordered.",
    ),
  ];
  if (options.canEdit) {
    blocks.push({
      type: "actions",
      elements: [button("Edit stages", AdminAction.EditStages, undefined, "primary")],
    });
  } else {
    blocks.push(context("Only admins can change the stages."));
  }
  return { text: `Pipeline stages: ${shown.map((s) => oneLine(s.name)).join(", ")}`, blocks };
}

export function stageBlockId(field: StageField, stageId: string): string {
  return `${field}:${stageId}`;
}

function numberInput(initial: number | null, min: number, max: number): NumberInput {
  return {
    type: "number_input",
    action_id: InputActionId,
    is_decimal_allowed: false,
    min_value: String(min),
    max_value: String(max),
    ...(initial !== null ? { initial_value: String(initial) } : {}),
  } satisfies NumberInput;
}

/** Edit stages: one group per stage (name, order, probability, stale period). */
export function stagesModal(
  stages: readonly Stage[],
  ctx: { fingerprint: string; channelId?: string },
): ModalView {
  const editable = stages.slice(0, MAX_EDITABLE_STAGES);
  const blocks: KnownBlock[] = [
    context(
      "Won and Lost keep their meaning and come after the open stages. Renaming never moves a deal; people can still type a stage's old key.",
    ),
  ];
  for (const stage of editable) {
    const label = plainName(stage);
    blocks.push(divider());
    blocks.push(
      input(
        stageBlockId(StageField.Name, stage.id),
        `${label} — name`,
        textInput({ initial: stage.name, max: STAGE_NAME_MAX }),
        { hint: kindText(stage) },
      ),
      input(stageBlockId(StageField.Order, stage.id), `${label} — order`, numberInput(stage.position, 1, 99)),
      input(
        stageBlockId(StageField.Probability, stage.id),
        `${label} — probability %`,
        numberInput(stage.probability, 0, 100),
      ),
    );
    if (stage.kind === "open") {
      blocks.push(
        input(
          stageBlockId(StageField.StaleAfterDays, stage.id),
          `${label} — stale after (days)`,
          numberInput(stage.staleAfterDays, 1, 365),
        ),
      );
    }
  }
  return modal({
    callbackId: AdminView.Stages,
    title: "Edit stages",
    submit: "Save",
    metadata: metadata({ channelId: ctx.channelId, fingerprint: ctx.fingerprint }),
    blocks,
  });
}

/** A stage's name as a plain-text label: one line, short enough to leave room for the field's name. */
function plainName(stage: Stage): string {
  return truncateText(oneLine(stage.name), STAGE_NAME_MAX) || stage.key;
}

/** The stages modal's values as edits, one per stage found in the form. */
export function readStagesForm(values: ViewStateValues): StageEdit[] {
  const edits = new Map<string, { name?: string; order?: string; probability?: string; stale?: string }>();
  for (const [blockId, actions] of Object.entries(values)) {
    const [prefix, stageId] = blockId.split(":", 2);
    if (!stageId) continue;
    const value = actions[InputActionId]?.value ?? "";
    const edit = edits.get(stageId) ?? {};
    if (prefix === StageField.Name) edit.name = value;
    else if (prefix === StageField.Order) edit.order = value;
    else if (prefix === StageField.Probability) edit.probability = value;
    else if (prefix === StageField.StaleAfterDays) edit.stale = value;
    else continue;
    edits.set(stageId, edit);
  }
  return [...edits].map(([stageId, e]) => ({
    stageId,
    name: e.name ?? "",
    order: e.order ?? "",
    probability: e.probability ?? "",
    ...(e.stale !== undefined ? { staleAfterDays: e.stale } : {}),
  }));
}

/** Each problem next to its input (Slack shows one message per block). */
export function stageFormErrors(problems: readonly StageEditProblem[]): Record<string, string> {
  const prefix: Record<StageEditProblem["field"], StageField> = {
    name: StageField.Name,
    order: StageField.Order,
    probability: StageField.Probability,
    staleAfterDays: StageField.StaleAfterDays,
  };
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    const blockId = stageBlockId(prefix[problem.field], problem.stageId);
    errors[blockId] ??= truncateText(stageEditProblemText(problem), 2000);
  }
  return errors;
}

/** The private answer after a save: the stages as they now are. */
export function stagesSavedMessage(stages: readonly Stage[], changedCount: number): MessageView {
  const note =
    changedCount === 0
      ? "Nothing changed in the stages."
      : `Saved ${changedCount} stage${changedCount === 1 ? "" : "s"}.`;
  const list = stagesMessage(stages, { canEdit: true });
  return { text: `${note} ${list.text}`, blocks: [section(note), ...(list.blocks ?? [])] };
}
