import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { blockIds, withGeneratedIds } from "./blocks.ts";
import { invalidArguments, SlackApiError } from "./errors.ts";
import { assertTimeZone, tzLabel, tzOffsetSeconds } from "./timezones.ts";
import type {
  BotIdentity,
  EmulatorChange,
  EmulatorChannel,
  EmulatorChannelInput,
  EmulatorEphemeral,
  EmulatorEventMap,
  EmulatorMessage,
  EmulatorStateData,
  EmulatorUser,
  EmulatorUserInput,
  EmulatorView,
  EphemeralSource,
  ResponseUrlRecord,
  ResponseUrlSource,
  SlackView,
  TeamInfo,
  TriggerRecord,
  ViewStateValues,
} from "./types.ts";

export interface MessageContent {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  /** Shared files (files.completeUploadExternal), as Slack shows them on the message. */
  files?: unknown[];
}

export interface StoreOptions {
  team: TeamInfo;
  bot: BotIdentity;
  now: () => number;
  triggerTtlMs: number;
}

/** Slack allows a root modal plus two pushed views. */
export const MAX_MODAL_STACK = 3;
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

/**
 * The emulated workspace: plain data plus the operations Slack performs on it. Web API
 * methods, response_url and the driver's ack handling all go through here, so every path
 * applies the same rules and emits the same change events.
 */
export class EmulatorStore {
  readonly state: EmulatorStateData;
  readonly events = new EventEmitter<EmulatorEventMap>();
  readonly now: () => number;
  private readonly triggerTtlMs: number;

  constructor(options: StoreOptions) {
    this.now = options.now;
    this.triggerTtlMs = options.triggerTtlMs;
    this.events.setMaxListeners(0);
    this.state = {
      team: { ...options.team },
      bot: { ...options.bot },
      users: {},
      channels: {},
      messages: {},
      ephemerals: [],
      views: {},
      modalStacks: {},
      homeViews: {},
      dms: {},
      triggers: {},
      responseUrls: {},
      lastTsMicros: 0,
      idCounter: 0,
    };
    this.addUser({
      id: options.bot.userId,
      name: options.bot.name,
      real_name: options.bot.name,
      is_bot: true,
    });
  }

  /**
   * Takes back a workspace saved from an earlier run (the sandbox keeps its Slack between
   * starts, as its database keeps the deals). Modals, triggers and response_urls are left
   * behind: they would have expired anyway.
   */
  restore(saved: EmulatorStateData): void {
    const state = this.state;
    for (const [id, user] of Object.entries(saved.users)) state.users[id] ??= user;
    for (const [id, channel] of Object.entries(saved.channels)) state.channels[id] = channel;
    state.messages = saved.messages;
    state.ephemerals = saved.ephemerals;
    state.homeViews = saved.homeViews;
    state.views = Object.fromEntries(
      Object.entries(saved.views).filter(([id]) => Object.values(saved.homeViews).includes(id)),
    );
    state.dms = saved.dms;
    state.lastTsMicros = Math.max(state.lastTsMicros, saved.lastTsMicros);
    state.idCounter = Math.max(state.idCounter, saved.idCounter);
  }

  emit(change: EmulatorChange): void {
    this.events.emit("change", change);
  }

  // ---- ids and timestamps ----

