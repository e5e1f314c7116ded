// The sandbox page: shows one person's Slack as the server renders it, and sends what they do
// (messages, slash commands, clicks, modal submits) to the server, which plays Slack towards
// the app. Every change arrives over server-sent events; the page then fetches its screen again.
//
// Checked by tsc with the DOM's types (tsconfig.json next to it); the server sends it to the
// browser as JavaScript (see page-script.ts).

import type { PageAnswer, PageNotice, Screen, SlashCommandInfo } from "../page-contract.ts";

/** The page's element with this id; the ids are the page's own (index.html), so one is always there. */
function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the sandbox page has no #${id}`);
  return element as T;
}

/** Where the person is: the message or view an element sits in, as the server names it. */
type Surface =
  | { kind: "message" | "ephemeral"; channel: string | undefined; ts: string | undefined }
  | { kind: "modal"; viewId: string | undefined }
  | { kind: "home" };

/** A control's value as the server reads it: one value or null, several, or a button's value. */
type ControlValue = string | string[] | null;

const view: {
  user: string;
  open: string;
  thread: string | null;
  appTab: string;
  screen: Screen | null;
  modalKey: string | null;
  commands: SlashCommandInfo[];
  busy: number;
} = {
  user: localStorage.getItem("handoff.user") || "U0ANA",
  open: localStorage.getItem("handoff.open") || "C0SALES",
  thread: null,
  /** The app entry shows Home or the Messages tab (the DM). */
  appTab: "home",
  screen: null,
  modalKey: null,
  commands: [],
  busy: 0,
};

// ---- talking to the server ----

