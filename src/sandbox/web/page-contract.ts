// What the sandbox page and its server say to each other: the screen the page draws, the slash
// commands it hints, the answers to what the person does and the notices it shows. Types only,
// shared by the server (Node) and the page's script (the browser), so it imports nothing.

export interface SidebarEntry {
  id: string;
  name: string;
  kind: "channel" | "app";
  /** Newest top-level message, for unread marks kept by the page. */
  latestTs: string;
}

export interface Screen {
  team: { name: string };
  /** Nothing posted in any channel yet: the page offers the demo data. */
  empty: boolean;
  me: PersonCard;
  people: PersonCard[];
  channels: SidebarEntry[];
  /** The DM with the app: its Messages tab. */
  appDm: SidebarEntry;
  pane:
    | { kind: "channel"; id: string; title: string; purpose: string; html: string }
    | { kind: "home"; id: "home"; title: string; html: string; viewId: string | null };
  thread: { channel: string; ts: string; html: string } | null;
  modal: ModalScreen | null;
}

export interface PersonCard {
  id: string;
  name: string;
  title: string;
  initials: string;
  color: string;
}

export interface ModalScreen {
  /** Changes whenever the page must redraw the modal (new view, new hash, new errors). */
  key: string;
  viewId: string;
  depth: number;
  title: string;
  submit: string | null;
  close: string;
  html: string;
}

export interface SlashCommandInfo {
  command: string;
  description: string;
  usage_hint: string;
}

/** The body of every answer to what the person does; `notice` and `error` become toasts. */
export interface PageAnswer {
  ok: boolean;
  notice?: string;
  error?: string;
  [extra: string]: unknown;
}

/** A "notice" server-sent event: a toast, or the one progress toast that updates in place. */
export interface PageNotice {
  text: string;
  progress?: boolean;
}