  /** A message ts: unique and strictly increasing across the workspace, "1732440000.000100" style. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.now() * 1000), this.state.lastTsMicros + 1);
    this.state.lastTsMicros = micros;
    return formatTs(micros);
  }

  nextId(prefix: string): string {
    this.state.idCounter += 1;
    return `${prefix}0${this.state.idCounter.toString(36).toUpperCase().padStart(8, "0")}`;
  }

  // ---- people ----

  addUser(input: EmulatorUserInput): EmulatorUser {
    if (this.state.users[input.id]) throw new Error(`user ${input.id} already exists`);
    const tz = input.tz ?? "UTC";
    assertTimeZone(tz);
    const at = this.now();
    const isBotUser = input.id === this.state.bot.userId;
    const user: EmulatorUser = {
      id: input.id,
      team_id: this.state.team.id,
      name: input.name,
      real_name: input.real_name,
      display_name: input.display_name ?? "",
      email: input.email ?? "",
      tz,
      tz_label: tzLabel(tz, at),
      tz_offset: tzOffsetSeconds(tz, at),
      title: input.title ?? "",
      is_admin: input.is_admin ?? false,
      is_owner: input.is_owner ?? false,
      is_bot: input.is_bot ?? false,
      deleted: input.deleted ?? false,
      ...(isBotUser ? { bot_id: this.state.bot.botId, app_id: this.state.bot.appId } : {}),
    };
    this.state.users[user.id] = user;
    this.emit({ type: "user_added", user: user.id });
    return user;
  }

  user(id: string): EmulatorUser | undefined {
    return this.state.users[id];
  }

  requireUser(id: string | undefined): EmulatorUser {
    const user = id === undefined ? undefined : this.state.users[id];
    if (!user || user.deleted) throw new SlackApiError("user_not_found");
    return user;
  }

  // ---- conversations ----

  addChannel(input: EmulatorChannelInput): EmulatorChannel {
    const id = input.id ?? this.nextId(input.is_private ? "G" : "C");
    if (this.state.channels[id]) throw new Error(`channel ${id} already exists`);
    if (this.channelByName(input.name)) throw new Error(`a channel named #${input.name} already exists`);
    const members = [...new Set(input.members ?? [])];
    for (const member of members) {
      if (!this.state.users[member]) throw new Error(`channel #${input.name}: unknown member ${member}`);
    }
    if (input.bot_is_member && !members.includes(this.state.bot.userId)) members.push(this.state.bot.userId);
    const channel: EmulatorChannel = {
      id,
      name: input.name,
      is_private: input.is_private ?? false,
      is_archived: input.is_archived ?? false,
      is_im: false,
      members,
      created: Math.floor(this.now() / 1000),
      creator: members.find((m) => m !== this.state.bot.userId) ?? this.state.bot.userId,
      topic: input.topic ?? "",
      purpose: input.purpose ?? "",
    };
    this.state.channels[id] = channel;
    this.state.messages[id] = [];
    this.emit({ type: "channel_added", channel: id });
    return channel;
  }

  channel(id: string): EmulatorChannel | undefined {
    return this.state.channels[id];
  }

  channelByName(name: string): EmulatorChannel | undefined {
    const bare = name.replace(/^#/, "");
    return Object.values(this.state.channels).find((c) => !c.is_im && c.name === bare);
  }

  isMember(channel: EmulatorChannel, userId: string): boolean {
    return channel.members.includes(userId);
  }

  botIsMember(channel: EmulatorChannel): boolean {
    return this.isMember(channel, this.state.bot.userId);
  }

  /**
   * Resolves a `channel` argument as Slack does: an id, or a name for channels the bot can see.
   * Private channels the bot is not in do not exist as far as the bot is concerned.
   */
  resolveChannel(arg: string | undefined, options: { userIdOpensDm?: boolean } = {}): EmulatorChannel {
    if (arg === undefined || arg === "") throw new SlackApiError("channel_not_found");
    let channel = this.state.channels[arg] ?? this.channelByName(arg);
    if (!channel && options.userIdOpensDm && /^[UW]/.test(arg) && this.state.users[arg]) {
      channel = this.openDm(arg).channel;
    }
    if (!channel) throw new SlackApiError("channel_not_found");
    if (channel.is_private && !this.botIsMember(channel)) throw new SlackApiError("channel_not_found");
    return channel;
  }

  openDm(userId: string): { channel: EmulatorChannel; alreadyOpen: boolean } {
    const user = this.requireUser(userId);
    const existing = this.state.dms[user.id];
    if (existing) return { channel: this.state.channels[existing]!, alreadyOpen: true };
    const channel = this.addIm(user.id, [user.id, this.state.bot.userId], this.state.bot.userId);
    this.state.dms[user.id] = channel.id;
    return { channel, alreadyOpen: false };
  }

