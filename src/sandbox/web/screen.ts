// What one person sees in the sandbox, built from the emulator's state: the sidebar, the open
// conversation or App Home, an open thread and the top modal. Pure: state in, HTML and data out.

import type {
  EmulatorChannel,
  EmulatorEphemeral,
  EmulatorMessage,
  EmulatorStateData,
  EmulatorUser,
  EmulatorView,
} from "@handoff/slack-emulator";
import { zonedParts } from "../../domain/dates.ts";
import {
  type Directory,
  escapeHtml,
  renderBlocks,
  renderMessageBody,
  renderTextObject,
} from "./block-kit-html.ts";
import type { ModalScreen, PersonCard, Screen, SidebarEntry } from "./page-contract.ts";

export type { ModalScreen, PersonCard, Screen, SidebarEntry } from "./page-contract.ts";

/** What the page asks to see: whose screen, which conversation ("home" for App Home), which thread. */
export interface ScreenRequest {
  userId: string;
  open: string;
  threadTs?: string | undefined;
}

const AVATAR_COLORS = ["#4a154b", "#1264a3", "#2eb67d", "#e01e5a", "#ecb22e", "#36c5f0", "#7c3085"];

export function buildScreen(state: EmulatorStateData, request: ScreenRequest): Screen {
  const me = state.users[request.userId];
  if (!me || me.is_bot) throw new Error(`no person ${request.userId}`);
  const directory = directoryOf(state);
  const channels = Object.values(state.channels)
    .filter((c) => !c.is_im && !c.is_archived && c.members.includes(me.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => sidebarEntry(state, c, "channel"));
  const dmId = state.dms[me.id];
  const dm = dmId ? state.channels[dmId] : undefined;
  const appDm: SidebarEntry = dm
    ? { ...sidebarEntry(state, dm, "app"), name: appName(state) }
    : { id: "dm", name: appName(state), kind: "app", latestTs: "0" };

  return {
    team: { name: state.team.name },
    empty: Object.values(state.channels).every((c) => c.is_im || (state.messages[c.id] ?? []).length === 0),
    me: personCard(me),
    people: Object.values(state.users)
      .filter((u) => !u.is_bot && !u.deleted)
      .map(personCard),
    channels,
    appDm,
    pane: pane(state, me, request.open, directory),
    thread: request.threadTs ? thread(state, me, request.open, request.threadTs, directory) : null,
    modal: modal(state, me.id, directory),
  };
}

function pane(
  state: EmulatorStateData,
  me: EmulatorUser,
  open: string,
  directory: Directory,
): Screen["pane"] {
  if (open === "home") {
    const viewId = state.homeViews[me.id];
    const view = viewId ? state.views[viewId] : undefined;
    return {
      kind: "home",
      id: "home",
      title: appName(state),
      viewId: view?.id ?? null,
      html: view
        ? `<div class="view" data-view-kind="home" data-view-id="${escapeHtml(view.id)}">${renderBlocks(view.blocks, { directory, state: view.state.values })}</div>`
        : `<p class="empty">Opening Home…</p>`,
    };
  }
  const channel = state.channels[open === "dm" ? (state.dms[me.id] ?? "") : open];
  if (!channel) {
    const dm = open === "dm";
    return {
      kind: "channel",
      id: open,
      title: dm ? appName(state) : "Not found",
      purpose: dm ? "Messages from the app, only you see them" : "",
      html: `<p class="empty">${dm ? "No messages from the app yet." : "This conversation does not exist."}</p>`,
    };
  }
  const topLevel = (state.messages[channel.id] ?? []).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const ephemerals = state.ephemerals.filter(
    (e) => e.channel === channel.id && e.recipient === me.id && !e.thread_ts,
  );
  const items = [...topLevel.map(asItem), ...ephemerals.map(asEphemeralItem)].sort(byTs);
  const title = channel.is_im ? appName(state) : `#${channel.name}`;
  return {
    kind: "channel",
    id: channel.id,
    title,
    purpose: channel.is_im ? "Messages from the app, only you see them" : channel.purpose,
    html:
      items.length === 0
        ? `<p class="empty">This is the very beginning of ${escapeHtml(title)}.</p>`
        : items.map((item) => renderItem(state, me, channel, item, directory, true)).join(""),
  };
}

function thread(
  state: EmulatorStateData,
  me: EmulatorUser,
  channelId: string,
  threadTs: string,
  directory: Directory,
): Screen["thread"] {
  const channel = state.channels[channelId];
  if (!channel) return null;
  const messages = (state.messages[channel.id] ?? []).filter(
    (m) => m.ts === threadTs || m.thread_ts === threadTs,
  );
  if (messages.length === 0) return null;
  const ephemerals = state.ephemerals.filter(
    (e) => e.channel === channel.id && e.recipient === me.id && e.thread_ts === threadTs,
  );
  const items = [...messages.map(asItem), ...ephemerals.map(asEphemeralItem)].sort(byTs);
  return {
    channel: channel.id,
    ts: threadTs,
    html: items.map((item) => renderItem(state, me, channel, item, directory, false)).join(""),
  };
}

function modal(state: EmulatorStateData, userId: string, directory: Directory): ModalScreen | null {
  const stack = state.modalStacks[userId] ?? [];
  const viewId = stack[stack.length - 1];
  const view: EmulatorView | undefined = viewId ? state.views[viewId] : undefined;
  if (!view) return null;
  const options = { directory, state: view.state.values, ...(view.errors ? { errors: view.errors } : {}) };
  return {
    key: `${view.id}:${view.hash}:${JSON.stringify(view.errors ?? {})}`,
    viewId: view.id,
    depth: stack.length,
    title: renderTextObject(view.title, directory),
    submit: view.submit ? renderTextObject(view.submit, directory) : null,
    close: view.close ? renderTextObject(view.close, directory) : "Cancel",
    html: renderBlocks(view.blocks, options),
  };
}

type Item =
  | { kind: "message"; message: EmulatorMessage }
  | { kind: "ephemeral"; ephemeral: EmulatorEphemeral };

const asItem = (message: EmulatorMessage): Item => ({ kind: "message", message });
const asEphemeralItem = (ephemeral: EmulatorEphemeral): Item => ({ kind: "ephemeral", ephemeral });
const tsOf = (item: Item) => (item.kind === "message" ? item.message.ts : item.ephemeral.ts);
const byTs = (a: Item, b: Item) => Number(tsOf(a)) - Number(tsOf(b));

function renderItem(
  state: EmulatorStateData,
  me: EmulatorUser,
  channel: EmulatorChannel,
  item: Item,
  directory: Directory,
  inChannel: boolean,
): string {
  const source = item.kind === "message" ? item.message : item.ephemeral;
  const author = state.users[source.user];
  const isApp = author?.is_bot === true || item.kind === "ephemeral";
  const name = isApp ? appName(state) : (author?.real_name ?? source.user);
  const card = author && !isApp ? personCard(author) : undefined;
  const avatar = isApp
    ? `<div class="avatar app-avatar" aria-hidden="true">H</div>`
    : `<div class="avatar" style="background:${card?.color ?? "#616061"}" aria-hidden="true">${escapeHtml(card?.initials ?? "?")}</div>`;
  const attributes =
    item.kind === "message"
      ? `data-channel="${escapeHtml(channel.id)}" data-ts="${escapeHtml(source.ts)}"`
      : `data-channel="${escapeHtml(channel.id)}" data-ts="${escapeHtml(source.ts)}" data-ephemeral`;
  const footer: string[] = [];
  if (item.kind === "message" && item.message.edited) footer.push(`<span class="edited">(edited)</span>`);
  if (item.kind === "ephemeral") footer.push(`<span class="only-you">👁 Only visible to you</span>`);
  const replies = item.kind === "message" && inChannel ? (item.message.reply_count ?? 0) : 0;
  const threadLink =
    replies > 0
      ? `<button type="button" class="thread-link" data-open-thread="${escapeHtml(source.ts)}">${replies} ${replies === 1 ? "reply" : "replies"}</button>`
      : "";
  return [
    `<div class="msg${item.kind === "ephemeral" ? " ephemeral" : ""}" ${attributes}>`,
    avatar,
    `<div class="msg-main"><div class="msg-head"><span class="msg-author">${escapeHtml(name)}</span>`,
    isApp ? `<span class="app-badge">APP</span>` : "",
    `<time class="msg-time" datetime="${new Date(Number(source.ts) * 1000).toISOString()}">${escapeHtml(clockTime(source.ts, me.tz))}</time></div>`,
    `<div class="msg-body">${renderMessageBody(source, { directory })}</div>`,
    footer.length > 0 ? `<div class="msg-foot">${footer.join(" ")}</div>` : "",
    threadLink,
    `</div></div>`,
  ].join("");
}

function sidebarEntry(
  state: EmulatorStateData,
  channel: EmulatorChannel,
  kind: SidebarEntry["kind"],
): SidebarEntry {
  const messages = state.messages[channel.id] ?? [];
  const latest = [...messages].reverse().find((m) => !m.thread_ts || m.thread_ts === m.ts);
  return { id: channel.id, name: channel.name, kind, latestTs: latest?.ts ?? "0" };
}

export function directoryOf(state: EmulatorStateData): Directory {
  const entry = (u: EmulatorUser) => ({ id: u.id, name: u.name, realName: u.real_name });
  const people = () => Object.values(state.users).filter((u) => !u.is_bot && !u.deleted);
  const channels = () => Object.values(state.channels).filter((c) => !c.is_im);
  return {
    user: (id) => {
      const user = state.users[id];
      return user ? entry(user) : undefined;
    },
    channel: (id) => {
      const channel = state.channels[id];
      return channel ? { id: channel.id, name: channel.name } : undefined;
    },
    users: () => people().map(entry),
    channels: () => channels().map((c) => ({ id: c.id, name: c.name })),
  };
}

function personCard(user: EmulatorUser): PersonCard {
  const initials = user.real_name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
  const hash = [...user.id].reduce((sum, ch) => sum + ch.charCodeAt(0), 0);
  return {
    id: user.id,
    name: user.real_name,
    title: user.title,
    initials,
    color: AVATAR_COLORS[hash % AVATAR_COLORS.length]!,
  };
}

function appName(state: EmulatorStateData): string {
  const bot = state.users[state.bot.userId];
  const name = bot?.real_name ?? state.bot.name;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function clockTime(ts: string, timeZone: string): string {
  const { hour, minute } = zonedParts(new Date(Number(ts) * 1000), timeZone);
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}
