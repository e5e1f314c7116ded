import type { ViewStateValues } from "@handoff/slack-emulator";

/**
 * Block Kit → HTML for the sandbox page: messages and modals drawn roughly as Slack draws them.
 *
 * Pure and portable (no I/O, no Node built-ins). The input is untrusted JSON: nothing here throws
 * on malformed input, anything unexpected becomes a visible placeholder, every piece of text is
 * escaped, every attribute is escaped and quoted, and only http:, https: and mailto: become links.
 *
 * Interactive elements carry the data-* attributes the page's client script reads: data-type,
 * data-block-id, data-action-id, data-act (sends an action when used) and data-input (a form
 * control of an input block): the contract with static/app.js, pinned by the tests.
 */

export interface DirectoryEntry {
  id: string;
  name: string;
  realName: string;
}

export interface Directory {
  user(id: string): DirectoryEntry | undefined;
  channel(id: string): { id: string; name: string } | undefined;
  users(): DirectoryEntry[];
  channels(): { id: string; name: string }[];
}

export interface RenderOptions {
  directory: Directory;
  /** Modal field errors by block_id (from response_action: "errors"), shown under the input. */
  errors?: Record<string, string>;
  /** The view's current state (Slack's view.state.values shape); overrides initial values of inputs. */
  state?: ViewStateValues;
}

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Small helpers.

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** An own property of a JSON object (never one of Object.prototype's). */
function own(record: unknown, key: string): unknown {
  return isObject(record) && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** ` name="value"`, escaped; nothing when the value is undefined. */
function attr(name: string, value: string | number | undefined): string {
  return value === undefined ? "" : ` ${name}="${escapeHtml(String(value))}"`;
}

/** Slack's three entities, decoded once. */
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) =>
    name === "amp" ? "&" : name === "lt" ? "<" : ">",
  );
}

const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_IMAGE = /^(https?:|data:image\/)/i;

/** The URL when it may become a link: http:, https: or mailto:, else undefined. */
function safeLink(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  const trimmed = url.trim();
  return SAFE_LINK.test(trimmed) ? trimmed : undefined;
}

function safeImage(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  const trimmed = url.trim();
  return SAFE_IMAGE.test(trimmed) ? trimmed : undefined;
}

function link(href: string, labelHtml: string): string {
  return `<a class="bk-link"${attr("href", href)} target="_blank" rel="noopener noreferrer">${labelHtml}</a>`;
}

function mention(text: string): string {
  return `<span class="bk-mention">${escapeHtml(text)}</span>`;
}

/** A type name as shown in a placeholder: what it is, if a string; "?" otherwise. */
function typeName(value: unknown): string {
  return typeof value === "string" && value !== "" ? value.slice(0, 80) : "?";
}

function unknownBlock(type: string): string {
  return `<div class="bk-block bk-unknown"${attr("data-unknown-type", type)}>Unsupported block: ${escapeHtml(type)}</div>`;
}

function unknownElement(type: string): string {
  return `<span class="bk-unknown"${attr("data-unknown-type", type)}>Unsupported element: ${escapeHtml(type)}</span>`;
}

// ---------------------------------------------------------------------------------------------
// Emoji.

const EMOJI = new Map<string, string>(
  Object.entries({
    white_check_mark: "✅",
    heavy_check_mark: "✔️",
    ballot_box_with_check: "☑️",
    x: "❌",
    warning: "⚠️",
    wave: "👋",
    star: "⭐",
    star2: "🌟",
    red_circle: "🔴",
    large_yellow_circle: "🟡",
    large_green_circle: "🟢",
    large_blue_circle: "🔵",
    large_orange_circle: "🟠",
    large_purple_circle: "🟣",
    white_circle: "⚪",
    black_circle: "⚫",
    hourglass: "⌛",
    hourglass_flowing_sand: "⏳",
    tada: "🎉",
    confetti_ball: "🎊",
    rocket: "🚀",
    calendar: "📅",
    date: "📅",
    spiral_calendar_pad: "🗓️",
    spiral_note_pad: "🗒️",
    memo: "📝",
    pencil: "📝",
    pencil2: "✏️",
    chart_with_upwards_trend: "📈",
    chart_with_downwards_trend: "📉",
    bar_chart: "📊",
    moneybag: "💰",
    money_with_wings: "💸",
    dollar: "💵",
    euro: "💶",
    pound: "💷",
    credit_card: "💳",
    bust_in_silhouette: "👤",
    busts_in_silhouette: "👥",
    busy_in_silhouette: "👥",
    point_right: "👉",
    point_left: "👈",
    point_up: "☝️",
    point_down: "👇",
    clipboard: "📋",
    bell: "🔔",
    no_bell: "🔕",
    trophy: "🏆",
    sports_medal: "🏅",
    first_place_medal: "🥇",
    fire: "🔥",
    eyes: "👀",
    thumbsup: "👍",
    "+1": "👍",
    thumbsdown: "👎",
    "-1": "👎",
    raised_hands: "🙌",
    clap: "👏",
    pray: "🙏",
    muscle: "💪",
    ok_hand: "👌",
    handshake: "🤝",
    sparkles: "✨",
    package: "📦",
    link: "🔗",
    paperclip: "📎",
    pushpin: "📌",
    lock: "🔒",
    unlock: "🔓",
    key: "🔑",
    zzz: "💤",
    arrow_right: "➡️",
    arrow_left: "⬅️",
    arrow_up: "⬆️",
    arrow_down: "⬇️",
    arrows_counterclockwise: "🔄",
    repeat: "🔁",
    information_source: "ℹ️",
    question: "❓",
    grey_question: "❔",
    exclamation: "❗",
    grey_exclamation: "❕",
    bangbang: "‼️",
    heavy_plus_sign: "➕",
    heavy_minus_sign: "➖",
    speech_balloon: "💬",
    thought_balloon: "💭",
    inbox_tray: "📥",
    outbox_tray: "📤",
    email: "📧",
    envelope: "✉️",
    phone: "📞",
    construction: "🚧",
    no_entry_sign: "🚫",
    no_entry: "⛔",
    rotating_light: "🚨",
    mega: "📣",
    loudspeaker: "📢",
    bulb: "💡",
    gear: "⚙️",
    hammer_and_wrench: "🛠️",
    wrench: "🔧",
    mag: "🔍",
    briefcase: "💼",
    office: "🏢",
    page_facing_up: "📄",
    file_folder: "📁",
    open_file_folder: "📂",
    checkered_flag: "🏁",
    dart: "🎯",
    alarm_clock: "⏰",
    stopwatch: "⏱️",
    robot_face: "🤖",
    "100": "💯",
    zap: "⚡",
    boom: "💥",
    heart: "❤️",
    smile: "😄",
    smiley: "😃",
    grinning: "😀",
    slightly_smiling_face: "🙂",
    blush: "😊",
    wink: "😉",
    joy: "😂",
    sweat_smile: "😅",
    thinking_face: "🤔",
    sunglasses: "😎",
    partying_face: "🥳",
    cry: "😢",
    new: "🆕",
    small_blue_diamond: "🔹",
    small_orange_diamond: "🔸",
    large_blue_diamond: "🔷",
    large_orange_diamond: "🔶",
    coffee: "☕",
    gift: "🎁",
    balloon: "🎈",
  }),
);