  /** A DM between two people: the bot is not in it, so to the bot it does not exist. */
  addPeopleDm(userA: string, userB: string): EmulatorChannel {
    const [a, b] = [this.requireUser(userA), this.requireUser(userB)];
    if (a.id === b.id || a.id === this.state.bot.userId || b.id === this.state.bot.userId)
      throw new Error("a DM between two people needs two different people");
    return this.addIm(b.id, [a.id, b.id], a.id);
  }

  private addIm(user: string, members: string[], creator: string): EmulatorChannel {
    const id = this.nextId("D");
    const channel: EmulatorChannel = {
      id,
      name: "",
      is_private: true,
      is_archived: false,
      is_im: true,
      user,
      members,
      created: Math.floor(this.now() / 1000),
      creator,
      topic: "",
      purpose: "",
    };
    this.state.channels[id] = channel;
    this.state.messages[id] = [];
    this.emit({ type: "channel_added", channel: id });
    return channel;
  }

  setMembership(channelId: string, userId: string, member: boolean): void {
    const channel = this.state.channels[channelId];
    if (!channel) throw new Error(`unknown channel ${channelId}`);
    if (!this.state.users[userId]) throw new Error(`unknown user ${userId}`);
    const has = channel.members.includes(userId);
    if (member && !has) channel.members.push(userId);
    if (!member && has) channel.members = channel.members.filter((m) => m !== userId);
    if (member !== has) this.emit({ type: "channel_updated", channel: channelId });
  }

  setArchived(channelId: string, archived: boolean): void {
    const channel = this.state.channels[channelId];
    if (!channel) throw new Error(`unknown channel ${channelId}`);
    channel.is_archived = archived;
    this.emit({ type: "channel_updated", channel: channelId });
  }

  // ---- messages ----

  channelMessages(channelId: string): EmulatorMessage[] {
    return this.state.messages[channelId] ?? [];
  }

  findMessage(channelId: string, ts: string): EmulatorMessage | undefined {
    return this.channelMessages(channelId).find((m) => m.ts === ts);
  }

  /** The ts of the thread a message would join, or thread_not_found. */
  resolveThread(channelId: string, threadTs: string): EmulatorMessage {
    if (!/^\d+(\.\d+)?$/.test(threadTs)) {
      throw new SlackApiError("invalid_thread_ts", {
        response_metadata: { messages: [`[ERROR] ${threadTs} is not a valid thread_ts`] },
      });
    }
    const target = this.findMessage(channelId, threadTs);
    if (!target) throw new SlackApiError("thread_not_found");
    // Replying to a reply lands in the reply's thread, as in Slack.
    if (target.thread_ts && target.thread_ts !== target.ts) {
      const parent = this.findMessage(channelId, target.thread_ts);
      if (!parent) throw new SlackApiError("thread_not_found");
      return parent;
    }
    return target;
  }

  postMessage(
    channelId: string,
    content: MessageContent,
    author: { userId: string; asBot: boolean },
    thread: { threadTs?: string; replyBroadcast?: boolean } = {},
  ): EmulatorMessage {
    const parent = thread.threadTs ? this.resolveThread(channelId, thread.threadTs) : undefined;
    const message: EmulatorMessage = {
      type: "message",
      ...(parent && thread.replyBroadcast ? { subtype: "thread_broadcast" } : {}),
      ts: this.nextTs(),
      text: content.text ?? "",
      user: author.userId,
      team: this.state.team.id,
      ...(author.asBot ? { bot_id: this.state.bot.botId, app_id: this.state.bot.appId } : {}),
      ...messageBody(content),
      ...(parent ? { thread_ts: parent.ts, parent_user_id: parent.user } : {}),
    };
    this.channelMessages(channelId).push(message);
    if (parent) this.recomputeThread(channelId, parent.ts);
    this.emit({
      type: "message_posted",
      channel: channelId,
      ts: message.ts,
      ...(parent ? { thread_ts: parent.ts } : {}),
    });
    return message;
  }

  /** chat.update semantics: fields left out are kept; `blocks: []` removes blocks. */
  updateMessage(channelId: string, ts: string, content: MessageContent, editor: string): EmulatorMessage {
    const message = this.findMessage(channelId, ts);
    if (!message) throw new SlackApiError("message_not_found");
    if (content.text !== undefined) message.text = content.text;
    applyReplaceableList(message, "blocks", content.blocks);
    applyReplaceableList(message, "attachments", content.attachments);
    if (content.metadata !== undefined) message.metadata = content.metadata;
    message.edited = { user: editor, ts: this.nextTs() };
    this.emit({ type: "message_updated", channel: channelId, ts });
    return message;
  }