async function post(path: string, body: object): Promise<PageAnswer> {
  view.busy += 1;
  document.body.classList.add("busy");
  try {
    const res = await fetch(`/sandbox/api/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer: PageAnswer = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
    if (answer.notice) toast(answer.notice);
    if (!answer.ok && answer.error) toast(answer.error, "error");
    return answer;
  } catch (error) {
    toast(`The sandbox did not answer: ${(error as Error).message}`, "error");
    return { ok: false };
  } finally {
    view.busy -= 1;
    if (view.busy === 0) document.body.classList.remove("busy");
    scheduleRefresh();
  }
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing = false;
let refreshAgain = false;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 40);
}

async function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    const query = new URLSearchParams({ user: view.user, open: view.open });
    if (view.thread) query.set("thread", view.thread);
    const res = await fetch(`/sandbox/api/screen?${query}`);
    if (res.status === 404) {
      view.user = "U0ANA";
      return;
    }
    draw((await res.json()) as Screen);
  } catch {
    // The next change event or the reconnect tries again.
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      scheduleRefresh();
    }
  }
}

/** The API panel: curl commands with the demo's token, once the demo data made one. */
async function refreshApi(): Promise<void> {
  const res = await fetch("/sandbox/api/api-token");
  const { curls } = (await res.json()) as { curls: string[] };
  $("api-panel").hidden = curls.length === 0;
  $("api-curls").textContent = curls.join("\n\n");
}

function listen() {
  const events = new EventSource("/sandbox/api/events");
  events.addEventListener("change", (event) => {
    if ((JSON.parse(event.data) as { type?: string }).type === "api_token") refreshApi();
    else scheduleRefresh();
  });
  events.addEventListener("notice", (event) => {
    const data = JSON.parse(event.data) as PageNotice;
    toast(data.text, data.progress ? "progress" : "info");
  });
  events.addEventListener("open", scheduleRefresh);
}

// ---- drawing ----

function draw(screen: Screen): void {
  const previous = view.screen;
  view.screen = screen;
  $("team-name").textContent = screen.team.name;
  $("demo-button").hidden = !screen.empty;
  drawPeople(screen);
  drawSidebar(screen);
  drawPane(screen, previous);
  drawThread(screen);
  drawModal(screen);
  document.body.dataset.ready = "true";
  document.body.dataset.viewer = screen.me.id;
}

function drawPeople(screen: Screen): void {
  const select = $<HTMLSelectElement>("person-select");
  const options = screen.people.map((p) => `${p.id}|${p.name}|${p.title}`).join(",");
  if (select.dataset.options !== options) {
    select.dataset.options = options;
    select.replaceChildren(
      ...screen.people.map((p) => {
        const option = document.createElement("option");
        option.value = p.id;
        option.textContent = p.title ? `${p.name} — ${p.title}` : p.name;
        return option;
      }),
    );
  }
  select.value = screen.me.id;
}

function lastSeen(channel: string): string {
  return localStorage.getItem(`handoff.seen.${view.user}.${channel}`) || "0";
}

function markSeen(channel: string, ts: string): void {
  localStorage.setItem(`handoff.seen.${view.user}.${channel}`, ts);
}

function drawSidebar(screen: Screen): void {
  const entry = (id: string, label: string, latestTs: string, active: boolean) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "conversation";
    button.dataset.open = id;
    button.textContent = label;
    if (active) button.classList.add("active");
    if (!active && Number(latestTs) > Number(lastSeen(id))) button.classList.add("unread");
    li.append(button);
    return li;
  };
  $("channel-list").replaceChildren(
    ...screen.channels.map((c) => entry(c.id, `# ${c.name}`, c.latestTs, view.open === c.id)),
  );
  const appActive = view.open === "home" || view.open === screen.appDm.id;
  $("app-list").replaceChildren(entry("app", screen.appDm.name, screen.appDm.latestTs, appActive));
}

function drawPane(screen: Screen, previous: Screen | null): void {
  const pane = screen.pane;
  const body = $("pane-body");
  $("pane-title").textContent = pane.title;
  $("pane-purpose").textContent = pane.kind === "channel" ? pane.purpose : "";
  const isApp = pane.kind === "home" || pane.id === screen.appDm.id;
  $("app-tabs").hidden = !isApp;
  for (const tab of $("app-tabs").querySelectorAll("button")) {
    tab.classList.toggle("active", (pane.kind === "home") === (tab.dataset.tab === "home"));
  }
  $("composer").hidden = pane.kind === "home";
  $<HTMLTextAreaElement>("composer-input").placeholder =
    pane.kind === "channel" ? `Message ${pane.title}, or a slash command like /deal new` : "";

  const samePane = previous && previous.pane.id === pane.id;
  if (samePane && previous.pane.html === pane.html) return;
  const nearBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 80;
  body.innerHTML = pane.html;
  if (pane.kind === "channel") {
    if (!samePane || nearBottom) body.scrollTop = body.scrollHeight;
    const latest = screen.channels.find((c) => c.id === pane.id)?.latestTs ?? screen.appDm.latestTs;
    markSeen(pane.id === screen.appDm.id ? "app" : pane.id, latest);
  } else if (!samePane) {
    body.scrollTop = 0;
  }
}

function drawThread(screen: Screen): void {
  const aside = $("thread");
  if (!screen.thread) {
    aside.hidden = true;
    if (view.thread) view.thread = null;
    return;
  }
  aside.hidden = false;
  const body = $("thread-body");
  if (body.dataset.html === screen.thread.html) return;
  const firstDraw = body.dataset.ts !== screen.thread.ts;
  const nearBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 80;
  body.dataset.html = screen.thread.html;
  body.dataset.ts = screen.thread.ts;
  body.innerHTML = screen.thread.html;
  if (firstDraw) body.scrollTop = 0;
  else if (nearBottom) body.scrollTop = body.scrollHeight;
}

function drawModal(screen: Screen): void {
  const layer = $("modal-layer");
  const modal = screen.modal;
  if (!modal) {
    layer.hidden = true;
    view.modalKey = null;
    return;
  }
  layer.hidden = false;
  // Redraw only when the view itself changed: a redraw would throw away what is being typed.
  if (view.modalKey === modal.key) return;
  const firstOfView = !view.modalKey?.startsWith(`${modal.viewId}:`);
  view.modalKey = modal.key;
  const form = $("modal");
  form.dataset.viewId = modal.viewId;
  $("modal-title").innerHTML = modal.title;
  $("modal-body").innerHTML = modal.html;
  $("modal-cancel").innerHTML = modal.depth > 1 ? "Back" : modal.close;
  $("modal-submit").hidden = modal.submit === null;
  $("modal-submit").innerHTML = modal.submit ?? "";
  if (firstOfView) {
    const first = form.querySelector<HTMLElement>(
      "[data-input]:is(input, textarea, select), [data-input] input",
    );
    first?.focus();
  } else {
    form.querySelector(".bk-error")?.scrollIntoView({ block: "center" });
  }
}

// ---- what the person does ----

function open(target: string): void {
  if (target === "app") {
    const screen = view.screen;
    target = view.appTab === "home" || !screen ? "home" : screen.appDm.id;
  }
  view.open = target;
  view.thread = null;
  localStorage.setItem("handoff.open", target);
  if (target === "home") post("home", { user: view.user });
  scheduleRefresh();
}

function switchPerson(userId: string): void {
  view.user = userId;
  localStorage.setItem("handoff.user", userId);
  view.thread = null;
  view.modalKey = null;
  if (view.open === "home") post("home", { user: userId });
  else if (view.screen && view.open === view.screen.appDm.id) view.open = "app";
  if (view.open === "app") open("app");
  scheduleRefresh();
}

/** Which message or view an element sits in, as the server names it. */
function surfaceOf(element: HTMLElement): Surface | null {
  const message = element.closest<HTMLElement>(".msg");
  if (message) {
    return {
      kind: message.hasAttribute("data-ephemeral") ? "ephemeral" : "message",
      channel: message.dataset.channel,
      ts: message.dataset.ts,
    };
  }
  if (element.closest("#modal")) return { kind: "modal", viewId: $("modal").dataset.viewId };
  if (element.closest('[data-view-kind="home"]')) return { kind: "home" };
  return null;
}

/** The modal's form controls as Slack's view state needs them: by block_id, then action_id. */
function modalValues(): Record<string, Record<string, ControlValue>> {
  const values: Record<string, Record<string, ControlValue>> = {};
  for (const control of $("modal-body").querySelectorAll<HTMLElement>("[data-input]")) {
    const blockId = control.dataset.blockId ?? "";
    const actionId = control.dataset.actionId ?? "";
    values[blockId] = { ...values[blockId], [actionId]: elementValue(control) };
  }
  return values;
}

/** What a control holds, as the server reads it: one value or null, several, or a button's value. */
function elementValue(element: HTMLElement): ControlValue {
  // A chosen file is uploaded only when the modal is submitted (submitModal); until then it is nothing.
  if (element instanceof HTMLInputElement && element.type === "file") return null;
  if (element instanceof HTMLSelectElement && element.multiple)
    return [...element.selectedOptions].map((o) => o.value);
  if (
    element instanceof HTMLSelectElement ||
    element instanceof HTMLInputElement ||
    element instanceof HTMLTextAreaElement
  )
    return element.value === "" ? null : element.value;
  if (element.matches("button")) return element.dataset.value ?? null;
  const checked = [...element.querySelectorAll<HTMLInputElement>("input:checked")].map(
    (input) => input.value,
  );
  return element.dataset.type === "radio_buttons" ? (checked[0] ?? null) : checked;
}

/** Slack's client attaches files up to 10 MB. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Uploads a file the person chose, as theirs; its id, or null when it could not be (said in a toast). */
async function uploadFile(file: File): Promise<string | null> {
  if (file.size > MAX_FILE_BYTES) {
    toast(`${file.name} is over 10 MB, more than Slack lets you attach.`, "error");
    return null;
  }
  const query = new URLSearchParams({ user: view.user, name: file.name });
  try {
    const res = await fetch(`/sandbox/api/upload?${query}`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: file,
    });
    const answer: PageAnswer = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
    const id = (answer.file as { id?: unknown } | undefined)?.id;
    if (answer.ok && typeof id === "string") return id;
    toast(answer.error ?? `${file.name} could not be attached.`, "error");
  } catch (error) {
    toast(`The sandbox did not answer: ${(error as Error).message}`, "error");
  }
  return null;
}

