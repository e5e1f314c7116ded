import { randomBytes } from "node:crypto";
import {
  describeOptions,
  elementType,
  findOption,
  isObject,
  type JsonObject,
  type LocatedElement,
  locateElements,
  matchesLabel,
  optionsOf,
  selectLabels,
  textOf,
  visibleText,
} from "./driver/elements.ts";
import { type AttachedFileLookup, type RawValue, type RawValues, stateFromRaw } from "./driver/raw-values.ts";
import { slackSignature } from "./driver/signing.ts";
import {
  clientSideProblems,
  type DirectoryLookup,
  inputLabel,
  SlackDriverError,
  type SubmitValue,
  submittedState,
} from "./driver/submit-values.ts";
import { currentState } from "./driver/view-state.ts";
import {
  type EmulatorChannel,
  type EmulatorEphemeral,
  type EmulatorMessage,
  type EmulatorView,
  type MessageResponseOutcome,
  SlackApiError,
  type SlackEmulator,
  toSlackView,
  type ViewStateValues,
} from "./emulator/index.ts";
import type { EnvelopeType, SocketModeHub } from "./emulator/socket-mode.ts";
import type { EmulatorLogger } from "./logger.ts";

export type { RawValue, RawValues } from "./driver/raw-values.ts";
export { slackSignature } from "./driver/signing.ts";
export { type AttachedFile, SlackDriverError, type SubmitValue } from "./driver/submit-values.ts";

export interface SlackDriverOptions {
  emulator: SlackEmulator;
  /** Where Slack sends commands, interactivity and events, e.g. http://127.0.0.1:3000/slack/events. */
  appUrl: string;
  signingSecret: string;
  /** Defaults to the emulator's app id. */
  apiAppId?: string;
  /** The legacy verification token sent in payloads. */
  verificationToken?: string;
  /** Clock in milliseconds for request timestamps and event times. */
  now?: () => number;
  /** Slack gives up on an answer after 3 s and ignores a late ack; 0 waits forever. */
  ackTimeoutMs?: number;
  /**
   * Deliver over Socket Mode (the emulator's `socketMode`) instead of signed HTTP requests: the
   * same payloads as envelopes, the acks read as the HTTP answers would be.
   */
  socketMode?: SocketModeHub;
  logger?: EmulatorLogger;
}

/** Headers Slack adds when it redelivers an event. */
export interface SendOptions {
  retryNum?: number;
  retryReason?: string;
}

/** What Slack did with the app's answer. */
export type AckOutcome =
  | { kind: "none" }
  | { kind: "message"; result: MessageResponseOutcome }
  | { kind: "view_closed"; viewId: string }
  | { kind: "views_cleared"; viewIds: string[] }
  | { kind: "view_errors"; viewId: string; errors: Record<string, string> }
  | { kind: "view_updated"; viewId: string }
  | { kind: "view_pushed"; viewId: string }
  /** Slack could not use the answer (bad blocks, push limit, non-200, timeout…). */
  | { kind: "rejected"; reason: string; messages?: string[] };

export interface DriverResponse {
  /** HTTP status, or 0 when the app did not answer within the ack timeout. */
  status: number;
  /** Parsed JSON, or the text ("" for an empty body). */
  body: unknown;
  durationMs: number;
  timedOut: boolean;
  /** Exactly what was sent. */
  request: { body: string; headers: Record<string, string>; payload: unknown };
  outcome: AckOutcome;
}

export interface RawRequest extends SendOptions {
  body: string;
  contentType: string;
  headers?: Record<string, string>;
  /** Unix seconds; defaults to now. */
  timestamp?: number | string;
  /** Defaults to the correct signature for body and timestamp. */
  signature?: string;
}

/** Which message or view a person is looking at. */
export type Where =
  /** asSeen: the message as the person's client still shows it (an update not yet arrived). */
  | { channelId: string; ts: string; asSeen?: EmulatorMessage }
  | { ephemeralOf: string; channelId?: string; textIncludes?: string; ts?: string }
  | { view: "modal" | "home" };

export interface ElementOptions extends SendOptions {
  /** Only consider elements in this block, when several share a label. */
  blockId?: string;
}

/** A Slack event (the inner `event`); `type` is required, the rest is filled in. */
export type SlackEventInput = { type: string } & Record<string, unknown>;

export interface EventOptions extends SendOptions {
  /** Reuse an event id, to emulate a redelivery. */
  eventId?: string;
}