  /** response_url replace_original semantics: the message is replaced as a whole. */
  replaceMessage(channelId: string, ts: string, content: MessageContent): EmulatorMessage {
    const message = this.findMessage(channelId, ts);
    if (!message) throw new SlackApiError("message_not_found", {}, 404);
    message.text = content.text ?? "";
    delete message.blocks;
    delete message.attachments;
    Object.assign(message, messageBody(content));
    message.edited = { user: this.state.bot.userId, ts: this.nextTs() };
    this.emit({ type: "message_updated", channel: channelId, ts });
    return message;
  }

  /**
   * Deletes a message. A thread parent with replies becomes a tombstone, like in Slack;
   * deleting a reply updates its parent's reply counters.
   */
  deleteMessage(channelId: string, ts: string): void {
    const list = this.channelMessages(channelId);
    const index = list.findIndex((m) => m.ts === ts);
    if (index < 0) throw new SlackApiError("message_not_found");
    const message = list[index]!;
    const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    if (!isReply && (message.reply_count ?? 0) > 0) {
      list[index] = {
        type: "message",
        subtype: "tombstone",
        ts: message.ts,
        text: "This message was deleted.",
        user: "USLACKBOT",
        team: message.team,
        hidden: true,
        thread_ts: message.ts,
        reply_count: message.reply_count ?? 0,
        reply_users: message.reply_users ?? [],
        reply_users_count: message.reply_users_count ?? 0,
        ...(message.latest_reply ? { latest_reply: message.latest_reply } : {}),
      };
    } else {
      list.splice(index, 1);
      if (isReply) this.recomputeThread(channelId, message.thread_ts!);
    }
    this.emit({ type: "message_deleted", channel: channelId, ts });
  }

  /** Top-level messages (as the channel shows them, broadcasts included) or one thread's replies. */
  listMessages(channelId: string, threadTs?: string): EmulatorMessage[] {
    const all = this.channelMessages(channelId);
    if (threadTs !== undefined) return all.filter((m) => m.thread_ts === threadTs && m.ts !== threadTs);
    return all.filter((m) => isTopLevel(m));
  }

  private recomputeThread(channelId: string, parentTs: string): void {
    const parent = this.findMessage(channelId, parentTs);
    if (!parent) return;
    const replies = this.listMessages(channelId, parentTs);
    if (replies.length === 0) {
      if (parent.subtype === "tombstone") {
        this.state.messages[channelId] = this.channelMessages(channelId).filter((m) => m !== parent);
        return;
      }
      delete parent.thread_ts;
      delete parent.reply_count;
      delete parent.reply_users;
      delete parent.reply_users_count;
      delete parent.latest_reply;
      return;
    }
    const users = [...new Set(replies.map((r) => r.user))];
    parent.thread_ts = parent.ts;
    parent.reply_count = replies.length;
    parent.reply_users = users.slice(0, 5);
    parent.reply_users_count = users.length;
    parent.latest_reply = replies[replies.length - 1]!.ts;
  }

  // ---- ephemeral messages ----

  postEphemeral(
    channelId: string,
    recipient: string,
    content: MessageContent,
    via: EphemeralSource,
    threadTs?: string,
  ): EmulatorEphemeral {
    const ephemeral: EmulatorEphemeral = {
      ts: this.nextTs(),
      channel: channelId,
      recipient,
      text: content.text ?? "",
      ...messageBody(content),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      user: this.state.bot.userId,
      bot_id: this.state.bot.botId,
      app_id: this.state.bot.appId,
      via,
    };
    this.state.ephemerals.push(ephemeral);
    this.emit({ type: "ephemeral_posted", channel: channelId, user: recipient, ts: ephemeral.ts });
    return ephemeral;
  }