/**
 * Submits the modal: chosen files are uploaded first and go in as their ids, as Slack's client
 * does, after the files still attached from an earlier submit that came back with errors.
 */
async function submitModal(viewId: string | undefined): Promise<void> {
  const values = modalValues();
  for (const input of $("modal-body").querySelectorAll<HTMLInputElement>('input[type="file"][data-input]')) {
    const ids = attachedFiles(input).map((item) => item.dataset.fileId ?? "");
    for (const file of input.files ?? []) {
      const id = await uploadFile(file);
      if (id === null) return;
      ids.push(id);
    }
    const blockId = input.dataset.blockId ?? "";
    values[blockId] = { ...values[blockId], [input.dataset.actionId ?? ""]: ids.length > 0 ? ids : null };
  }
  await post("submit", { user: view.user, viewId, values });
}

/** The files a picker still has attached from an earlier submit (drawn by the server beside it). */
function attachedFiles(input: HTMLInputElement): HTMLElement[] {
  const field = input.closest(".bk-file-field");
  return field ? [...field.querySelectorAll<HTMLElement>(".bk-attached-file[data-file-id]")] : [];
}

async function act(element: HTMLElement): Promise<void> {
  const surface = surfaceOf(element);
  if (!surface) return;
  if (element.dataset.confirmTitle !== undefined && !(await confirmWith(element.dataset))) return;
  if (element.dataset.url) window.open(element.dataset.url, "_blank", "noopener");
  element.closest("details")?.removeAttribute("open");
  const body: {
    user: string;
    surface: Surface;
    blockId: string;
    actionId: string;
    value: ControlValue;
    values?: Record<string, Record<string, ControlValue>>;
  } = {
    user: view.user,
    surface,
    blockId: element.dataset.blockId ?? "",
    actionId: element.dataset.actionId ?? "",
    value: elementValue(element),
  };
  if (surface.kind === "modal") body.values = modalValues();
  await post("action", body);
}