type Surface =
  | { kind: "message"; channel: EmulatorChannel; message: EmulatorMessage; blocks: unknown[] }
  | { kind: "ephemeral"; channel: EmulatorChannel; ephemeral: EmulatorEphemeral; blocks: unknown[] }
  | { kind: "view"; view: EmulatorView; blocks: unknown[] };

const FORM = "application/x-www-form-urlencoded";
const SELECT_TYPES = new Set([
  "static_select",
  "external_select",
  "users_select",
  "conversations_select",
  "channels_select",
]);

/**
 * Plays Slack's side towards the app: signed slash commands, block actions, view submissions
 * and events, built from what the emulator shows, and applies the app's answers the way Slack
 * does (ack bodies become messages, view_submission acks update the modal stack).
 */
export class SlackDriver {
  private readonly emu: SlackEmulator;
  private readonly appUrl: string;
  private readonly signingSecret: string;
  private readonly apiAppId: string;
  private readonly verificationToken: string;
  private readonly now: () => number;
  private readonly ackTimeoutMs: number;
  private readonly socketMode: SocketModeHub | undefined;
  private readonly logger: EmulatorLogger | undefined;
  private eventCounter = 0;

  constructor(options: SlackDriverOptions) {
    this.emu = options.emulator;
    this.appUrl = options.appUrl;
    this.signingSecret = options.signingSecret;
    this.apiAppId = options.apiAppId ?? options.emulator.bot.appId;
    this.verificationToken = options.verificationToken ?? "emulator-verification-token";
    this.now = options.now ?? Date.now;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 3000;
    this.socketMode = options.socketMode;
    this.logger = options.logger?.child({ component: "slack-driver" });
  }

  // ---- slash commands ----

  /** `/deal help` typed by `userId` in `channelId` (default: their DM with the app). */
  async command(
    userId: string,
    command: string,
    text: string,
    options: { channelId?: string } & SendOptions = {},
  ): Promise<DriverResponse> {
    const user = this.person(userId);
    const channelId = options.channelId ?? this.emu.openDm(userId);
    const channel = this.conversation(channelId);
    const team = this.emu.team;
    const fields: Record<string, string> = {
      token: this.verificationToken,
      team_id: team.id,
      team_domain: team.domain,
      channel_id: channel.id,
      channel_name: channelName(channel),
      user_id: user.id,
      user_name: user.name,
      command: command.startsWith("/") ? command : `/${command}`,
      text,
      api_app_id: this.apiAppId,
      is_enterprise_install: "false",
      response_url: this.emu.issueResponseUrl({ channelId: channel.id, userId }),
      trigger_id: this.emu.issueTriggerId(userId),
    };
    const body = new URLSearchParams(fields).toString();
    const response = await this.post(body, FORM, fields, options);
    if (!answered(response)) return response;
    const ack = response.body;
    let payload: Record<string, unknown> | undefined;
    if (typeof ack === "string" && ack.trim() !== "") payload = { text: ack };
    else if (
      isObject(ack) &&
      (ack.text !== undefined || ack.blocks !== undefined || ack.attachments !== undefined)
    ) {
      payload = ack;
    }
    if (!payload) return response;
    return this.withOutcome(response, () => ({
      kind: "message",
      result: this.emu.applyMessageResponse({ channelId: channel.id, userId }, payload, "command_ack"),
    }));
  }

  // ---- block actions ----

  /** Clicks the button a person would recognise by its text. */
  async clickButton(
    userId: string,
    where: Where,
    label: string | RegExp,
    options: ElementOptions = {},
  ): Promise<DriverResponse> {
    const surface = this.surface(userId, where);
    const buttons = this.elements(surface, options).filter(
      (l) => l.place !== "input" && elementType(l.element) === "button",
    );
    const target = buttons.find((l) => matchesLabel(textOf(l.element.text), label));
    if (!target) {
      const visible = buttons.map((l) => JSON.stringify(textOf(l.element.text) ?? ""));
      throw new SlackDriverError(
        `No button ${String(label)} in ${describeSurface(surface)}; visible buttons: ${visible.join(", ") || "none"}`,
      );
    }
    const action: JsonObject = { ...buttonAction(target), action_ts: this.actionTs() };
    return this.sendBlockActions(userId, surface, action, {}, options);
  }