  findEphemeral(ts: string, recipient?: string): EmulatorEphemeral | undefined {
    return this.state.ephemerals.find(
      (e) => e.ts === ts && (recipient === undefined || e.recipient === recipient),
    );
  }

  replaceEphemeral(ts: string, content: MessageContent): EmulatorEphemeral {
    const ephemeral = this.findEphemeral(ts);
    if (!ephemeral) throw new SlackApiError("message_not_found", {}, 404);
    ephemeral.text = content.text ?? "";
    delete ephemeral.blocks;
    delete ephemeral.attachments;
    Object.assign(ephemeral, messageBody(content));
    this.emit({ type: "ephemeral_updated", channel: ephemeral.channel, user: ephemeral.recipient, ts });
    return ephemeral;
  }

  deleteEphemeral(ts: string): void {
    const ephemeral = this.findEphemeral(ts);
    if (!ephemeral) throw new SlackApiError("message_not_found", {}, 404);
    this.state.ephemerals = this.state.ephemerals.filter((e) => e !== ephemeral);
    this.emit({ type: "ephemeral_deleted", channel: ephemeral.channel, user: ephemeral.recipient, ts });
  }

  // ---- triggers and response URLs ----

  issueTrigger(userId: string): string {
    this.requireUser(userId);
    const id = `${Math.floor(this.now() / 1000)}${randomDigits(3)}.${randomDigits(10)}.${randomBytes(16).toString("hex")}`;
    this.state.triggers[id] = { id, user_id: userId, issued_at: this.now() };
    return id;
  }

  /** Checks and consumes a trigger: single use and short-lived, like Slack's. */
  exchangeTrigger(id: string | undefined): TriggerRecord {
    if (id === undefined || id === "") throw invalidArguments("missing required field: trigger_id");
    const trigger = this.state.triggers[id];
    if (!trigger) throw new SlackApiError("invalid_trigger_id");
    if (trigger.used_at !== undefined) throw new SlackApiError("exchanged_trigger_id");
    if (this.now() - trigger.issued_at > this.triggerTtlMs) throw new SlackApiError("expired_trigger_id");
    trigger.used_at = this.now();
    return trigger;
  }

  issueResponseUrl(channelId: string, userId: string, source?: ResponseUrlSource): string {
    const id = `${this.state.team.id}/${randomDigits(13)}/${randomBytes(12).toString("hex")}`;
    this.state.responseUrls[id] = {
      id,
      channel_id: channelId,
      user_id: userId,
      ...(source ? { source: { ...source } } : {}),
      issued_at: this.now(),
      uses: 0,
    };
    return id;
  }

  /** Slack answers a spent or stale response_url with HTTP 404. */
  checkResponseUrl(id: string): ResponseUrlRecord {
    const record = this.state.responseUrls[id];
    if (!record) throw new SlackApiError("no_service", {}, 404);
    if (this.now() - record.issued_at > RESPONSE_URL_TTL_MS) throw new SlackApiError("expired_url", {}, 404);
    if (record.uses >= RESPONSE_URL_MAX_USES) throw new SlackApiError("used_url", {}, 404);
    return record;
  }

  // ---- views ----

  view(id: string): EmulatorView | undefined {
    return this.state.views[id];
  }

  modalStack(userId: string): EmulatorView[] {
    return (this.state.modalStacks[userId] ?? []).map((id) => this.state.views[id]!).filter(Boolean);
  }

  topModal(userId: string): EmulatorView | undefined {
    const stack = this.state.modalStacks[userId] ?? [];
    const top = stack[stack.length - 1];
    return top === undefined ? undefined : this.state.views[top];
  }

  homeView(userId: string): EmulatorView | undefined {
    const id = this.state.homeViews[userId];
    return id === undefined ? undefined : this.state.views[id];
  }

  findViewByExternalId(externalId: string): EmulatorView | undefined {
    return Object.values(this.state.views).find((v) => v.external_id === externalId);
  }

  /** views.open: a new root modal for the user, replacing whatever stack was open. */
  openModal(userId: string, input: Record<string, unknown>): EmulatorView {
    // A new root replaces whatever the person had open, external ids included.
    this.checkExternalId(input, this.state.modalStacks[userId] ?? []);
    this.closeAllModals(userId);
    const id = this.nextId("V");
    const view = this.buildView(userId, input, { id, root_view_id: id, previous_view_id: null });
    this.state.views[id] = view;
    this.state.modalStacks[userId] = [id];
    this.emit({ type: "view_opened", user: userId, view_id: id });
    return view;
  }