const SHORTCODE = /:([a-z0-9_+-]{1,64}):/g;

/** `:wave:` → 👋 for the names in the table; `text` is already HTML-escaped (names need no escaping). */
function replaceShortcodes(text: string): string {
  return text.replace(SHORTCODE, (whole, name: string) => EMOJI.get(name) ?? whole);
}

/** A rich_text emoji: its `unicode` code points ("1f44d" or "1f469-200d-1f4bb") or the table. */
function richEmoji(element: Json): string {
  const unicode = str(element.unicode);
  if (unicode && /^[0-9a-f]{2,6}(-[0-9a-f]{2,6}){0,9}$/i.test(unicode)) {
    const points = unicode.split("-").map((hex) => Number.parseInt(hex, 16));
    if (points.every((p) => p <= 0x10ffff && (p < 0xd800 || p > 0xdfff)))
      return String.fromCodePoint(...points);
  }
  const name = str(element.name) ?? "";
  return EMOJI.get(name) ?? `:${name}:`;
}

// ---------------------------------------------------------------------------------------------
// mrkdwn.

/** One unit of a line: a decoded character, or finished HTML that formatting treats as one symbol. */
type Unit = string | { html: string };

const MARKERS: Readonly<Record<string, string>> = { "*": "b", _: "i", "~": "s" };
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

function isWordUnit(unit: Unit | undefined): boolean {
  return typeof unit === "string" && WORD.test(unit);
}

function isSpaceUnit(unit: Unit | undefined): boolean {
  return typeof unit === "string" && SPACE.test(unit);
}

interface ScanOptions {
  /** Formatting, code spans and emoji; off inside code and pre. */
  rich: boolean;
}

function userName(id: string, fallback: string | undefined, directory: Directory): string {
  const entry = safeCall(() => directory.user(id));
  const name = entry?.realName || entry?.name || (fallback ? fallback.replace(/^@/, "") : "") || id;
  return `@${name}`;
}

function channelName(id: string, fallback: string | undefined, directory: Directory): string {
  const entry = safeCall(() => directory.channel(id));
  return `#${entry?.name || (fallback ? fallback.replace(/^#/, "") : "") || id}`;
}

/** A directory is the page's code, but a lookup must not take the whole render down. */
function safeCall<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch {
    return undefined;
  }
}

/** A control sequence's HTML: `inner` is what was between `<` and `>`. */
function controlHtml(inner: string, directory: Directory, options: ScanOptions): string {
  const bar = inner.indexOf("|");
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  const labelText = label === undefined || label === "" ? undefined : decodeEntities(label);
  const labelHtml = (fallback: string): string =>
    label === undefined || label === ""
      ? escapeHtml(fallback)
      : options.rich
        ? inlineHtml(label, directory, { rich: true })
        : escapeHtml(decodeEntities(label));

  if (target.startsWith("@")) return mention(userName(target.slice(1), labelText, directory));
  if (target.startsWith("#")) return mention(channelName(target.slice(1), labelText, directory));
  if (target.startsWith("!")) {
    const command = target.slice(1);
    if (command === "here" || command === "channel" || command === "everyone") return mention(`@${command}`);
    if (command.startsWith("subteam^")) {
      const handle = labelText ?? command.slice("subteam^".length);
      return mention(handle.startsWith("@") ? handle : `@${handle}`);
    }
    if (command.startsWith("date^")) return escapeHtml(labelText ?? decodeEntities(command));
    return escapeHtml(labelText ?? decodeEntities(command));
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    const url = decodeEntities(target);
    const href = safeLink(url);
    const text = labelHtml(url);
    return href ? link(href, text) : text;
  }
  // Not a control sequence Slack knows: show it as typed.
  return escapeHtml(`<${decodeEntities(inner)}>`);
}

/**
 * A line (or a link's label, or code) as units: entities decoded; control sequences, code spans
 * and emoji already HTML. A control sequence never runs over a newline.
 */
function scan(text: string, directory: Directory, options: ScanOptions): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "`" && options.rich) {
      const end = text.indexOf("`", i + 1);
      if (end > i + 1) {
        units.push({
          html: `<code class="bk-code">${verbatimHtml(text.slice(i + 1, end), directory)}</code>`,
        });
        i = end + 1;
        continue;
      }
    }
    if (ch === "<") {
      const end = text.indexOf(">", i + 1);
      const nextOpen = text.indexOf("<", i + 1);
      const newline = text.indexOf("\n", i + 1);
      if (end !== -1 && (nextOpen === -1 || nextOpen > end) && (newline === -1 || newline > end)) {
        units.push({ html: controlHtml(text.slice(i + 1, end), directory, options) });
        i = end + 1;
        continue;
      }
    }
    if (ch === "&") {
      const entity = /^&(amp|lt|gt);/.exec(text.slice(i, i + 5));
      if (entity) {
        units.push(entity[1] === "amp" ? "&" : entity[1] === "lt" ? "<" : ">");
        i += entity[0].length;
        continue;
      }
    }
    if (ch === ":" && options.rich) {
      const code = /^:([a-z0-9_+-]{1,64}):/.exec(text.slice(i, i + 67));
      const emoji = code ? EMOJI.get(code[1]!) : undefined;
      if (code && emoji) {
        units.push({ html: emoji });
        i += code[0].length;
        continue;
      }
    }
    units.push(ch);
    i += 1;
  }
  return units;
}