  /** Picks an item from an overflow menu, found by the item's text. */
  async chooseOverflow(
    userId: string,
    where: Where,
    optionText: string | RegExp,
    options: ElementOptions = {},
  ): Promise<DriverResponse> {
    const surface = this.surface(userId, where);
    const menus = this.elements(surface, options).filter((l) => elementType(l.element) === "overflow");
    for (const menu of menus) {
      const option = findOption(menu.element, optionText);
      if (!option) continue;
      const action: JsonObject = {
        type: "overflow",
        action_id: menu.element.action_id,
        block_id: menu.blockId,
        selected_option: structuredClone(option),
        action_ts: this.actionTs(),
      };
      return this.sendBlockActions(userId, surface, action, {}, options);
    }
    const available = menus.map((m) => describeOptions(m.element)).join("; ");
    throw new SlackDriverError(
      `No overflow item ${String(optionText)} in ${describeSurface(surface)}; items: ${available || "no overflow menus"}`,
    );
  }

  /**
   * Chooses in a select (static, users, conversations, channels) found by its placeholder, its
   * block's text or input label, or its block_id. For user selects `optionText` is a user id
   * (or handle / real name); for conversation selects a channel id or name.
   */
  async selectOption(
    userId: string,
    where: Where,
    blockOrPlaceholderLabel: string | RegExp,
    optionText: string,
    options: ElementOptions = {},
  ): Promise<DriverResponse> {
    const surface = this.surface(userId, where);
    // Inputs only send block_actions with dispatch_action; otherwise they are filled in via submitView.
    const selects = this.elements(surface, options).filter(
      (l) =>
        SELECT_TYPES.has(elementType(l.element)) && (l.place !== "input" || l.block.dispatch_action === true),
    );
    const target = selects.find((l) =>
      selectLabels(l).some((text) => matchesLabel(text, blockOrPlaceholderLabel)),
    );
    if (!target) {
      const seen = selects.map((l) => `${elementType(l.element)} ${JSON.stringify(selectLabels(l))}`);
      throw new SlackDriverError(
        `No select ${String(blockOrPlaceholderLabel)} in ${describeSurface(surface)}; selects: ${seen.join(", ") || "none"}`,
      );
    }
    const type = elementType(target.element);
    const label = String(blockOrPlaceholderLabel);
    const state = submittedState(target.element, label, optionText, this.directory());
    const selection = Object.fromEntries(Object.entries(state).filter(([key]) => key !== "type"));
    const action: JsonObject = {
      type,
      action_id: target.element.action_id,
      block_id: target.blockId,
      ...selection,
      ...(target.element.placeholder !== undefined
        ? { placeholder: structuredClone(target.element.placeholder) }
        : {}),
      action_ts: this.actionTs(),
    };
    const actionId = String(target.element.action_id ?? "");
    // The choice sticks in the view, as it would on screen.
    if (surface.kind === "view") this.emu.setViewStateValue(surface.view.id, target.blockId, actionId, state);
    return this.sendBlockActions(
      userId,
      surface,
      action,
      { [target.blockId]: { [actionId]: state } },
      options,
    );
  }

  // ---- by id, as the sandbox page sends them ----

  /**
   * Uses the element with this block_id and action_id: presses a button, picks an overflow
   * item, chooses in a select or picker. In a modal, `viewValues` holds what the person has
   * entered so far, sent along in the view's state as Slack does.
   */
  async act(
    userId: string,
    where: Where,
    target: { blockId: string; actionId: string; value?: RawValue },
    viewValues: RawValues = {},
  ): Promise<DriverResponse> {
    const surface = this.surface(userId, where);
    const located = this.elements(surface, { blockId: target.blockId }).find(
      (l) => String(l.element.action_id ?? "") === target.actionId,
    );
    if (!located)
      throw new SlackDriverError(
        `No element ${target.blockId}/${target.actionId} in ${describeSurface(surface)}`,
      );
    const element = located.element;
    const type = elementType(element);
    const overrides = surface.kind === "view" ? rawOverrides(surface.blocks, viewValues) : {};
    const common = { action_id: element.action_id, block_id: located.blockId, action_ts: this.actionTs() };
    let action: JsonObject;
    if (type === "button") {
      action = { ...buttonAction(located), action_ts: common.action_ts };
    } else if (type === "overflow") {
      const option = optionsOf(element).find((o) => o.value === target.value);
      if (!option) throw new SlackDriverError(`No overflow item ${String(target.value)}`);
      action = { type, ...common, selected_option: structuredClone(option) };
    } else {
      const state = stateFromRaw(element, target.value ?? null);
      if (!state) throw new SlackDriverError(`A ${type} sends no actions`);
      const { type: _type, ...selection } = state;
      action = {
        type,
        ...common,
        ...selection,
        ...(element.placeholder !== undefined ? { placeholder: structuredClone(element.placeholder) } : {}),
      };
      overrides[located.blockId] = { ...overrides[located.blockId], [target.actionId]: state };
    }
    if (surface.kind === "view") {
      this.emu.setViewState(
        surface.view.id,
        currentState(surface.blocks, surface.view.state.values, overrides),
      );
    }
    return this.sendBlockActions(userId, surface, action, overrides, {});
  }