function confirmWith(data: DOMStringMap): Promise<boolean> {
  return new Promise((resolve) => {
    $("confirm-title").textContent = data.confirmTitle || "Are you sure?";
    $("confirm-text").textContent = data.confirmText || "";
    $("confirm-ok").textContent = data.confirmOk || "Yes";
    $("confirm-deny").textContent = data.confirmDeny || "Cancel";
    $("confirm-layer").hidden = false;
    const done = (answer: boolean) => {
      $("confirm-layer").hidden = true;
      $("confirm-ok").onclick = null;
      $("confirm-deny").onclick = null;
      resolve(answer);
    };
    $("confirm-ok").onclick = () => done(true);
    $("confirm-deny").onclick = () => done(false);
  });
}

async function send(input: HTMLTextAreaElement, threadTs: string | null | undefined) {
  const text = input.value.trim();
  if (!text) return;
  // What the person has open now, even if its screen has not arrived yet.
  const channel = view.open === "home" ? "dm" : view.open;
  input.value = "";
  hideHints();
  await post("send", { user: view.user, channel, text, ...(threadTs ? { threadTs } : {}) });
}

// ---- slash command hints, as Slack shows them while typing ----

function showHints() {
  const input = $<HTMLTextAreaElement>("composer-input");
  const text = input.value;
  const list = $("command-hints");
  const word = text.split(/\s/)[0] ?? "";
  if (!text.startsWith("/") || /\s/.test(text)) return hideHints();
  const matching = view.commands.filter((c) => c.command.startsWith(word));
  if (matching.length === 0) return hideHints();
  list.replaceChildren(
    ...matching.map((c) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.command = c.command;
      const name = document.createElement("b");
      name.textContent = c.command;
      const hint = document.createElement("span");
      hint.className = "hint-usage";
      hint.textContent = c.usage_hint;
      const description = document.createElement("span");
      description.className = "hint-description";
      description.textContent = c.description;
      button.append(name, " ", hint, description);
      li.append(button);
      return li;
    }),
  );
  list.hidden = false;
}

function hideHints(): void {
  $("command-hints").hidden = true;
}

// ---- toasts ----

type ToastKind = "info" | "progress" | "error";