/** Code and pre: entities decoded and control sequences resolved, nothing else formatted. */
function verbatimHtml(text: string, directory: Directory): string {
  return unitsHtml(scan(text, directory, { rich: false }), 0, Number.POSITIVE_INFINITY);
}

function unitsHtml(units: readonly Unit[], lo: number, hi: number): string {
  let html = "";
  let text = "";
  for (let k = lo; k < Math.min(hi, units.length); k++) {
    const unit = units[k]!;
    if (typeof unit === "string") {
      text += unit;
    } else {
      html += escapeHtml(text) + unit.html;
      text = "";
    }
  }
  return html + escapeHtml(text);
}

/** First index in the sorted `positions` that is >= `min`. */
function firstAtLeast(positions: readonly number[], min: number): number | undefined {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! < min) lo = mid + 1;
    else hi = mid;
  }
  return positions[lo];
}

/**
 * Bold, italic and strike over units, Slack-style: a marker opens only after a non-word unit
 * (or the line start) and before a non-space; it closes only after a non-space and before a
 * non-word unit (or the line end). So `2*3*4` and `snake_case_name` stay as they are.
 */
function formatUnits(units: readonly Unit[]): string {
  const closers = new Map<string, number[]>();
  for (const marker of Object.keys(MARKERS)) closers.set(marker, []);
  units.forEach((unit, k) => {
    if (typeof unit !== "string" || !(unit in MARKERS)) return;
    if (k > 0 && !isSpaceUnit(units[k - 1]) && !isWordUnit(units[k + 1])) closers.get(unit)!.push(k);
  });
  const isOpener = (k: number): boolean =>
    !isWordUnit(units[k - 1]) && units[k + 1] !== undefined && !isSpaceUnit(units[k + 1]);

  const render = (lo: number, hi: number, open: ReadonlySet<string>): string => {
    let html = "";
    let start = lo;
    for (let k = lo; k < hi; k++) {
      const unit = units[k];
      if (typeof unit !== "string" || !(unit in MARKERS) || open.has(unit) || !isOpener(k)) continue;
      const close = firstAtLeast(closers.get(unit)!, k + 2);
      if (close === undefined || close >= hi) continue;
      const tag = MARKERS[unit]!;
      html += unitsHtml(units, start, k);
      html += `<${tag}>${render(k + 1, close, new Set([...open, unit]))}</${tag}>`;
      k = close;
      start = close + 1;
    }
    return html + unitsHtml(units, start, hi);
  };
  return render(0, units.length, new Set());
}

function inlineHtml(text: string, directory: Directory, options: ScanOptions): string {
  return formatUnits(scan(text, directory, options));
}

const QUOTE = /^[ \t]*(?:&gt;|>)/;
const QUOTE_ALL = /^[ \t]*(?:&gt;|>){3}/;

/** Lines of text outside pre blocks: quotes grouped into blockquotes, other lines joined by <br>. */
function linesHtml(text: string, directory: Directory): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let plain: string[] = [];
  let quoted: string[] = [];
  let quoteAll = false;
  const flushPlain = (): void => {
    if (plain.length > 0) out.push(plain.join("<br>"));
    plain = [];
  };
  const flushQuote = (): void => {
    if (quoted.length > 0) out.push(`<blockquote class="bk-quote">${quoted.join("<br>")}</blockquote>`);
    quoted = [];
  };
  for (const line of lines) {
    let content = line;
    let isQuote = quoteAll;
    if (!quoteAll && QUOTE_ALL.test(line)) {
      quoteAll = true;
      isQuote = true;
      content = line.replace(QUOTE_ALL, "").replace(/^ /, "");
    } else if (!quoteAll && QUOTE.test(line)) {
      isQuote = true;
      content = line.replace(QUOTE, "").replace(/^ /, "");
    }
    const html = inlineHtml(content, directory, { rich: true });
    if (isQuote) {
      flushPlain();
      quoted.push(html);
    } else {
      flushQuote();
      plain.push(html);
    }
  }
  flushPlain();
  flushQuote();
  return out.join("");
}

/** Slack mrkdwn (with Slack's `&amp; &lt; &gt;` escaping) → HTML. */
export function renderMrkdwn(text: string, directory: Directory): string {
  if (typeof text !== "string" || text === "") return "";
  const source = text.replace(/\r\n?/g, "\n");
  const pre = /```([\s\S]*?)```/g;
  let html = "";
  let last = 0;
  let afterPre = false;
  for (const match of source.matchAll(pre)) {
    let before = source.slice(last, match.index);
    if (afterPre) before = before.replace(/^\n/, "");
    before = before.replace(/\n$/, "");
    if (before !== "") html += linesHtml(before, directory);
    const body = match[1]!.replace(/^\n/, "").replace(/\n$/, "");
    html += `<pre class="bk-pre">${verbatimHtml(body, directory)}</pre>`;
    last = match.index + match[0].length;
    afterPre = true;
  }
  let rest = source.slice(last);
  if (afterPre) rest = rest.replace(/^\n/, "");
  if (rest !== "" || !afterPre) html += linesHtml(rest, directory);
  return html;
}

// ---------------------------------------------------------------------------------------------
// Text objects.

function plainHtml(text: string, emoji: boolean): string {
  const escaped = escapeHtml(text.replace(/\r\n?/g, "\n"));
  return (emoji ? replaceShortcodes(escaped) : escaped).replace(/\n/g, "<br>");
}