  // ---- modals ----

  /**
   * Fills in the open modal by input label and submits it. Inputs left out keep their current
   * (or initial) value; Slack's own client-side checks (required fields, lengths) apply first.
   */
  async submitView(
    userId: string,
    values: Record<string, SubmitValue>,
    options: SendOptions = {},
  ): Promise<DriverResponse> {
    const view = this.openModalOf(userId);
    const inputs = locateElements(view.blocks).filter((l) => l.place === "input");
    const overrides: ViewStateValues = {};
    for (const [label, value] of Object.entries(values)) {
      const input = inputs.find((l) => matchesLabel(inputLabel(l.block), label));
      if (!input) {
        const labels = inputs.map((l) => JSON.stringify(inputLabel(l.block)));
        throw new SlackDriverError(
          `No input labelled "${label}" in the modal; labels: ${labels.join(", ") || "none"}`,
        );
      }
      const actionId = String(input.element.action_id ?? "");
      overrides[input.blockId] = {
        ...overrides[input.blockId],
        [actionId]: submittedState(input.element, label, value, this.directory(userId)),
      };
    }
    const submitted = this.submit(userId, view, overrides, options);
    if ("problems" in submitted)
      throw new SlackDriverError(
        `Slack would not submit the modal: ${Object.values(submitted.problems).join("; ")}`,
      );
    return submitted.response;
  }

  /**
   * The sandbox page's submit: the values of the form controls by block and action id. Problems
   * Slack's own client would catch (a required field left empty…) are shown next to the fields
   * and nothing is sent, as in Slack.
   */
  async submitViewValues(
    userId: string,
    viewId: string,
    values: RawValues,
  ): Promise<DriverResponse | { problems: Record<string, string> }> {
    const view = this.openModalOf(userId);
    if (view.id !== viewId) throw new SlackDriverError(`The modal ${viewId} is no longer open`);
    const attached = (fileId: string) =>
      this.emu.files().find((file) => file.id === fileId && file.user === userId);
    const submitted = this.submit(userId, view, rawOverrides(view.blocks, values, attached), {});
    if ("problems" in submitted) {
      this.emu.setViewErrors(view.id, submitted.problems);
      return submitted;
    }
    return submitted.response;
  }