  pushModal(userId: string, input: Record<string, unknown>): EmulatorView {
    const stack = this.state.modalStacks[userId] ?? [];
    const top = stack[stack.length - 1];
    if (top === undefined) throw new SlackApiError("not_found");
    if (stack.length >= MAX_MODAL_STACK) throw new SlackApiError("push_limit_reached");
    this.checkExternalId(input, []);
    const id = this.nextId("V");
    const view = this.buildView(userId, input, { id, root_view_id: stack[0]!, previous_view_id: top });
    this.state.views[id] = view;
    stack.push(id);
    this.state.modalStacks[userId] = stack;
    this.emit({ type: "view_pushed", user: userId, view_id: id });
    return view;
  }

  /** views.update / response_action "update": same id and place in the stack, new content and hash. */
  updateView(viewId: string, input: Record<string, unknown>, expectedHash?: string): EmulatorView {
    const current = this.state.views[viewId];
    if (!current) throw new SlackApiError("not_found");
    if (expectedHash !== undefined && expectedHash !== "" && expectedHash !== current.hash) {
      throw new SlackApiError("hash_conflict");
    }
    if (input.type !== current.type) throw invalidArguments(`view type cannot change from ${current.type}`);
    this.checkExternalId(input, [viewId]);
    const view = this.buildView(
      current.user_id,
      { external_id: current.external_id, ...input },
      { id: current.id, root_view_id: current.root_view_id, previous_view_id: current.previous_view_id },
      current,
    );
    this.state.views[viewId] = view;
    this.emit({ type: "view_updated", user: view.user_id, view_id: viewId });
    return view;
  }

  publishHome(userId: string, input: Record<string, unknown>, expectedHash?: string): EmulatorView {
    this.requireUser(userId);
    const existing = this.homeView(userId);
    if (existing && expectedHash !== undefined && expectedHash !== "" && expectedHash !== existing.hash) {
      throw new SlackApiError("hash_conflict");
    }
    this.checkExternalId(input, [existing?.id]);
    const id = existing?.id ?? this.nextId("V");
    const view = this.buildView(userId, input, { id, root_view_id: null, previous_view_id: null }, existing);
    this.state.views[id] = view;
    this.state.homeViews[userId] = id;
    this.emit({ type: "home_published", user: userId, view_id: id });
    return view;
  }

  /** Closes the top modal (its close button); the view below becomes visible again. */
  closeTopModal(userId: string): EmulatorView | undefined {
    const stack = this.state.modalStacks[userId] ?? [];
    const top = stack.pop();
    if (top === undefined) return undefined;
    const view = this.state.views[top];
    delete this.state.views[top];
    if (stack.length === 0) delete this.state.modalStacks[userId];
    this.emit({ type: "view_closed", user: userId, view_id: top });
    return view;
  }

  closeAllModals(userId: string): EmulatorView[] {
    const closed: EmulatorView[] = [];
    while ((this.state.modalStacks[userId] ?? []).length > 0) {
      const view = this.closeTopModal(userId);
      if (view) closed.push(view);
    }
    return closed;
  }

  setViewErrors(viewId: string, errors: Record<string, string> | undefined): void {
    const view = this.state.views[viewId];
    if (!view) throw new Error(`unknown view ${viewId}`);
    if (errors && Object.keys(errors).length > 0) view.errors = { ...errors };
    else delete view.errors;
    this.emit({ type: "view_errors", user: view.user_id, view_id: viewId });
  }

  setViewStateValue(viewId: string, blockId: string, actionId: string, value: Record<string, unknown>): void {
    const view = this.state.views[viewId];
    if (!view) throw new Error(`unknown view ${viewId}`);
    view.state.values[blockId] = { ...view.state.values[blockId], [actionId]: value };
    this.emit({ type: "view_state", user: view.user_id, view_id: viewId });
  }