/** A text object ({type:"plain_text"|"mrkdwn", text, emoji?}) or undefined → HTML. */
export function renderTextObject(text: unknown, directory: Directory): string {
  if (text === undefined || text === null) return "";
  if (typeof text === "string") return plainHtml(text, true);
  if (!isObject(text) || typeof text.text !== "string") {
    return `<span class="bk-unknown" data-unknown-type="text">Unsupported text</span>`;
  }
  if (text.type === "mrkdwn") return renderMrkdwn(text.text, directory);
  // Slack converts shortcodes in plain_text unless emoji is false.
  return plainHtml(text.text, text.emoji !== false);
}

/** A text object as plain characters (for <option>, attributes): no markup at all. */
function textOf(text: unknown): string {
  if (typeof text === "string") return text;
  if (!isObject(text) || typeof text.text !== "string") return "";
  if (text.type === "mrkdwn") return decodeEntities(text.text);
  return text.emoji === false ? text.text : text.text.replace(SHORTCODE, (w, n: string) => EMOJI.get(n) ?? w);
}

// ---------------------------------------------------------------------------------------------
// Interactive elements.

interface ElementContext {
  blockId: string;
  /** Sends an action the moment it is used. */
  act: boolean;
  /** A form control of an input block. */
  input: boolean;
  /** Has an error from options.errors. */
  invalid: boolean;
  options: RenderOptions;
}

/** data-type, data-act / data-input, data-block-id, data-action-id. */
function dataAttrs(type: string, element: Json, ctx: ElementContext): string {
  return (
    attr("data-type", type) +
    (ctx.act ? " data-act" : "") +
    (ctx.input ? " data-input" : "") +
    attr("data-block-id", ctx.blockId) +
    attr("data-action-id", str(element.action_id) ?? "")
  );
}

/** `<block_id>::<action_id>`: id and name of an input block's control. */
function controlKey(element: Json, ctx: ElementContext): string {
  return `${ctx.blockId}::${str(element.action_id) ?? ""}`;
}

function idAttrs(element: Json, ctx: ElementContext): string {
  if (!ctx.input) return "";
  const key = controlKey(element, ctx);
  return attr("id", key) + attr("name", key) + (ctx.invalid ? ' aria-invalid="true"' : "");
}

function confirmAttrs(confirm: unknown): string {
  if (!isObject(confirm)) return "";
  return (
    attr("data-confirm-title", textOf(confirm.title) || "Are you sure?") +
    attr("data-confirm-text", textOf(confirm.text)) +
    attr("data-confirm-ok", textOf(confirm.confirm) || "Yes") +
    attr("data-confirm-deny", textOf(confirm.deny) || "Cancel")
  );
}

/** This element's entry in options.state, if the view has one. */
function stateEntry(element: Json, ctx: ElementContext): Json | undefined {
  const block = own(ctx.options.state, ctx.blockId);
  const entry = own(block, str(element.action_id) ?? "");
  return isObject(entry) ? entry : undefined;
}

/** The state's `stateKey` when the state has it (null included), else the element's `initialKey`. */
function current(element: Json, ctx: ElementContext, stateKey: string, initialKey: string): unknown {
  const entry = stateEntry(element, ctx);
  if (entry && Object.hasOwn(entry, stateKey)) return entry[stateKey];
  return element[initialKey];
}

function optionValue(option: unknown): string | undefined {
  return str(own(option, "value"));
}

function renderButton(element: Json, ctx: ElementContext): string {
  const style = element.style === "primary" ? " bk-primary" : element.style === "danger" ? " bk-danger" : "";
  const url = safeLink(element.url);
  const label = str(element.accessibility_label);
  return (
    `<button type="button" class="bk-button${style}"${attr("data-type", "button")} data-act` +
    attr("data-block-id", ctx.blockId) +
    attr("data-action-id", str(element.action_id) ?? "") +
    attr("data-value", str(element.value) ?? "") +
    attr("data-url", url) +
    confirmAttrs(element.confirm) +
    attr("aria-label", label) +
    `>${renderTextObject(element.text, ctx.options.directory)}</button>`
  );
}

interface SelectChoice {
  value: string;
  text: string;
}

function optionTag(choice: SelectChoice, selected: ReadonlySet<string>): string {
  return `<option${attr("value", choice.value)}${selected.has(choice.value) ? " selected" : ""}>${escapeHtml(choice.text)}</option>`;
}

function staticChoice(option: unknown): SelectChoice | undefined {
  const value = optionValue(option);
  return value === undefined ? undefined : { value, text: textOf(own(option, "text")) || value };
}

/** Option groups (or a flat list) → <option>s and <optgroup>s; the values shown, for "selected but missing". */
function staticOptionsHtml(element: Json, selected: ReadonlySet<string>, shown: Set<string>): string {
  const optionsHtml = (options: unknown): string =>
    list(options)
      .map(staticChoice)
      .filter((c): c is SelectChoice => c !== undefined)
      .map((c) => {
        shown.add(c.value);
        return optionTag(c, selected);
      })
      .join("");
  if (Array.isArray(element.option_groups)) {
    return element.option_groups
      .filter(isObject)
      .map(
        (group) => `<optgroup${attr("label", textOf(group.label))}>${optionsHtml(group.options)}</optgroup>`,
      )
      .join("");
  }
  return optionsHtml(element.options);
}

const SELECT_KINDS: Readonly<
  Record<string, { source: "static" | "users" | "conversations" | "channels"; multiple: boolean }>
> = {
  static_select: { source: "static", multiple: false },
  external_select: { source: "static", multiple: false },
  users_select: { source: "users", multiple: false },
  conversations_select: { source: "conversations", multiple: false },
  channels_select: { source: "channels", multiple: false },
  multi_static_select: { source: "static", multiple: true },
  multi_external_select: { source: "static", multiple: true },
  multi_users_select: { source: "users", multiple: true },
  multi_conversations_select: { source: "conversations", multiple: true },
  multi_channels_select: { source: "channels", multiple: true },
};

/** The state / initial keys holding a select's choice, by source and multiplicity. */
const SELECT_KEYS = {
  static: { single: ["selected_option", "initial_option"], multi: ["selected_options", "initial_options"] },
  users: { single: ["selected_user", "initial_user"], multi: ["selected_users", "initial_users"] },
  conversations: {
    single: ["selected_conversation", "initial_conversation"],
    multi: ["selected_conversations", "initial_conversations"],
  },
  channels: {
    single: ["selected_channel", "initial_channel"],
    multi: ["selected_channels", "initial_channels"],
  },
} as const;