  private submit(
    userId: string,
    view: EmulatorView,
    overrides: ViewStateValues,
    options: SendOptions,
  ): { problems: Record<string, string> } | { response: Promise<DriverResponse> } {
    const user = this.person(userId);
    const inputs = locateElements(view.blocks).filter((l) => l.place === "input");
    const state = currentState(view.blocks, view.state.values, overrides);
    const problems: Record<string, string> = {};
    for (const l of inputs) {
      const found = clientSideProblems(
        inputLabel(l.block),
        l.block,
        l.element,
        state[l.blockId]?.[String(l.element.action_id ?? "")],
      );
      if (found.length > 0) problems[l.blockId] = found.join("; ");
    }
    // What was typed stays in the form beside the errors, as in Slack's client.
    this.emu.setViewState(view.id, state);
    if (Object.keys(problems).length > 0) return { problems };

    this.emu.setViewErrors(view.id, undefined);
    const submitted = this.emu.openModal(userId)!;
    const team = this.emu.team;
    const payload = {
      type: "view_submission",
      team: { id: team.id, domain: team.domain },
      user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
      api_app_id: this.apiAppId,
      token: this.verificationToken,
      trigger_id: this.emu.issueTriggerId(userId),
      view: toSlackView(submitted),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const send = async () => {
      const response = await this.postPayload(payload, options);
      // Without a 200 in time, Slack keeps the modal open and shows a connection error.
      if (!answered(response)) return response;
      return this.withOutcome(response, () => this.applyViewAck(userId, submitted.id, response.body));
    };
    return { response: send() };
  }

  private openModalOf(userId: string): EmulatorView {
    this.person(userId);
    const view = this.emu.openModal(userId);
    if (!view) throw new SlackDriverError(`${userId} has no modal open`);
    if (!view.submit) throw new SlackDriverError(`modal ${view.callback_id || view.id} has no submit button`);
    return view;
  }

  /**
   * The person closes the top modal (or, with `all` or `clear_on_close`, the whole stack).
   * Sends view_closed only when the view asked for it with `notify_on_close`.
   */
  async closeView(
    userId: string,
    options: { all?: boolean } & SendOptions = {},
  ): Promise<DriverResponse | undefined> {
    const user = this.person(userId);
    const view = this.emu.openModal(userId);
    if (!view) throw new SlackDriverError(`${userId} has no modal open`);
    const all = options.all === true || view.clear_on_close;
    if (all) this.emu.closeAllModals(userId);
    else this.emu.closeTopModal(userId);
    if (!view.notify_on_close) return undefined;
    const team = this.emu.team;
    const payload = {
      type: "view_closed",
      team: { id: team.id, domain: team.domain },
      user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
      api_app_id: this.apiAppId,
      token: this.verificationToken,
      view: toSlackView(view),
      is_cleared: all,
      is_enterprise_install: false,
      enterprise: null,
    };
    return this.postPayload(payload, options);
  }

  // ---- events ----

  /** Sends an Events API `event_callback`; with a user id first, it becomes `event.user`. */
  event(event: SlackEventInput, options?: EventOptions): Promise<DriverResponse>;
  event(userId: string, event: SlackEventInput, options?: EventOptions): Promise<DriverResponse>;
  event(
    first: string | SlackEventInput,
    second?: SlackEventInput | EventOptions,
    third?: EventOptions,
  ): Promise<DriverResponse> {
    const userId = typeof first === "string" ? first : undefined;
    const event = (typeof first === "string" ? second : first) as SlackEventInput;
    const options = (typeof first === "string" ? third : second) as EventOptions | undefined;
    const eventTs = this.actionTs();
    const full: Record<string, unknown> = {
      ...(userId ? { user: userId } : {}),
      ...event,
      event_ts: event.event_ts ?? eventTs,
    };
    if (full.type === "message" && full.ts === undefined) full.ts = full.event_ts;
    const team = this.emu.team;
    const bot = this.emu.bot;
    const payload = {
      token: this.verificationToken,
      team_id: team.id,
      context_team_id: team.id,
      context_enterprise_id: null,
      api_app_id: this.apiAppId,
      event: full,
      type: "event_callback",
      event_id: options?.eventId ?? this.nextEventId(),
      event_time: Math.floor(this.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: team.id,
          user_id: bot.userId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
    const body = JSON.stringify(payload);
    return this.post(body, "application/json", payload, options ?? {});
  }

  /** The person opens the app's Home tab. */
  appHomeOpened(userId: string, options: EventOptions = {}): Promise<DriverResponse> {
    this.person(userId);
    const channel = this.emu.openDm(userId);
    const home = this.emu.homeView(userId);
    return this.event(
      userId,
      { type: "app_home_opened", channel, tab: "home", ...(home ? { view: toSlackView(home) } : {}) },
      options,
    );
  }

  /** The person writes a message (stored in the emulator) and Slack tells the app. */
  async userMessage(
    userId: string,
    channelId: string,
    text: string,
    options: { threadTs?: string } & EventOptions = {},
  ): Promise<{ message: EmulatorMessage; response: DriverResponse }> {
    const channel = this.conversation(channelId);
    const message = this.emu.postUserMessage(
      userId,
      channelId,
      text,
      options.threadTs ? { threadTs: options.threadTs } : {},
    );
    const response = await this.event(
      userId,
      {
        type: "message",
        channel: channel.id,
        text,
        ts: message.ts,
        team: this.emu.team.id,
        channel_type: channel.is_im ? "im" : channel.is_private ? "group" : "channel",
        event_ts: message.ts,
        ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      },
      options,
    );
    return { message, response };
  }

  /** The handshake Slack does when a request URL is saved. */
  urlVerification(challenge: string, options: SendOptions = {}): Promise<DriverResponse> {
    const payload = { token: this.verificationToken, challenge, type: "url_verification" };
    return this.post(JSON.stringify(payload), "application/json", payload, options);
  }

  /** Anything, signed correctly unless `signature` / `timestamp` say otherwise. */
  sendRaw(request: RawRequest): Promise<DriverResponse> {
    return this.post(
      request.body,
      request.contentType,
      undefined,
      request,
      request.headers,
      request.timestamp,
      request.signature,
    );
  }

  // ---- internals ----

  private async sendBlockActions(
    userId: string,
    surface: Surface,
    action: JsonObject,
    stateOverrides: ViewStateValues,
    options: SendOptions,
  ): Promise<DriverResponse> {
    const user = this.person(userId);
    const team = this.emu.team;
    const base = {
      type: "block_actions",
      user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
      api_app_id: this.apiAppId,
      token: this.verificationToken,
    };
    const common = {
      trigger_id: this.emu.issueTriggerId(userId),
      team: { id: team.id, domain: team.domain },
      enterprise: null,
      is_enterprise_install: false,
    };
    let payload: Record<string, unknown>;
    if (surface.kind === "view") {
      const view = this.emu.view(surface.view.id) ?? surface.view;
      const slackView = toSlackView(view);
      slackView.state = { values: currentState(view.blocks, view.state.values, stateOverrides) };
      payload = {
        ...base,
        container: { type: "view", view_id: view.id },
        ...common,
        view: slackView,
        actions: [action],
      };
    } else {
      const ephemeral = surface.kind === "ephemeral";
      const ts = ephemeral ? surface.ephemeral.ts : surface.message.ts;
      const threadTs = ephemeral ? surface.ephemeral.thread_ts : surface.message.thread_ts;
      payload = {
        ...base,
        container: {
          type: "message",
          message_ts: ts,
          channel_id: surface.channel.id,
          is_ephemeral: ephemeral,
          ...(threadTs && threadTs !== ts ? { thread_ts: threadTs } : {}),
        },
        ...common,
        channel: { id: surface.channel.id, name: channelName(surface.channel) },
        ...(surface.kind === "message" ? { message: structuredClone(surface.message) } : {}),
        state: { values: currentState(surface.blocks, {}, stateOverrides) },
        response_url: this.emu.issueResponseUrl({
          channelId: surface.channel.id,
          userId,
          source: { ts, ephemeral },
        }),
        actions: [action],
      };
    }
    // Slack ignores the body of a block_actions ack.
    return this.postPayload(payload, options);
  }

  private applyViewAck(userId: string, viewId: string, ack: unknown): AckOutcome {
    const action = isObject(ack) ? ack.response_action : undefined;
    if (action === undefined || action === null) {
      this.emu.closeTopModal(userId);
      return { kind: "view_closed", viewId };
    }
    if (!isObject(ack)) return { kind: "rejected", reason: "unreadable ack" };
    switch (action) {
      case "errors": {
        const errors = isObject(ack.errors) ? ack.errors : {};
        const stringErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, String(v)]));
        this.emu.setViewErrors(viewId, stringErrors);
        return { kind: "view_errors", viewId, errors: stringErrors };
      }
      case "update":
        return { kind: "view_updated", viewId: this.emu.replaceView(viewId, ack.view).id };
      case "push":
        return { kind: "view_pushed", viewId: this.emu.pushView(userId, ack.view).id };
      case "clear":
        return { kind: "views_cleared", viewIds: this.emu.closeAllModals(userId).map((v) => v.id) };
      default:
        return { kind: "rejected", reason: `unknown response_action ${JSON.stringify(action)}` };
    }
  }