let progressToast: HTMLElement | null = null;
const toastTimers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();
function toast(text: string, kind: ToastKind = "info"): void {
  const box = $("toasts");
  let item = kind === "progress" ? progressToast : null;
  if (!item?.isConnected) {
    item = document.createElement("div");
    box.append(item);
  }
  const shown = item;
  item.className = `toast toast-${kind}`;
  item.textContent = text;
  if (kind === "progress") progressToast = item;
  else if (progressToast?.isConnected) {
    progressToast.remove();
    progressToast = null;
  }
  clearTimeout(toastTimers.get(shown));
  toastTimers.set(
    shown,
    setTimeout(() => shown.remove(), kind === "error" ? 12000 : 7000),
  );
}

// ---- wiring ----

function wire(): void {
  // On a narrow window the channel list is a drawer: ☰ opens it, choosing a conversation closes it.
  const toggle = $("sidebar-toggle");
  const setDrawer = (open: boolean) => {
    document.body.classList.toggle("sidebar-open", open);
    toggle.setAttribute("aria-expanded", String(open));
  };
  toggle.addEventListener("click", () => setDrawer(!document.body.classList.contains("sidebar-open")));
  $("pane").addEventListener("click", () => setDrawer(false));

  const personSelect = $<HTMLSelectElement>("person-select");
  personSelect.addEventListener("change", () => switchPerson(personSelect.value));
  $("demo-button").addEventListener("click", () => post("demo", {}));
  $("thread-close").addEventListener("click", () => {
    view.thread = null;
    scheduleRefresh();
  });

  for (const tab of $("app-tabs").querySelectorAll("button")) {
    tab.addEventListener("click", () => {
      view.appTab = tab.dataset.tab ?? "home";
      open("app");
    });
  }

  document.addEventListener("click", (event) => {
    const target = (event.target as Element).closest<HTMLElement>("button, a");
    if (!target) return;
    if (target.dataset.open) {
      document.body.classList.remove("sidebar-open");
      toggle.setAttribute("aria-expanded", "false");
      return open(target.dataset.open);
    }
    if (target.dataset.openThread) {
      view.thread = target.dataset.openThread;
      return scheduleRefresh();
    }
    if (target.dataset.command) {
      $<HTMLTextAreaElement>("composer-input").value = `${target.dataset.command} `;
      $("composer-input").focus();
      return hideHints();
    }
    if (target.dataset.removeFile !== undefined) return target.closest(".bk-attached-file")?.remove();
    if (target.matches("button[data-act]")) act(target);
  });
  document.addEventListener("change", (event) => {
    // A picker that takes one file: a new choice replaces the one still attached.
    const picked = event.target;
    if (
      picked instanceof HTMLInputElement &&
      picked.type === "file" &&
      !picked.multiple &&
      picked.files?.length
    )
      for (const item of attachedFiles(picked)) item.remove();
    const target = (event.target as Element).closest<HTMLElement>("[data-act]");
    if (target && !target.matches("button")) act(target);
  });

  const composer = (
    form: HTMLFormElement,
    input: HTMLTextAreaElement,
    threadTs: () => string | null | undefined,
  ) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(input, threadTs());
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        send(input, threadTs());
      }
      if (event.key === "Escape") hideHints();
    });
  };
  composer($<HTMLFormElement>("composer"), $<HTMLTextAreaElement>("composer-input"), () => undefined);
  composer($<HTMLFormElement>("thread-composer"), $<HTMLTextAreaElement>("thread-input"), () => view.thread);
  $("composer-input").addEventListener("input", showHints);

  const modal = $("modal");
  modal.addEventListener("submit", (event) => {
    event.preventDefault();
    submitModal(modal.dataset.viewId);
  });
  const closeModal = () => post("close", { user: view.user, viewId: modal.dataset.viewId });
  $("modal-cancel").addEventListener("click", closeModal);
  $("modal-x").addEventListener("click", closeModal);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("modal-layer").hidden && $("confirm-layer").hidden) closeModal();
  });
}

async function start() {
  wire();
  listen();
  const res = await fetch("/sandbox/api/commands");
  view.commands = ((await res.json()) as { commands: SlashCommandInfo[] }).commands;
  if (view.open === "home") post("home", { user: view.user });
  scheduleRefresh();
  refreshApi();
}

start();