function selectedValues(
  element: Json,
  ctx: ElementContext,
  source: keyof typeof SELECT_KEYS,
  multiple: boolean,
) {
  const [stateKey, initialKey] = SELECT_KEYS[source][multiple ? "multi" : "single"];
  const chosen = current(element, ctx, stateKey, initialKey);
  const items = multiple ? list(chosen) : chosen === undefined || chosen === null ? [] : [chosen];
  const values: string[] = [];
  const options: SelectChoice[] = [];
  for (const item of items) {
    if (source === "static") {
      const choice = staticChoice(item);
      if (choice) {
        values.push(choice.value);
        options.push(choice);
      }
    } else if (typeof item === "string") {
      values.push(item);
    }
  }
  return { values, options };
}

function renderSelect(type: string, element: Json, ctx: ElementContext): string {
  const kind = SELECT_KINDS[type]!;
  const directory = ctx.options.directory;
  const { values, options: chosenOptions } = selectedValues(element, ctx, kind.source, kind.multiple);
  const selected = new Set(values);
  const shown = new Set<string>();
  let optionsHtml: string;
  if (kind.source === "static") {
    optionsHtml = staticOptionsHtml(element, selected, shown);
  } else {
    const choices: SelectChoice[] =
      kind.source === "users"
        ? (safeCall(() => directory.users()) ?? []).map((u) => ({
            value: u.id,
            text: u.realName || u.name || u.id,
          }))
        : (safeCall(() => directory.channels()) ?? []).map((c) => ({ value: c.id, text: `#${c.name}` }));
    optionsHtml = choices
      .map((c) => {
        shown.add(c.value);
        return optionTag(c, selected);
      })
      .join("");
  }
  // A choice the list doesn't have (an external select's, a user not in the directory) still shows.
  const missing = values
    .filter((v) => !shown.has(v))
    .map((value) => {
      shown.add(value);
      const known = chosenOptions.find((o) => o.value === value);
      const text =
        known?.text ??
        (kind.source === "users"
          ? userName(value, undefined, directory).slice(1)
          : channelName(value, undefined, directory));
      return optionTag({ value, text }, selected);
    })
    .join("");
  const placeholder = textOf(element.placeholder) || (kind.multiple ? "Select items" : "Select an item");
  const first = kind.multiple
    ? ""
    : `<option value=""${selected.size === 0 ? " selected" : ""}>${escapeHtml(placeholder)}</option>`;
  return (
    `<select class="bk-select${kind.multiple ? " bk-multi" : ""}"${dataAttrs(type, element, ctx)}${idAttrs(element, ctx)}` +
    (kind.multiple ? ` multiple${attr("data-placeholder", placeholder)}` : "") +
    (ctx.act ? confirmAttrs(element.confirm) : "") +
    `>${first}${optionsHtml}${missing}</select>`
  );
}

function renderOverflow(element: Json, ctx: ElementContext): string {
  const items = list(element.options)
    .map((option) => {
      const value = optionValue(option);
      if (value === undefined) return "";
      return (
        `<button type="button" class="bk-menu-item"${attr("data-type", "overflow")} data-act` +
        attr("data-block-id", ctx.blockId) +
        attr("data-action-id", str(element.action_id) ?? "") +
        attr("data-value", value) +
        attr("data-url", safeLink(own(option, "url"))) +
        confirmAttrs(element.confirm) +
        `>${renderTextObject(own(option, "text"), ctx.options.directory)}</button>`
      );
    })
    .join("");
  return `<details class="bk-overflow"><summary aria-label="More actions">⋯</summary><div class="bk-menu">${items}</div></details>`;
}