  setViewState(viewId: string, values: ViewStateValues): void {
    const view = this.state.views[viewId];
    if (!view) throw new Error(`unknown view ${viewId}`);
    view.state = { values: structuredClone(values) };
    this.emit({ type: "view_state", user: view.user_id, view_id: viewId });
  }

  private checkExternalId(input: Record<string, unknown>, replacing: readonly (string | undefined)[]): void {
    const externalId = input.external_id;
    if (typeof externalId !== "string" || externalId === "") return;
    const other = this.findViewByExternalId(externalId);
    if (other && !replacing.includes(other.id)) throw new SlackApiError("duplicate_external_id");
  }

  private buildView(
    userId: string,
    input: Record<string, unknown>,
    ids: { id: string; root_view_id: string | null; previous_view_id: string | null },
    previous?: EmulatorView,
  ): EmulatorView {
    const blocks = withGeneratedIds(Array.isArray(input.blocks) ? input.blocks : []);
    // Like Slack, values typed into inputs survive an update when their block is still there.
    const kept = blockIds(blocks);
    const values: ViewStateValues = {};
    for (const [blockId, value] of Object.entries(previous?.state.values ?? {})) {
      if (kept.has(blockId)) values[blockId] = value;
    }
    const { state: _ignoredState, hash: _ignoredHash, id: _ignoredId, ...rest } = input;
    const type = input.type === "home" ? "home" : "modal";
    const view: EmulatorView = {
      ...rest,
      id: ids.id,
      team_id: this.state.team.id,
      type,
      blocks,
      private_metadata: stringOr(input.private_metadata, ""),
      callback_id: stringOr(input.callback_id, ""),
      external_id: stringOr(input.external_id, ""),
      state: { values },
      hash: `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString("hex")}`,
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      root_view_id: ids.root_view_id,
      previous_view_id: ids.previous_view_id,
      app_id: this.state.bot.appId,
      app_installed_team_id: this.state.team.id,
      bot_id: this.state.bot.botId,
      ...(type === "modal"
        ? { title: input.title, close: input.close ?? null, submit: input.submit ?? null }
        : {}),
      user_id: userId,
    };
    return view;
  }
}

/** A view as Slack sends it: without the emulator's own bookkeeping. */
export function toSlackView(view: EmulatorView): SlackView {
  const { user_id: _userId, errors: _errors, ...slack } = structuredClone(view);
  return slack;
}

export function isTopLevel(message: EmulatorMessage): boolean {
  return (
    message.thread_ts === undefined ||
    message.thread_ts === message.ts ||
    message.subtype === "thread_broadcast"
  );
}

export function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros % 1_000_000;
  return `${seconds}.${String(fraction).padStart(6, "0")}`;
}

/** Numeric comparison of two Slack ts strings. */
export function compareTs(a: string, b: string): number {
  const [aSec = "0", aFrac = "0"] = a.split(".");
  const [bSec = "0", bFrac = "0"] = b.split(".");
  const secDiff = Number(aSec) - Number(bSec);
  if (secDiff !== 0) return secDiff;
  return Number(aFrac.padEnd(6, "0")) - Number(bFrac.padEnd(6, "0"));
}

function messageBody(content: MessageContent): Partial<EmulatorMessage> {
  const body: Partial<EmulatorMessage> = {};
  if (content.blocks && content.blocks.length > 0) body.blocks = withGeneratedIds(content.blocks);
  if (content.attachments && content.attachments.length > 0)
    body.attachments = structuredClone(content.attachments);
  if (content.metadata !== undefined) body.metadata = structuredClone(content.metadata);
  if (content.files && content.files.length > 0) {
    body.files = structuredClone(content.files);
    body.upload = true;
  }
  return body;
}

function applyReplaceableList(
  message: EmulatorMessage,
  key: "blocks" | "attachments",
  value: unknown[] | undefined,
) {
  if (value === undefined) return;
  if (value.length === 0) delete message[key];
  else message[key] = key === "blocks" ? withGeneratedIds(value) : structuredClone(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function randomDigits(count: number): string {
  let out = "";
  for (const byte of randomBytes(count)) out += String(byte % 10);
  return out;
}
