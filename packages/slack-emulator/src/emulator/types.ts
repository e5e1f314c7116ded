// Plain-data shapes of the emulated workspace. Everything here is JSON-serialisable so the
// whole state can be shipped to a browser page as is.

export interface TeamInfo {
  id: string;
  name: string;
  domain: string;
}

/** The app's own identity: the bot user, its bot id and the app id. */
export interface BotIdentity {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export interface EmulatorUserInput {
  id: string;
  name: string;
  real_name: string;
  display_name?: string;
  email?: string;
  /** IANA zone, e.g. "Europe/Berlin". Defaults to "UTC". */
  tz?: string;
  title?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
}

export interface EmulatorUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  display_name: string;
  email: string;
  tz: string;
  tz_label: string;
  /** Seconds east of UTC, for the zone at the emulator's current time. */
  tz_offset: number;
  title: string;
  is_admin: boolean;
  is_owner: boolean;
  is_bot: boolean;
  deleted: boolean;
  /** Only for bot users. */
  bot_id?: string;
  app_id?: string;
}

export interface EmulatorChannelInput {
  id?: string;
  name: string;
  is_private?: boolean;
  is_archived?: boolean;
  /** Human members (user ids). */
  members?: string[];
  /** Whether the app's bot user is in the channel. Defaults to false, like a fresh install. */
  bot_is_member?: boolean;
  topic?: string;
  purpose?: string;
}

export interface EmulatorChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  is_im: boolean;
  /** For a DM: the human on the other side. */
  user?: string;
  members: string[];
  created: number;
  creator: string;
  topic: string;
  purpose: string;
}

export interface EmulatorMessage {
  type: "message";
  subtype?: string;
  ts: string;
  text: string;
  user: string;
  team: string;
  bot_id?: string;
  app_id?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  /** Files shared with the message, and `upload: true` as Slack marks such a message. */
  files?: unknown[];
  upload?: boolean;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  hidden?: boolean;
}

export type EphemeralSource = "chat.postEphemeral" | "response_url" | "command_ack";

export interface EmulatorEphemeral {
  ts: string;
  channel: string;
  /** The one person who sees it. */
  recipient: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  /** Author: the bot. */
  user: string;
  bot_id: string;
  app_id: string;
  via: EphemeralSource;
}

export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

/** A view as Slack returns it from views.* and sends it in payloads. */
export interface SlackView {
  id: string;
  team_id: string;
  type: "modal" | "home";
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: ViewStateValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string | null;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  [extra: string]: unknown;
}

/** A stored view: Slack's view plus what only the emulator (and a sandbox page) needs. */
export interface EmulatorView extends SlackView {
  /** Owner: whose modal stack or Home tab it is on. */
  user_id: string;
  /** Field errors from a `response_action: "errors"` ack, by block_id, shown next to the inputs. */
  errors?: Record<string, string>;
}

export interface TriggerRecord {
  id: string;
  user_id: string;
  issued_at: number;
  used_at?: number;
}

export interface ResponseUrlSource {
  ts: string;
  ephemeral: boolean;
}

export interface ResponseUrlRecord {
  id: string;
  channel_id: string;
  user_id: string;
  source?: ResponseUrlSource;
  issued_at: number;
  uses: number;
}

export interface EmulatorStateData {
  team: TeamInfo;
  bot: BotIdentity;
  users: Record<string, EmulatorUser>;
  channels: Record<string, EmulatorChannel>;
  /** Per channel, every message incl. thread replies, in ts order. */
  messages: Record<string, EmulatorMessage[]>;
  ephemerals: EmulatorEphemeral[];
  views: Record<string, EmulatorView>;
  /** Per user: view ids from the root modal to the top one. */
  modalStacks: Record<string, string[]>;
  /** Per user: the published Home view id. */
  homeViews: Record<string, string>;
  /** Per user: the DM channel id with the bot. */
  dms: Record<string, string>;
  triggers: Record<string, TriggerRecord>;
  responseUrls: Record<string, ResponseUrlRecord>;
  /** Last issued message ts in microseconds, so every ts is unique and increasing. */
  lastTsMicros: number;
  idCounter: number;
}

export type EmulatorChange =
  | { type: "message_posted"; channel: string; ts: string; thread_ts?: string }
  | { type: "message_updated"; channel: string; ts: string }
  | { type: "message_deleted"; channel: string; ts: string }
  | { type: "ephemeral_posted"; channel: string; user: string; ts: string }
  | { type: "ephemeral_updated"; channel: string; user: string; ts: string }
  | { type: "ephemeral_deleted"; channel: string; user: string; ts: string }
  | {
      type: "view_opened" | "view_pushed" | "view_updated" | "view_errors" | "view_state";
      user: string;
      view_id: string;
    }
  | { type: "view_closed"; user: string; view_id: string }
  | { type: "home_published"; user: string; view_id: string }
  | { type: "channel_added" | "channel_updated"; channel: string }
  | { type: "user_added"; user: string }
  | { type: "api_call"; method: string; ok: boolean; error?: string };

export interface EmulatorEventMap {
  change: [EmulatorChange];
}