  /** Runs an ack application; Slack's refusal becomes a "rejected" outcome instead of an exception. */
  private withOutcome(response: DriverResponse, apply: () => AckOutcome): DriverResponse {
    try {
      return { ...response, outcome: apply() };
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      const metadata = error.extra.response_metadata as { messages?: string[] } | undefined;
      this.logger?.warn({ error: error.error }, "Slack would reject the app's answer");
      return {
        ...response,
        outcome: {
          kind: "rejected",
          reason: error.error,
          ...(metadata?.messages ? { messages: metadata.messages } : {}),
        },
      };
    }
  }

  private postPayload(payload: Record<string, unknown>, options: SendOptions): Promise<DriverResponse> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, FORM, payload, options);
  }

  private async post(
    body: string,
    contentType: string,
    payload: unknown,
    options: SendOptions,
    extraHeaders: Record<string, string> = {},
    timestamp?: number | string,
    signature?: string,
  ): Promise<DriverResponse> {
    if (this.socketMode) return this.deliverOverSocket(this.socketMode, payload, options);
    const ts = timestamp ?? Math.floor(this.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": contentType,
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signature ?? slackSignature(this.signingSecret, ts, body),
      ...(options.retryNum !== undefined ? { "x-slack-retry-num": String(options.retryNum) } : {}),
      ...(options.retryReason !== undefined ? { "x-slack-retry-reason": options.retryReason } : {}),
      ...extraHeaders,
    };
    const request = { body, headers, payload };
    const started = performance.now();
    const signal = this.ackTimeoutMs > 0 ? AbortSignal.timeout(this.ackTimeoutMs) : undefined;
    try {
      const res = await fetch(this.appUrl, { method: "POST", headers, body, ...(signal ? { signal } : {}) });
      const text = await res.text();
      const durationMs = performance.now() - started;
      this.logger?.debug({ status: res.status, durationMs }, "app answered");
      const outcome: AckOutcome =
        res.status === 200 ? { kind: "none" } : { kind: "rejected", reason: `http ${res.status}` };
      return {
        status: res.status,
        body: parseBody(text, res.headers.get("content-type")),
        durationMs,
        timedOut: false,
        request,
        outcome,
      };
    } catch (error) {
      const durationMs = performance.now() - started;
      if (signal?.aborted) {
        this.logger?.warn({ durationMs }, "app did not answer in time");
        return {
          status: 0,
          body: "",
          durationMs,
          timedOut: true,
          request,
          outcome: { kind: "rejected", reason: "timeout" },
        };
      }
      throw error;
    }
  }

  /** The Socket Mode twin of an HTTP request: an envelope, its ack read as the HTTP answer. */
  private async deliverOverSocket(
    hub: SocketModeHub,
    payload: unknown,
    options: SendOptions,
  ): Promise<DriverResponse> {
    const type = envelopeType(payload);
    const ack = await hub.deliver(type, payload, {
      ackTimeoutMs: this.ackTimeoutMs,
      ...(type === "events_api" && options.retryNum !== undefined ? { retryAttempt: options.retryNum } : {}),
      ...(type === "events_api" && options.retryReason !== undefined
        ? { retryReason: options.retryReason }
        : {}),
    });
    const request = { body: JSON.stringify(ack.envelope), headers: {}, payload };
    if (!ack.acked) {
      this.logger?.warn({ durationMs: ack.durationMs }, "app did not ack in time");
      return {
        status: 0,
        body: "",
        durationMs: ack.durationMs,
        timedOut: true,
        request,
        outcome: { kind: "rejected", reason: "timeout" },
      };
    }
    // An empty ack payload is the empty HTTP 200 body.
    const body = Object.keys(ack.payload).length === 0 ? "" : ack.payload;
    return {
      status: 200,
      body,
      durationMs: ack.durationMs,
      timedOut: false,
      request,
      outcome: { kind: "none" },
    };
  }

  private surface(userId: string, where: Where): Surface {
    if ("view" in where) {
      const view = where.view === "modal" ? this.emu.openModal(userId) : this.emu.homeView(userId);
      if (!view)
        throw new SlackDriverError(`${userId} has no ${where.view === "modal" ? "modal open" : "Home view"}`);
      return { kind: "view", view, blocks: view.blocks };
    }
    if ("ephemeralOf" in where) {
      const candidates = this.emu
        .ephemerals(where.ephemeralOf, where.channelId)
        .filter((e) => where.ts === undefined || e.ts === where.ts)
        .filter((e) => where.textIncludes === undefined || visibleText(e).includes(where.textIncludes));
      const ephemeral = candidates[candidates.length - 1];
      if (!ephemeral) {
        const seen = this.emu
          .ephemerals(where.ephemeralOf, where.channelId)
          .map((e) => JSON.stringify(e.text));
        throw new SlackDriverError(
          `No ephemeral message for ${where.ephemeralOf}${where.channelId ? ` in ${where.channelId}` : ""}` +
            `${where.textIncludes ? ` including "${where.textIncludes}"` : ""}; they have: ${seen.join(", ") || "none"}`,
        );
      }
      return {
        kind: "ephemeral",
        channel: this.conversation(ephemeral.channel),
        ephemeral,
        blocks: ephemeral.blocks ?? [],
      };
    }
    const message = where.asSeen ?? this.emu.message(where.channelId, where.ts);
    if (!message) throw new SlackDriverError(`No message ${where.ts} in ${where.channelId}`);
    return {
      kind: "message",
      channel: this.conversation(where.channelId),
      message,
      blocks: message.blocks ?? [],
    };
  }

  private elements(surface: Surface, options: ElementOptions): LocatedElement[] {
    const all = locateElements(surface.blocks);
    return options.blockId === undefined ? all : all.filter((l) => l.blockId === options.blockId);
  }

  private person(userId: string) {
    const user = this.emu.user(userId);
    if (!user) throw new SlackDriverError(`No user ${userId} in the emulator`);
    return user;
  }

  private conversation(channelId: string): EmulatorChannel {
    const channel = this.emu.channel(channelId);
    if (!channel) throw new SlackDriverError(`No conversation ${channelId} in the emulator`);
    return channel;
  }

  private directory(userId?: string): DirectoryLookup {
    return {
      userId: (text) =>
        this.emu.users().find((u) => u.id === text || u.name === text || u.real_name === text)?.id,
      channelId: (text) => this.emu.channel(text)?.id ?? this.emu.channelByName(text)?.id,
      uploadFile: (file) => {
        if (!userId) throw new SlackDriverError("only a person filling in a modal attaches files");
        return this.emu.uploadUserFile(userId, file);
      },
    };
  }

  private actionTs(): string {
    const micros = Math.floor(this.now() * 1000) + Math.floor(Math.random() * 1000);
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, "0")}`;
  }

  private nextEventId(): string {
    this.eventCounter += 1;
    const suffix = randomBytes(4).toString("hex").toUpperCase();
    return `Ev0${this.eventCounter.toString(36).toUpperCase().padStart(4, "0")}${suffix}`;
  }
}

function answered(response: DriverResponse): boolean {
  return !response.timedOut && response.status === 200;
}

/** JSON when the app says so (or it plainly is an object); a text ack like "42" stays text. */
/** Which Socket Mode envelope carries this payload. */
function envelopeType(payload: unknown): EnvelopeType {
  if (!isObject(payload)) throw new SlackDriverError("a raw request has no Socket Mode equivalent");
  if (typeof payload.command === "string") return "slash_commands";
  if (payload.type === "event_callback") return "events_api";
  if (payload.type === "url_verification")
    throw new SlackDriverError("url_verification is HTTP only; Socket Mode has no request URL");
  return "interactive";
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === "") return "";
  const looksJson = contentType?.includes("json") === true || /^\s*[{[]/.test(text);
  if (!looksJson) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function channelName(channel: EmulatorChannel): string {
  return channel.is_im ? "directmessage" : channel.name;
}

function describeSurface(surface: Surface): string {
  if (surface.kind === "view")
    return `the ${surface.view.type} view ${surface.view.callback_id || surface.view.id}`;
  if (surface.kind === "ephemeral")
    return `the ephemeral message ${surface.ephemeral.ts} in ${surface.channel.id}`;
  return `message ${surface.message.ts} in ${surface.channel.id}`;
}

/** A button's block_actions entry, as Slack builds it from the element. */
function buttonAction(located: LocatedElement): JsonObject {
  const element = located.element;
  return {
    type: "button",
    action_id: element.action_id,
    block_id: located.blockId,
    text: structuredClone(element.text),
    ...(element.value !== undefined ? { value: element.value } : {}),
    ...(element.style !== undefined ? { style: element.style } : {}),
    ...(element.url !== undefined ? { url: element.url } : {}),
  };
}

/** State overrides for the inputs of a view from the page's raw form values. */
function rawOverrides(
  blocks: readonly unknown[],
  values: RawValues,
  attachedFile?: AttachedFileLookup,
): ViewStateValues {
  const overrides: ViewStateValues = {};
  for (const located of locateElements(blocks)) {
    const actionId = String(located.element.action_id ?? "");
    const raw = values[located.blockId]?.[actionId];
    if (located.place !== "input" || raw === undefined) continue;
    const state = stateFromRaw(located.element, raw, attachedFile);
    if (state) overrides[located.blockId] = { ...overrides[located.blockId], [actionId]: state };
  }
  return overrides;
}