function stringState(
  element: Json,
  ctx: ElementContext,
  stateKey: string,
  initialKey: string,
): string | undefined {
  const value = current(element, ctx, stateKey, initialKey);
  return typeof value === "string" ? value : undefined;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

function renderTextInput(type: string, element: Json, ctx: ElementContext): string {
  const value = stringState(element, ctx, "value", "initial_value");
  const placeholder = textOf(element.placeholder) || undefined;
  const common =
    dataAttrs(type, element, ctx) +
    idAttrs(element, ctx) +
    attr("placeholder", placeholder) +
    attr("maxlength", positiveInt(element.max_length)) +
    attr("minlength", positiveInt(element.min_length));
  if (type === "plain_text_input" && element.multiline === true) {
    return `<textarea class="bk-textarea" rows="4"${common}>${escapeHtml(value ?? "")}</textarea>`;
  }
  let inputType = "text";
  let extra = "";
  if (type === "number_input") {
    inputType = "number";
    extra =
      attr("step", element.is_decimal_allowed === true ? "any" : "1") +
      attr("min", str(element.min_value)) +
      attr("max", str(element.max_value));
  } else if (type === "email_text_input") {
    inputType = "email";
  } else if (type === "url_text_input") {
    inputType = "url";
  }
  return `<input type="${inputType}" class="bk-textfield bk-${inputType}-input"${common}${extra}${attr("value", value)}>`;
}

function renderDateTime(type: string, element: Json, ctx: ElementContext): string {
  const base =
    dataAttrs(type, element, ctx) + idAttrs(element, ctx) + (ctx.act ? confirmAttrs(element.confirm) : "");
  if (type === "datepicker") {
    const value = stringState(element, ctx, "selected_date", "initial_date");
    return `<input type="date" class="bk-date"${base}${attr("value", value)}>`;
  }
  if (type === "timepicker") {
    const value = stringState(element, ctx, "selected_time", "initial_time");
    return `<input type="time" class="bk-time"${base}${attr("value", value)}>`;
  }
  const seconds = current(element, ctx, "selected_date_time", "initial_date_time");
  const value =
    typeof seconds === "number" && Number.isFinite(seconds) && Math.abs(seconds) < 8.64e12
      ? new Date(seconds * 1000).toISOString().slice(0, 16)
      : undefined;
  return `<input type="datetime-local" class="bk-datetime"${base}${attr("value", value)}>`;
}

function renderChoices(type: "checkboxes" | "radio_buttons", element: Json, ctx: ElementContext): string {
  const directory = ctx.options.directory;
  const multiple = type === "checkboxes";
  const chosen = multiple
    ? list(current(element, ctx, "selected_options", "initial_options"))
    : [current(element, ctx, "selected_option", "initial_option")];
  const checked = new Set(chosen.map(optionValue).filter((v): v is string => v !== undefined));
  const name = `${ctx.blockId}::${str(element.action_id) ?? ""}`;
  const nameAttr = multiple ? (ctx.input ? attr("name", name) : "") : attr("name", name);
  const options = list(element.options)
    .map((option) => {
      const value = optionValue(option);
      if (value === undefined) return "";
      const description = own(option, "description");
      return (
        `<label class="bk-choice"><input type="${multiple ? "checkbox" : "radio"}"${attr("value", value)}${nameAttr}` +
        `${checked.has(value) ? " checked" : ""}> ${renderTextObject(own(option, "text"), directory)}` +
        (description === undefined
          ? ""
          : ` <span class="bk-desc">${renderTextObject(description, directory)}</span>`) +
        "</label>"
      );
    })
    .join("");
  return (
    `<div class="bk-${type === "checkboxes" ? "checkboxes" : "radio-buttons"}" role="${multiple ? "group" : "radiogroup"}"` +
    `${dataAttrs(type, element, ctx)}${ctx.input ? attr("id", name) : ""}${ctx.invalid ? ' aria-invalid="true"' : ""}` +
    `${ctx.act ? confirmAttrs(element.confirm) : ""}>${options}</div>`
  );
}

/**
 * A real file picker; the page uploads what is chosen when the modal is submitted. Files already
 * in the view's state (attached before the modal came back with errors) are listed above it, as
 * Slack's client keeps them: each goes in again unless the person removes it.
 */
function renderFileInput(element: Json, ctx: ElementContext): string {
  const types = list(element.filetypes).filter(
    (t): t is string => typeof t === "string" && /^[a-z0-9]+$/i.test(t),
  );
  const accept = types.length > 0 ? types.map((t) => `.${t.toLowerCase()}`).join(",") : undefined;
  const many = positiveInt(element.max_files) !== 1;
  const attached = list(current(element, ctx, "files", "initial_files"))
    .map(renderAttachedFile)
    .join("");
  return (
    `<div class="bk-file-field">${attached ? `<ul class="bk-attached-files">${attached}</ul>` : ""}` +
    `<input type="file" class="bk-file-input"${dataAttrs("file_input", element, ctx)}${idAttrs(element, ctx)}` +
    `${attr("accept", accept)}${many ? " multiple" : ""}></div>`
  );
}

/** One file already attached to a file_input: its name and type, and a button to take it off. */
function renderAttachedFile(file: unknown): string {
  const id = str(own(file, "id"));
  if (!id) return "";
  const name = str(own(file, "name")) ?? str(own(file, "title")) ?? "file";
  const type = str(own(file, "pretty_type")) ?? str(own(file, "filetype")) ?? "";
  return (
    `<li class="bk-attached-file"${attr("data-file-id", id)}><span class="bk-file-name">${escapeHtml(name)}</span>` +
    (type ? ` <span class="bk-file-type">${escapeHtml(type)}</span>` : "") +
    ` <button type="button" class="bk-attached-remove" data-remove-file${attr("aria-label", `Remove ${name}`)}>Remove</button></li>`
  );
}

function renderImageElement(element: Json, className: string): string {
  const src = safeImage(element.image_url);
  const alt = str(element.alt_text) ?? "";
  if (!src) return `<span class="${className} bk-image-missing" role="img"${attr("aria-label", alt)}></span>`;
  return `<img class="${className}"${attr("src", src)}${attr("alt", alt)} loading="lazy">`;
}

/** Elements this renderer draws as form controls. */
const TEXT_INPUTS = new Set(["plain_text_input", "number_input", "email_text_input", "url_text_input"]);
const DATE_INPUTS = new Set(["datepicker", "timepicker", "datetimepicker"]);

function renderElement(element: unknown, ctx: ElementContext): string {
  if (!isObject(element)) return unknownElement("?");
  const type = typeName(element.type);
  if (type === "button") return renderButton(element, ctx);
  if (type === "overflow") return renderOverflow(element, ctx);
  if (Object.hasOwn(SELECT_KINDS, type)) return renderSelect(type, element, ctx);
  if (TEXT_INPUTS.has(type)) return renderTextInput(type, element, ctx);
  if (DATE_INPUTS.has(type)) return renderDateTime(type, element, ctx);
  if (type === "checkboxes" || type === "radio_buttons") return renderChoices(type, element, ctx);
  if (type === "image") return renderImageElement(element, "bk-accessory-image");
  if (type === "file_input") return renderFileInput(element, ctx);
  return unknownElement(type);
}

// ---------------------------------------------------------------------------------------------
// Blocks.

function blockIdOf(block: Json): string {
  return str(block.block_id) ?? "";
}

function open(type: string, block: Json, tag = "div"): string {
  const id = str(block.block_id);
  return `<${tag} class="bk-block bk-${type}"${attr("data-block-id", id)}>`;
}

function actContext(block: Json, options: RenderOptions): ElementContext {
  return { blockId: blockIdOf(block), act: true, input: false, invalid: false, options };
}

function textDiv(text: unknown, directory: Directory): string {
  return `<div class="bk-text">${renderTextObject(text, directory)}</div>`;
}

function renderSection(block: Json, options: RenderOptions): string {
  const directory = options.directory;
  let body = "";
  if (block.text !== undefined) body += textDiv(block.text, directory);
  if (Array.isArray(block.fields)) {
    body += `<div class="bk-fields">${block.fields
      .map((field) => `<div class="bk-field">${renderTextObject(field, directory)}</div>`)
      .join("")}</div>`;
  }
  const accessory =
    block.accessory === undefined
      ? ""
      : `<div class="bk-accessory">${renderElement(block.accessory, actContext(block, options))}</div>`;
  return `${open("section", block)}<div class="bk-section-body">${body}</div>${accessory}</div>`;
}

function renderContext(block: Json, directory: Directory): string {
  const items = list(block.elements)
    .map((element) => {
      if (isObject(element) && element.type === "image")
        return renderImageElement(element, "bk-context-image");
      if (isObject(element) && (element.type === "mrkdwn" || element.type === "plain_text")) {
        return `<span class="bk-context-item">${renderTextObject(element, directory)}</span>`;
      }
      return unknownElement(typeName(own(element, "type")));
    })
    .join("");
  return `${open("context", block)}${items}</div>`;
}

function renderActions(block: Json, options: RenderOptions): string {
  const ctx = actContext(block, options);
  const elements = list(block.elements)
    .map((element) => renderElement(element, ctx))
    .join("");
  return `${open("actions", block)}${elements}</div>`;
}

function renderImageBlock(block: Json, directory: Directory): string {
  const title =
    block.title === undefined
      ? ""
      : `<div class="bk-image-title">${renderTextObject(block.title, directory)}</div>`;
  return `${open("image", block)}${title}${renderImageElement(block, "bk-image-img")}</div>`;
}

function renderInput(block: Json, options: RenderOptions): string {
  const directory = options.directory;
  const blockId = blockIdOf(block);
  const errorValue = own(options.errors, blockId);
  const error = typeof errorValue === "string" ? errorValue : undefined;
  const ctx: ElementContext = {
    blockId,
    act: block.dispatch_action === true,
    input: true,
    invalid: error !== undefined,
    options,
  };
  const element = block.element;
  const type = isObject(element) ? str(element.type) : undefined;
  const isGroup = type === "checkboxes" || type === "radio_buttons";
  const forAttr = isObject(element) && !isGroup ? attr("for", controlKey(element, ctx)) : "";
  const optional = block.optional === true ? `<span class="bk-optional"> (optional)</span>` : "";
  const label = `<label class="bk-label"${forAttr}>${renderTextObject(block.label, directory)}${optional}</label>`;
  const hint =
    block.hint === undefined ? "" : `<div class="bk-hint">${renderTextObject(block.hint, directory)}</div>`;
  const errorHtml =
    // Several problems come one per line.
    error === undefined
      ? ""
      : `<div class="bk-error" role="alert">${escapeHtml(error).replace(/\n/g, "<br>")}</div>`;
  const control = `<div class="bk-control${error === undefined ? "" : " bk-invalid"}">${renderElement(element, ctx)}</div>`;
  return `${open("input", block)}${label}${control}${hint}${errorHtml}</div>`;
}

function styled(html: string, style: unknown): string {
  if (!isObject(style)) return html;
  let out = html;
  if (style.code === true) out = `<code class="bk-code">${out}</code>`;
  if (style.strike === true) out = `<s>${out}</s>`;
  if (style.italic === true) out = `<i>${out}</i>`;
  if (style.bold === true) out = `<b>${out}</b>`;
  return out;
}

function richInline(elements: unknown, directory: Directory, pre: boolean): string {
  return list(elements)
    .map((element) => {
      if (!isObject(element)) return unknownElement("?");
      const text = str(element.text);
      let html: string;
      switch (element.type) {
        case "text": {
          const escaped = escapeHtml(text ?? "");
          html = pre ? escaped : escaped.replace(/\n/g, "<br>");
          break;
        }
        case "link": {
          const url = str(element.url) ?? "";
          const href = safeLink(url);
          const label = escapeHtml(text || url);
          html = href ? link(href, label) : label;
          break;
        }
        case "user":
          html = mention(userName(str(element.user_id) ?? "?", undefined, directory));
          break;
        case "usergroup":
          html = mention(`@${str(element.usergroup_id) ?? "group"}`);
          break;
        case "channel":
          html = mention(channelName(str(element.channel_id) ?? "?", undefined, directory));
          break;
        case "broadcast":
          html = mention(`@${str(element.range) ?? "here"}`);
          break;
        case "emoji":
          html = escapeHtml(richEmoji(element));
          break;
        case "date":
          html = escapeHtml(str(element.fallback) ?? String(element.timestamp ?? ""));
          break;
        case "color":
          html = escapeHtml(str(element.value) ?? "");
          break;
        case "team":
          html = escapeHtml(`@${str(element.team_id) ?? "team"}`);
          break;
        default:
          return unknownElement(typeName(element.type));
      }
      return styled(html, element.style);
    })
    .join("");
}

function renderRichText(block: Json, directory: Directory): string {
  const parts = list(block.elements).map((element) => {
    if (!isObject(element)) return unknownElement("?");
    switch (element.type) {
      case "rich_text_section":
        return `<div class="bk-rt-section">${richInline(element.elements, directory, false)}</div>`;
      case "rich_text_quote":
        return `<blockquote class="bk-quote">${richInline(element.elements, directory, false)}</blockquote>`;
      case "rich_text_preformatted":
        return `<pre class="bk-pre">${richInline(element.elements, directory, true)}</pre>`;
      case "rich_text_list": {
        const tag = element.style === "ordered" ? "ol" : "ul";
        const indent =
          typeof element.indent === "number" && Number.isInteger(element.indent)
            ? Math.min(8, Math.max(0, element.indent))
            : 0;
        const offset =
          tag === "ol" &&
          typeof element.offset === "number" &&
          Number.isInteger(element.offset) &&
          element.offset > 0
            ? attr("start", element.offset + 1)
            : "";
        const items = list(element.elements)
          .map((item) =>
            isObject(item)
              ? `<li>${richInline(item.elements, directory, false)}</li>`
              : `<li>${unknownElement("?")}</li>`,
          )
          .join("");
        return `<${tag} class="bk-rt-list bk-rt-indent-${indent}"${offset}>${items}</${tag}>`;
      }
      default:
        return unknownElement(typeName(element.type));
    }
  });
  return `${open("rich_text", block)}${parts.join("")}</div>`;
}

function renderBlock(block: unknown, options: RenderOptions): string {
  if (!isObject(block) || typeof block.type !== "string" || block.type === "") return unknownBlock("?");
  const directory = options.directory;
  switch (block.type) {
    case "section":
      return renderSection(block, options);
    case "header":
      return `${open("header", block)}${renderTextObject(block.text, directory)}</div>`;
    case "context":
      return renderContext(block, directory);
    case "divider":
      return `${open("divider", block)}<hr></div>`;
    case "actions":
      return renderActions(block, options);
    case "image":
      return renderImageBlock(block, directory);
    case "input":
      return renderInput(block, options);
    case "rich_text":
      return renderRichText(block, directory);
    default:
      return unknownBlock(typeName(block.type));
  }
}

export function renderBlocks(blocks: unknown, options: RenderOptions): string {
  if (blocks === undefined || blocks === null) return "";
  if (!Array.isArray(blocks)) return unknownBlock("?");
  return blocks
    .map((block) => {
      try {
        return renderBlock(block, options);
      } catch {
        // Defensive: nothing in a block may take the page down.
        return unknownBlock(typeName(own(block, "type")));
      }
    })
    .join("");
}

// ---------------------------------------------------------------------------------------------
// Messages and legacy attachments.

const ATTACHMENT_COLORS: Readonly<Record<string, string>> = {
  good: "#2eb67d",
  warning: "#ecb22e",
  danger: "#e01e5a",
};

function attachmentColor(color: unknown): string {
  if (typeof color !== "string") return "#dddddd";
  if (Object.hasOwn(ATTACHMENT_COLORS, color)) return ATTACHMENT_COLORS[color]!;
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  return hex ? `#${hex[1]}` : "#dddddd";
}

function renderAttachment(attachment: unknown, options: RenderOptions): string {
  if (!isObject(attachment)) {
    return `<div class="bk-attachment bk-unknown" data-unknown-type="attachment">Unsupported attachment</div>`;
  }
  const directory = options.directory;
  const parts: string[] = [];
  const pretext = str(attachment.pretext);
  const author = str(attachment.author_name);
  if (author) parts.push(`<div class="bk-att-author">${escapeHtml(author)}</div>`);
  const title = str(attachment.title);
  if (title) {
    const href = safeLink(attachment.title_link);
    parts.push(`<div class="bk-att-title">${href ? link(href, escapeHtml(title)) : escapeHtml(title)}</div>`);
  }
  const text = str(attachment.text);
  if (text) parts.push(`<div class="bk-text">${renderMrkdwn(text, directory)}</div>`);
  const fields = list(attachment.fields).filter(isObject);
  if (fields.length > 0) {
    const fieldsHtml = fields
      .map(
        (field) =>
          `<div class="bk-att-field${field.short === true ? " bk-att-short" : ""}">` +
          `<div class="bk-att-field-title">${escapeHtml(str(field.title) ?? "")}</div>` +
          `<div class="bk-text">${renderMrkdwn(str(field.value) ?? "", directory)}</div></div>`,
      )
      .join("");
    parts.push(`<div class="bk-att-fields">${fieldsHtml}</div>`);
  }
  const image = safeImage(attachment.image_url);
  if (image) parts.push(`<img class="bk-att-image"${attr("src", image)} alt="" loading="lazy">`);
  if (Array.isArray(attachment.blocks) && attachment.blocks.length > 0) {
    parts.push(renderBlocks(attachment.blocks, options));
  }
  const footer = str(attachment.footer);
  if (footer) parts.push(`<div class="bk-att-footer">${renderMrkdwn(footer, directory)}</div>`);
  const fallback = str(attachment.fallback);
  if (parts.length === 0 && fallback) parts.push(`<div class="bk-text">${escapeHtml(fallback)}</div>`);
  const pretextHtml = pretext
    ? `<div class="bk-att-pretext bk-text">${renderMrkdwn(pretext, directory)}</div>`
    : "";
  return (
    `${pretextHtml}<div class="bk-attachment"${attr("style", `border-left-color:${attachmentColor(attachment.color)}`)}>` +
    `${parts.join("")}</div>`
  );
}

/** Where the sandbox page serves a shared file's bytes (same-origin, no token). */
export function sandboxFileUrl(fileId: string): string {
  return `/sandbox/files/${encodeURIComponent(fileId)}`;
}

/** A shared file as Slack shows it on a message: its name and type, to download. */
function renderFile(file: unknown): string {
  const id = str(own(file, "id"));
  const name = str(own(file, "name")) ?? str(own(file, "title")) ?? "file";
  const type = str(own(file, "pretty_type")) ?? str(own(file, "filetype")) ?? "";
  const label = `<span class="bk-file-name">${escapeHtml(name)}</span>`;
  return (
    `<div class="bk-file"${attr("data-file-id", id)}>` +
    (id
      ? `<a class="bk-file-link"${attr("href", sandboxFileUrl(id))}${attr("download", name)}>${label}</a>`
      : label) +
    (type ? ` <span class="bk-file-type">${escapeHtml(type)}</span>` : "") +
    "</div>"
  );
}

/** A message: its blocks when it has any, else its text as mrkdwn; legacy attachments after (color bar, text, fields, blocks); shared files last. */
export function renderMessageBody(
  message: { text?: string; blocks?: unknown[]; attachments?: unknown[]; files?: unknown[] },
  options: RenderOptions,
): string {
  if (!isObject(message)) return "";
  const blocks = message.blocks;
  let html =
    Array.isArray(blocks) && blocks.length > 0
      ? renderBlocks(blocks, options)
      : typeof message.text === "string" && message.text !== ""
        ? `<div class="bk-text bk-message-text">${renderMrkdwn(message.text, options.directory)}</div>`
        : "";
  const attachments = message.attachments;
  if (Array.isArray(attachments) && attachments.length > 0) {
    html += `<div class="bk-attachments">${attachments.map((a) => renderAttachment(a, options)).join("")}</div>`;
  }
  const files = message.files;
  if (Array.isArray(files) && files.length > 0) {
    html += `<div class="bk-files">${files.map(renderFile).join("")}</div>`;
  }
  return html;
}
