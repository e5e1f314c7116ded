import { readFileSync } from "node:fs";
import path from "node:path";
import type { ViewStateValues } from "@handoff/slack-emulator";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Directory,
  type DirectoryEntry,
  escapeHtml,
  type RenderOptions,
  renderBlocks,
  renderMessageBody,
  renderMrkdwn,
  renderTextObject,
} from "../../../src/sandbox/web/block-kit-html.ts";
import { AdminField, DealAction, DealField, InputActionId, TemplateField } from "../../../src/slack/ids.ts";
import { escapeMrkdwn } from "../../../src/slack/mrkdwn.ts";
import { settingsModal } from "../../../src/slack/views/admin.ts";
import {
  dealActionsBlockId,
  dealCardMessage,
  dealThreadReply,
  movedText,
  noteAddedText,
} from "../../../src/slack/views/deal-card.ts";
import { newDealModal } from "../../../src/slack/views/deal-modals.ts";
import { taskMessage } from "../../../src/slack/views/delivery/task-message.ts";
import { winAnnouncement } from "../../../src/slack/views/delivery/win-announcement.ts";
import { dailyDigestMessage, digestHelpMessage } from "../../../src/slack/views/digest.ts";
import { dealHelpView, handoffHelpView } from "../../../src/slack/views/help.ts";
import { homeView } from "../../../src/slack/views/home.ts";
import { templateModal } from "../../../src/slack/views/templates.ts";
import { ANA_DAILY_DIGEST } from "../../support/digest-fixtures.ts";
import { makeDeal, NOW, STAGES, stage, TODAY } from "../slack/views/deal-fixtures.ts";
import { makeProject, makeTask, makeTasks, makeTemplate } from "../slack/views/delivery-fixtures.ts";

// ---------------------------------------------------------------------------------------------
// Fixtures and helpers.

const USERS: DirectoryEntry[] = [
  { id: "U0ANA", name: "ana", realName: "Ana Lima" },
  { id: "U0BEN", name: "ben", realName: "Ben Okafor" },
  { id: "U0ADMIN", name: "root", realName: "Ada Admin" },
];
const CHANNELS = [
  { id: "C0SALES", name: "sales" },
  { id: "C0DELIVERY", name: "delivery" },
  { id: "C0WINS", name: "wins" },
];

const directory: Directory = {
  user: (id) => USERS.find((u) => u.id === id),
  channel: (id) => CHANNELS.find((c) => c.id === id),
  users: () => USERS,
  channels: () => CHANNELS,
};

const options: RenderOptions = { directory };

function render(blocks: unknown, extra: Partial<RenderOptions> = {}): string {
  return renderBlocks(blocks, { ...options, ...extra });
}

function md(text: string): string {
  return renderMrkdwn(text, directory);
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** What a person reads: tags dropped (a <br> is a line break), entities decoded. */
function visibleText(html: string): string {
  return decode(html.replace(/<br>/g, "\n").replace(/<[^<>]*>/g, ""));
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
}

const TAG = /<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9-]*(?:="[^"]*")?)*)\s*>/g;
const ATTR = /\s+([a-zA-Z][a-zA-Z0-9-]*)(?:="([^"]*)")?/g;

/** Every opening tag with its attributes (values decoded; a bare attribute is ""). */
function tags(html: string): Tag[] {
  return [...html.matchAll(TAG)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: Object.fromEntries([...m[2]!.matchAll(ATTR)].map((a) => [a[1]!, decode(a[2] ?? "")])),
  }));
}

function tagsNamed(html: string, name: string): Tag[] {
  return tags(html).filter((t) => t.name === name);
}

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

function classesOf(tag: Tag): string[] {
  return (tag.attrs.class ?? "").split(/\s+/).filter(Boolean);
}

const SAFE_TAGS = new Set([
  "div",
  "span",
  "b",
  "i",
  "s",
  "code",
  "pre",
  "blockquote",
  "br",
  "a",
  "img",
  "button",
  "select",
  "option",
  "optgroup",
  "input",
  "textarea",
  "label",
  "details",
  "summary",
  "hr",
  "ul",
  "ol",
  "li",
]);
const SAFE_ATTRS = new Set([
  "class",
  "href",
  "target",
  "rel",
  "src",
  "alt",
  "loading",
  "type",
  "value",
  "selected",
  "checked",
  "multiple",
  "id",
  "name",
  "for",
  "placeholder",
  "maxlength",
  "minlength",
  "step",
  "min",
  "max",
  "rows",
  "role",
  "aria-label",
  "aria-invalid",
  "start",
  "style",
  "label",
  "accept",
  "download",
]);

/**
 * Everything that would make the HTML unsafe: a `<` or `>` that isn't part of one of our tags,
 * a tag or attribute outside the allowed sets (on* handlers, <script>), an unsafe href or src,
 * a style other than the attachment colour bar.
 */
function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  let count = 0;
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>/g)) {
    count++;
    const [, closing, name, rest] = match;
    if (!SAFE_TAGS.has(name!)) problems.push(`tag <${name}>`);
    if (closing && rest!.trim() !== "") problems.push(`closing tag with attributes: ${match[0]}`);
    const leftover = rest!.replace(ATTR, (_, attrName: string, value: string | undefined) => {
      const decoded = decode(value ?? "");
      if (!SAFE_ATTRS.has(attrName) && !attrName.startsWith("data-")) problems.push(`attribute ${attrName}`);
      // Besides the web, a link may point at a shared file the sandbox page serves itself.
      if (attrName === "href" && !/^(https?:|mailto:|\/sandbox\/files\/F[A-Z0-9]+$)/i.test(decoded)) {
        problems.push(`href ${decoded}`);
      }
      if (attrName === "src" && !/^(https?:|data:image\/)/i.test(decoded)) problems.push(`src ${decoded}`);
      if (attrName === "style" && !/^border-left-color:#[0-9a-f]{3,6}$/i.test(decoded)) {
        problems.push(`style ${decoded}`);
      }
      return "";
    });
    if (leftover.replace(/\/$/, "").trim() !== "") problems.push(`unparsed in tag: ${match[0]}`);
  }
  if (html.split("<").length - 1 !== count) problems.push("a < outside a tag");
  if (html.split(">").length - 1 !== count) problems.push("a > outside a tag");
  if (/<script/i.test(html)) problems.push("<script");
  return problems;
}

function section(text: string, extra: Record<string, unknown> = {}) {
  return { type: "section", text: { type: "mrkdwn", text }, ...extra };
}

const HOSTILE = `"><img src=x onerror=alert(1)>`;

// ---------------------------------------------------------------------------------------------

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });

  it("leaves other text alone", () => {
    expect(escapeHtml("Demo → Proposal · 60% ✅")).toBe("Demo → Proposal · 60% ✅");
  });
});

describe("renderMrkdwn: formatting", () => {
  it("renders *bold*, _italic_ and ~strike~", () => {
    expect(md("*bold* _italic_ ~strike~")).toBe("<b>bold</b> <i>italic</i> <s>strike</s>");
  });

  it("bolds a phrase with spaces and symbols inside", () => {
    expect(md("moved *Demo → Proposal* by ana")).toBe("moved <b>Demo → Proposal</b> by ana");
  });

  it("formats next to punctuation: (_note_), *Won*:, ~gone~.", () => {
    expect(md("(_note_)")).toBe("(<i>note</i>)");
    expect(md("*Won*: yes")).toBe("<b>Won</b>: yes");
    expect(md("~gone~.")).toBe("<s>gone</s>.");
  });

  it("leaves markers inside words alone: 2*3*4, snake_case_name, a~b~c", () => {
    expect(md("2*3*4")).toBe("2*3*4");
    expect(md("snake_case_name")).toBe("snake_case_name");
    expect(md("a~b~c")).toBe("a~b~c");
  });

  it("does not open a marker right after a letter or digit (a*b* c, x_y_ z)", () => {
    expect(md("a*b* c")).toBe("a*b* c");
    expect(md("x_y_ z")).toBe("x_y_ z");
    expect(md("10~20~ ok")).toBe("10~20~ ok");
  });

  it("needs a non-space right after the opening marker and right before the closing one", () => {
    expect(md("a * b * c")).toBe("a * b * c");
    expect(md("_ not italic _")).toBe("_ not italic _");
  });

  it("does not close a marker in front of a letter (*bold*s stays plain)", () => {
    expect(md("*bold*s")).toBe("*bold*s");
  });

  it("leaves a lone marker as typed", () => {
    expect(md("5 * 3 and *unclosed")).toBe("5 * 3 and *unclosed");
  });

  it("does not format across lines", () => {
    expect(md("*one\ntwo*")).toBe("*one<br>two*");
  });

  it("nests different markers", () => {
    expect(md("_*both*_")).toBe("<i><b>both</b></i>");
    expect(md("*bold _and italic_ here*")).toBe("<b>bold <i>and italic</i> here</b>");
  });

  it("turns newlines into <br>", () => {
    expect(md("*Company*\nAcme\nthird")).toBe("<b>Company</b><br>Acme<br>third");
  });

  it("returns nothing for an empty or non-string text", () => {
    expect(md("")).toBe("");
    expect(renderMrkdwn(42 as unknown as string, directory)).toBe("");
  });
});

describe("renderMrkdwn: code and pre", () => {
  it("renders `code` without formatting inside", () => {
    expect(md("run `*not bold* _x_`")).toBe('run <code class="bk-code">*not bold* _x_</code>');
  });

  it("decodes entities inside code and escapes them again", () => {
    const html = md("`a &lt; b &amp;&amp; c`");
    expect(html).toBe('<code class="bk-code">a &lt; b &amp;&amp; c</code>');
    expect(visibleText(html)).toBe("a < b && c");
  });

  it("does not convert emoji inside code", () => {
    expect(md("`:wave:`")).toBe('<code class="bk-code">:wave:</code>');
  });

  it("formats around a code span", () => {
    expect(md("*bold `code` bold*")).toBe('<b>bold <code class="bk-code">code</code> bold</b>');
  });

  it("renders ```pre``` over several lines, unformatted, newlines kept", () => {
    expect(md("```line *one*\n_line_ two```")).toBe('<pre class="bk-pre">line *one*\n_line_ two</pre>');
  });

  it("drops the newlines right around a pre block instead of adding <br>", () => {
    expect(md("before\n```\ncode\n```\nafter")).toBe('before<pre class="bk-pre">code</pre>after');
  });

  it("keeps a lone backtick as text", () => {
    expect(md("it`s")).toBe("it`s");
  });
});

describe("renderMrkdwn: quotes", () => {
  it("quotes lines starting with &gt; (as Slack sends them) or >", () => {
    expect(md("&gt; escaped quote")).toBe('<blockquote class="bk-quote">escaped quote</blockquote>');
    expect(md(">raw quote")).toBe('<blockquote class="bk-quote">raw quote</blockquote>');
  });

  it("groups consecutive quoted lines into one blockquote, between plain lines", () => {
    expect(md("note from ana:\n&gt;first\n&gt;second\nafter")).toBe(
      'note from ana:<blockquote class="bk-quote">first<br>second</blockquote>after',
    );
  });

  it("formats inside a quote", () => {
    expect(md("&gt; *important*")).toBe('<blockquote class="bk-quote"><b>important</b></blockquote>');
  });

  it("quotes everything after &gt;&gt;&gt;", () => {
    expect(md("intro\n&gt;&gt;&gt;all\nof this")).toBe(
      'intro<blockquote class="bk-quote">all<br>of this</blockquote>',
    );
  });

  it("does not quote a > in the middle of a line", () => {
    expect(md("a &gt; b")).toBe("a &gt; b");
  });

  it("shows the app's own escaped user text as typed: no quote, no formatting", () => {
    const typed = "> not a quote\n*not bold* and _not italic_ & <@U0ANA>";
    const html = md(escapeMrkdwn(typed));
    expect(html).not.toContain("<blockquote");
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("<i>");
    expect(html).not.toContain("bk-mention");
    expect(visibleText(html)).toContain("&");
    expect(visibleText(html)).toContain("<@U0ANA>");
  });
});

describe("renderMrkdwn: mentions and links", () => {
  it("shows a known user by real name in a mention span", () => {
    expect(md("owner <@U0ANA>")).toBe('owner <span class="bk-mention">@Ana Lima</span>');
  });

  it("shows an unknown user by id, or by the fallback when there is one", () => {
    expect(md("<@U0NOBODY>")).toBe('<span class="bk-mention">@U0NOBODY</span>');
    expect(md("<@U0NOBODY|bob>")).toBe('<span class="bk-mention">@bob</span>');
  });

  it("prefers the directory's name over the fallback", () => {
    expect(md("<@U0BEN|old-name>")).toBe('<span class="bk-mention">@Ben Okafor</span>');
  });

  it("shows channels by name: from the directory, the label, or the id", () => {
    expect(md("<#C0SALES>")).toBe('<span class="bk-mention">#sales</span>');
    expect(md("<#C0OTHER|general>")).toBe('<span class="bk-mention">#general</span>');
    expect(md("<#C0OTHER>")).toBe('<span class="bk-mention">#C0OTHER</span>');
  });

  it("shows <!here>, <!channel> and <!everyone> as mentions", () => {
    expect(md("<!here> <!channel> <!everyone>")).toBe(
      '<span class="bk-mention">@here</span> <span class="bk-mention">@channel</span> <span class="bk-mention">@everyone</span>',
    );
  });

  it("shows a user group by its handle and a date by its fallback", () => {
    expect(md("<!subteam^S0DEV|@devs>")).toBe('<span class="bk-mention">@devs</span>');
    expect(md("due <!date^1700000000^{date_short}|Nov 14, 2023>")).toBe("due Nov 14, 2023");
  });

  it("links <url|label> with a safe anchor", () => {
    const html = md("see <https://example.com/deal|the deal>");
    expect(html).toBe(
      'see <a class="bk-link" href="https://example.com/deal" target="_blank" rel="noopener noreferrer">the deal</a>',
    );
  });

  it("formats the label of a link", () => {
    expect(md("<https://example.com|*Open* it>")).toContain("><b>Open</b> it</a>");
  });

  it("links a bare <url> with the url as its label", () => {
    const a = only(tagsNamed(md("<https://example.com/x>"), "a"));
    expect(a.attrs.href).toBe("https://example.com/x");
    expect(visibleText(md("<https://example.com/x>"))).toBe("https://example.com/x");
  });

  it("links mailto:", () => {
    const html = md("<mailto:jane@acme.example|jane@acme.example>");
    expect(only(tagsNamed(html, "a")).attrs.href).toBe("mailto:jane@acme.example");
    expect(visibleText(html)).toBe("jane@acme.example");
  });

  it("decodes &amp; in a URL once, and escapes it in the attribute", () => {
    const html = md("<https://example.com/?a=1&amp;b=2|q>");
    expect(html).toContain('href="https://example.com/?a=1&amp;b=2"');
    expect(only(tagsNamed(html, "a")).attrs.href).toBe("https://example.com/?a=1&b=2");
  });

  it("never links javascript: (or other schemes): the label or url shows as text", () => {
    const labelled = md("<javascript:alert(1)|click me>");
    expect(labelled).toBe("click me");
    const bare = md("<javascript:alert(document.cookie)>");
    expect(tagsNamed(bare, "a")).toEqual([]);
    expect(visibleText(bare)).toBe("javascript:alert(document.cookie)");
    expect(tagsNamed(md("<data:text/html,x|x>"), "a")).toEqual([]);
  });

  it("mentions inside bold stay mentions", () => {
    expect(md("*<@U0ANA>*")).toBe('<b><span class="bk-mention">@Ana Lima</span></b>');
  });

  it("does not treat underscores in a URL as formatting", () => {
    const html = md("_<https://example.com/a_b_c|link>_");
    expect(only(tagsNamed(html, "a")).attrs.href).toBe("https://example.com/a_b_c");
    expect(html.startsWith("<i>")).toBe(true);
  });
});

describe("renderMrkdwn: entities and HTML safety", () => {
  it("shows &lt;script&gt; as the text <script>, escaped", () => {
    const html = md("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(visibleText(html)).toBe("<script>alert(1)</script>");
  });

  it("never lets a raw <script> through", () => {
    const html = md("<script>alert(1)</script> and <img src=x onerror=alert(1)>");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(htmlProblems(html)).toEqual([]);
  });

  it("decodes entities exactly once (&amp;lt; shows as &lt;)", () => {
    expect(visibleText(md("&amp;lt; &amp; Co"))).toBe("&lt; & Co");
  });

  it("escapes quotes and leaves unknown entities visible", () => {
    expect(md(`say "hi" &quot;`)).toBe("say &quot;hi&quot; &amp;quot;");
  });

  it("shows an unclosed < as text", () => {
    expect(md("a <b")).toBe("a &lt;b");
  });
});

describe("renderMrkdwn: emoji", () => {
  const TABLE: Record<string, string> = {
    white_check_mark: "✅",
    warning: "⚠️",
    wave: "👋",
    star: "⭐",
    red_circle: "🔴",
    large_yellow_circle: "🟡",
    large_green_circle: "🟢",
    hourglass: "⌛",
    hourglass_flowing_sand: "⏳",
    tada: "🎉",
    rocket: "🚀",
    calendar: "📅",
    memo: "📝",
    chart_with_upwards_trend: "📈",
    moneybag: "💰",
    bust_in_silhouette: "👤",
    busts_in_silhouette: "👥",
    busy_in_silhouette: "👥",
    point_right: "👉",
    x: "❌",
    heavy_check_mark: "✔️",
    clipboard: "📋",
    bell: "🔔",
    trophy: "🏆",
    fire: "🔥",
    eyes: "👀",
    thumbsup: "👍",
    "+1": "👍",
    sparkles: "✨",
    handshake: "🤝",
    package: "📦",
    link: "🔗",
    lock: "🔒",
    zzz: "💤",
    spiral_calendar_pad: "🗓️",
    large_blue_circle: "🔵",
    white_circle: "⚪",
    black_circle: "⚫",
    arrow_right: "➡️",
    information_source: "ℹ️",
    question: "❓",
    exclamation: "❗",
    heavy_plus_sign: "➕",
    pencil2: "✏️",
    speech_balloon: "💬",
    inbox_tray: "📥",
    outbox_tray: "📤",
    date: "📅",
    construction: "🚧",
    no_entry_sign: "🚫",
    raised_hands: "🙌",
  };

  it.each(Object.entries(TABLE))(":%s: becomes %s", (name, glyph) => {
    expect(md(`:${name}: done`)).toBe(`${glyph} done`);
  });

  it("leaves unknown shortcodes and prototype names as text", () => {
    expect(md(":not_an_emoji: :constructor: :toString:")).toBe(":not_an_emoji: :constructor: :toString:");
  });

  it("leaves times like 10:30:00 alone", () => {
    expect(md("at 10:30:00")).toBe("at 10:30:00");
  });

  it("converts emoji next to formatting", () => {
    expect(md("*:tada: Won*")).toBe("<b>🎉 Won</b>");
  });
});

describe("renderTextObject", () => {
  it("escapes plain_text and does not interpret mrkdwn in it", () => {
    expect(renderTextObject({ type: "plain_text", text: "*a* <b> & <@U0ANA>" }, directory)).toBe(
      "*a* &lt;b&gt; &amp; &lt;@U0ANA&gt;",
    );
  });

  it("converts shortcodes in plain_text with emoji: true, and not with emoji: false", () => {
    expect(renderTextObject({ type: "plain_text", text: ":wave: hi", emoji: true }, directory)).toBe("👋 hi");
    expect(renderTextObject({ type: "plain_text", text: ":wave: hi", emoji: false }, directory)).toBe(
      ":wave: hi",
    );
  });

  it("keeps newlines of plain_text as <br>", () => {
    expect(renderTextObject({ type: "plain_text", text: "a\nb" }, directory)).toBe("a<br>b");
  });

  it("renders mrkdwn", () => {
    expect(renderTextObject({ type: "mrkdwn", text: "*hi* <@U0BEN>" }, directory)).toBe(
      '<b>hi</b> <span class="bk-mention">@Ben Okafor</span>',
    );
  });

  it("renders undefined as nothing and garbage as a visible placeholder", () => {
    expect(renderTextObject(undefined, directory)).toBe("");
    expect(renderTextObject({ type: "mrkdwn" }, directory)).toContain('class="bk-unknown"');
    expect(renderTextObject(42, directory)).toContain('class="bk-unknown"');
  });
});

// ---------------------------------------------------------------------------------------------

describe("renderBlocks: layout blocks", () => {
  it("wraps each block with bk-block bk-<type> and data-block-id when it has one", () => {
    const html = render([section("a", { block_id: "b1" }), { type: "divider" }]);
    const divs = tags(html).filter((t) => classesOf(t).includes("bk-block"));
    expect(divs.map((t) => t.attrs.class)).toEqual(["bk-block bk-section", "bk-block bk-divider"]);
    expect(divs[0]!.attrs["data-block-id"]).toBe("b1");
    expect(divs[1]!.attrs).not.toHaveProperty("data-block-id");
  });

  it("section: mrkdwn text or plain_text", () => {
    expect(render([section("*Hello*")])).toContain('<div class="bk-text"><b>Hello</b></div>');
    expect(render([{ type: "section", text: { type: "plain_text", text: "*Hello*" } }])).toContain(
      '<div class="bk-text">*Hello*</div>',
    );
  });

  it("section: fields in a bk-fields grid, one bk-field each", () => {
    const html = render([
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: "*Company*\nAcme" },
          { type: "mrkdwn", text: "*Amount*\n$12,000" },
          { type: "plain_text", text: "Third" },
        ],
      },
    ]);
    expect(html).toContain(
      '<div class="bk-fields"><div class="bk-field"><b>Company</b><br>Acme</div>' +
        '<div class="bk-field"><b>Amount</b><br>$12,000</div><div class="bk-field">Third</div></div>',
    );
  });

  it("header: its plain_text, escaped, in a bk-header block", () => {
    const html = render([{ type: "header", text: { type: "plain_text", text: "D-12 · <Acme> :tada:" } }]);
    expect(html).toBe('<div class="bk-block bk-header">D-12 · &lt;Acme&gt; 🎉</div>');
  });

  it("context: 16px images and text objects", () => {
    const html = render([
      {
        type: "context",
        elements: [
          { type: "image", image_url: "https://example.com/a.png", alt_text: "avatar" },
          { type: "mrkdwn", text: "by <@U0ANA>" },
          { type: "plain_text", text: "2 days ago" },
        ],
      },
    ]);
    const img = only(tagsNamed(html, "img"));
    expect(img.attrs).toMatchObject({
      class: "bk-context-image",
      src: "https://example.com/a.png",
      alt: "avatar",
    });
    expect(html).toContain(
      '<span class="bk-context-item">by <span class="bk-mention">@Ana Lima</span></span>',
    );
    expect(html).toContain('<span class="bk-context-item">2 days ago</span>');
  });

  it("divider: an <hr>", () => {
    expect(render([{ type: "divider", block_id: "d" }])).toBe(
      '<div class="bk-block bk-divider" data-block-id="d"><hr></div>',
    );
  });

  it("actions: every element in the row, in order", () => {
    const html = render([
      {
        type: "actions",
        block_id: "row",
        elements: [
          { type: "button", action_id: "one", text: { type: "plain_text", text: "One" } },
          { type: "static_select", action_id: "two", options: [] },
          { type: "button", action_id: "three", text: { type: "plain_text", text: "Three" } },
        ],
      },
    ]);
    expect(html.startsWith('<div class="bk-block bk-actions" data-block-id="row">')).toBe(true);
    const actionIds = tags(html)
      .filter((t) => t.attrs["data-action-id"] !== undefined)
      .map((t) => t.attrs["data-action-id"]);
    expect(actionIds).toEqual(["one", "two", "three"]);
  });

  it("image: src, alt and a title above", () => {
    const html = render([
      {
        type: "image",
        image_url: "https://example.com/chart.png",
        alt_text: "Pipeline chart",
        title: { type: "plain_text", text: "Pipeline" },
      },
    ]);
    expect(html).toContain('<div class="bk-image-title">Pipeline</div>');
    expect(only(tagsNamed(html, "img")).attrs).toMatchObject({
      src: "https://example.com/chart.png",
      alt: "Pipeline chart",
    });
    expect(html.indexOf("bk-image-title")).toBeLessThan(html.indexOf("<img"));
  });

  it("image: data:image is allowed, javascript: and http-less URLs are not", () => {
    expect(
      only(
        tagsNamed(render([{ type: "image", image_url: "data:image/png;base64,AAAA", alt_text: "x" }]), "img"),
      ).attrs.src,
    ).toBe("data:image/png;base64,AAAA");
    for (const url of ["javascript:alert(1)", "data:text/html,<b>", "//evil.example/x.png"]) {
      const html = render([{ type: "image", image_url: url, alt_text: "x" }]);
      expect(tagsNamed(html, "img")).toEqual([]);
      expect(html).toContain("bk-image-missing");
    }
  });

  it("rich_text: sections with styles, links, users, channels, emoji and broadcasts", () => {
    const html = render([
      {
        type: "rich_text",
        elements: [
          {
            type: "rich_text_section",
            elements: [
              { type: "text", text: "bold", style: { bold: true } },
              { type: "text", text: " it", style: { italic: true } },
              { type: "text", text: " gone", style: { strike: true } },
              { type: "text", text: " x<y", style: { code: true } },
              { type: "link", url: "https://example.com", text: "site" },
              { type: "link", url: "javascript:alert(1)", text: "bad" },
              { type: "user", user_id: "U0ANA" },
              { type: "channel", channel_id: "C0SALES" },
              { type: "emoji", name: "tada" },
              { type: "emoji", name: "thumbsup", unicode: "1f44d" },
              { type: "broadcast", range: "here" },
            ],
          },
        ],
      },
    ]);
    expect(html).toContain('<div class="bk-rt-section"><b>bold</b><i> it</i><s> gone</s>');
    expect(html).toContain('<code class="bk-code"> x&lt;y</code>');
    expect(html).toContain('href="https://example.com"');
    expect(html).not.toContain("javascript:");
    expect(visibleText(html)).toContain("bad");
    expect(html).toContain('<span class="bk-mention">@Ana Lima</span>');
    expect(html).toContain('<span class="bk-mention">#sales</span>');
    expect(html).toContain("🎉👍");
    expect(html).toContain('<span class="bk-mention">@here</span>');
  });

  it("rich_text: bullet and ordered lists with indent, quotes and preformatted text", () => {
    const item = (text: string) => ({ type: "rich_text_section", elements: [{ type: "text", text }] });
    const html = render([
      {
        type: "rich_text",
        elements: [
          { type: "rich_text_list", style: "bullet", indent: 0, elements: [item("one"), item("two")] },
          { type: "rich_text_list", style: "ordered", indent: 1, offset: 2, elements: [item("three")] },
          { type: "rich_text_quote", elements: [{ type: "text", text: "quoted" }] },
          { type: "rich_text_preformatted", elements: [{ type: "text", text: "a\n  b" }] },
        ],
      },
    ]);
    expect(html).toContain('<ul class="bk-rt-list bk-rt-indent-0"><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol class="bk-rt-list bk-rt-indent-1" start="3"><li>three</li></ol>');
    expect(html).toContain('<blockquote class="bk-quote">quoted</blockquote>');
    expect(html).toContain('<pre class="bk-pre">a\n  b</pre>');
  });

  it("rich_text: unknown parts become placeholders, the rest still renders", () => {
    const html = render([
      {
        type: "rich_text",
        elements: [
          { type: "rich_text_mystery" },
          { type: "rich_text_section", elements: [{ type: "hologram" }, { type: "text", text: "ok" }] },
        ],
      },
    ]);
    expect(html).toContain('data-unknown-type="rich_text_mystery"');
    expect(html).toContain('data-unknown-type="hologram"');
    expect(html).toContain("ok</div>");
  });
});

describe("renderBlocks: unknown and malformed input", () => {
  it.each(["video", "file", "call", "made_up"])("shows %s as an Unsupported block placeholder", (type) => {
    expect(render([{ type, block_id: "x", video_url: "https://e.x" }])).toBe(
      `<div class="bk-block bk-unknown" data-unknown-type="${type}">Unsupported block: ${type}</div>`,
    );
  });

  it("shows a non-object block or one without a type as type ?", () => {
    const placeholder = '<div class="bk-block bk-unknown" data-unknown-type="?">Unsupported block: ?</div>';
    expect(render([42])).toBe(placeholder);
    expect(render([null])).toBe(placeholder);
    expect(render([["section"]])).toBe(placeholder);
    expect(render([{ text: "no type" }])).toBe(placeholder);
    expect(render([{ type: 7 }])).toBe(placeholder);
  });

  it("never shows raw JSON for an unknown block", () => {
    const html = render([{ type: "video", title: { type: "plain_text", text: "SECRET_TITLE" } }]);
    expect(html).not.toContain("SECRET_TITLE");
    expect(html).not.toContain("{");
  });

  it("escapes a hostile unknown type", () => {
    const html = render([{ type: HOSTILE }]);
    expect(htmlProblems(html)).toEqual([]);
    expect(tagsNamed(html, "img")).toEqual([]);
    expect(visibleText(html)).toContain(HOSTILE);
  });

  it("renders nothing for undefined/null and a placeholder for a non-array", () => {
    expect(render(undefined)).toBe("");
    expect(render(null)).toBe("");
    expect(render({ type: "section" })).toContain('data-unknown-type="?"');
    expect(render("blocks")).toContain("bk-unknown");
  });

  it("shows unknown elements in actions, accessories and inputs as Unsupported element", () => {
    const html = render([
      { type: "actions", elements: [{ type: "workflow_button", action_id: "w" }, "junk"] },
      section("a", { accessory: { type: "hologram" } }),
      {
        type: "input",
        block_id: "i",
        label: { type: "plain_text", text: "L" },
        element: { type: "hologram_input" },
      },
    ]);
    expect(html).toContain(
      '<span class="bk-unknown" data-unknown-type="workflow_button">Unsupported element: workflow_button</span>',
    );
    expect(html).toContain('<span class="bk-unknown" data-unknown-type="?">Unsupported element: ?</span>');
    expect(html).toContain(
      '<span class="bk-unknown" data-unknown-type="hologram">Unsupported element: hologram</span>',
    );
    expect(html).toContain(
      '<span class="bk-unknown" data-unknown-type="hologram_input">Unsupported element: hologram_input</span>',
    );
  });

  it("keeps rendering the blocks after a malformed one", () => {
    const html = render([{ type: "section", text: 5, fields: "no" }, section("still here")]);
    expect(html).toContain("still here");
    expect(htmlProblems(html)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function button(extra: Record<string, unknown> = {}) {
  return {
    type: "button",
    action_id: "deal_won",
    value: "d-12",
    text: { type: "plain_text", text: "Won" },
    ...extra,
  };
}

function inActions(element: unknown, blockId = "blk") {
  return render([{ type: "actions", block_id: blockId, elements: [element] }]);
}

function inInput(
  element: unknown,
  extra: Record<string, unknown> = {},
  renderExtra: Partial<RenderOptions> = {},
) {
  return render(
    [{ type: "input", block_id: "f", label: { type: "plain_text", text: "Field" }, element, ...extra }],
    renderExtra,
  );
}

describe("buttons", () => {
  it("carries exactly the contract's attributes", () => {
    const html = inActions(button());
    expect(html).toContain(
      '<button type="button" class="bk-button" data-type="button" data-act data-block-id="blk" data-action-id="deal_won" data-value="d-12">Won</button>',
    );
  });

  it("is primary or danger by style", () => {
    expect(classesOf(only(tagsNamed(inActions(button({ style: "primary" })), "button")))).toEqual([
      "bk-button",
      "bk-primary",
    ]);
    expect(classesOf(only(tagsNamed(inActions(button({ style: "danger" })), "button")))).toEqual([
      "bk-button",
      "bk-danger",
    ]);
    expect(classesOf(only(tagsNamed(inActions(button({ style: "loud" })), "button")))).toEqual(["bk-button"]);
  });

  it("has an empty data-value and data-block-id when the app left them out", () => {
    const html = render([
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "X" } }] },
    ]);
    const attrs = only(tagsNamed(html, "button")).attrs;
    expect(attrs["data-value"]).toBe("");
    expect(attrs["data-block-id"]).toBe("");
    expect(attrs["data-action-id"]).toBe("");
  });

  it("carries data-url for an http(s) url, and drops a javascript: one", () => {
    expect(
      only(tagsNamed(inActions(button({ url: "https://example.com/x" })), "button")).attrs["data-url"],
    ).toBe("https://example.com/x");
    expect(
      only(tagsNamed(inActions(button({ url: "javascript:alert(1)" })), "button")).attrs,
    ).not.toHaveProperty("data-url");
  });

  it("carries the confirm dialog's texts", () => {
    const html = inActions(
      button({
        confirm: {
          title: { type: "plain_text", text: "Mark won?" },
          text: { type: "mrkdwn", text: "This hands *D-12* to delivery &amp; can't be undone." },
          confirm: { type: "plain_text", text: "Mark won" },
          deny: { type: "plain_text", text: "Not yet" },
        },
      }),
    );
    expect(only(tagsNamed(html, "button")).attrs).toMatchObject({
      "data-confirm-title": "Mark won?",
      "data-confirm-text": "This hands *D-12* to delivery & can't be undone.",
      "data-confirm-ok": "Mark won",
      "data-confirm-deny": "Not yet",
    });
  });

  it("uses the default confirm texts for an empty confirm object", () => {
    expect(only(tagsNamed(inActions(button({ confirm: {} })), "button")).attrs).toMatchObject({
      "data-confirm-title": "Are you sure?",
      "data-confirm-text": "",
      "data-confirm-ok": "Yes",
      "data-confirm-deny": "Cancel",
    });
  });

  it("has no confirm attributes without a confirm", () => {
    expect(inActions(button())).not.toContain("data-confirm");
  });

  it("converts emoji in its label", () => {
    expect(
      inActions(button({ text: { type: "plain_text", text: ":white_check_mark: Done", emoji: true } })),
    ).toContain(">✅ Done</button>");
  });
});

const OPTIONS = [
  { text: { type: "plain_text", text: "Lead" }, value: "s1" },
  { text: { type: "plain_text", text: "Demo" }, value: "s2" },
  { text: { type: "plain_text", text: "Proposal" }, value: "s3" },
];

function selectedValues(html: string): string[] {
  return tagsNamed(html, "option")
    .filter((o) => o.attrs.selected !== undefined)
    .map((o) => o.attrs.value!);
}

describe("selects", () => {
  it("static_select: placeholder first (selected when nothing is chosen), then the options by value", () => {
    const html = inActions({
      type: "static_select",
      action_id: "stage",
      placeholder: { type: "plain_text", text: "Move to stage" },
      options: OPTIONS,
    });
    const select = only(tagsNamed(html, "select"));
    expect(select.attrs).toMatchObject({
      class: "bk-select",
      "data-type": "static_select",
      "data-act": "",
      "data-block-id": "blk",
      "data-action-id": "stage",
    });
    expect(select.attrs).not.toHaveProperty("multiple");
    expect(html).toContain('<option value="" selected>Move to stage</option>');
    expect(tagsNamed(html, "option").map((o) => o.attrs.value)).toEqual(["", "s1", "s2", "s3"]);
    expect(visibleText(html)).toBe("Move to stageLeadDemoProposal");
  });

  it("static_select: initial_option is selected", () => {
    const html = inActions({
      type: "static_select",
      action_id: "a",
      options: OPTIONS,
      initial_option: OPTIONS[1],
    });
    expect(selectedValues(html)).toEqual(["s2"]);
    expect(html).toContain('<option value="">');
  });

  it("static_select: option_groups become <optgroup>s", () => {
    const html = inActions({
      type: "static_select",
      action_id: "a",
      option_groups: [
        { label: { type: "plain_text", text: "Open" }, options: OPTIONS.slice(0, 2) },
        { label: { type: "plain_text", text: "Late" }, options: OPTIONS.slice(2) },
      ],
      initial_option: OPTIONS[2],
    });
    expect(tagsNamed(html, "optgroup").map((g) => g.attrs.label)).toEqual(["Open", "Late"]);
    expect(html).toContain(
      '<optgroup label="Open"><option value="s1">Lead</option><option value="s2">Demo</option></optgroup>',
    );
    expect(selectedValues(html)).toEqual(["s3"]);
  });

  it("the view state wins over initial_option", () => {
    const state: ViewStateValues = {
      f: { pick: { type: "static_select", selected_option: { text: OPTIONS[2]!.text, value: "s3" } } },
    };
    const html = inInput(
      { type: "static_select", action_id: "pick", options: OPTIONS, initial_option: OPTIONS[0] },
      {},
      { state },
    );
    expect(selectedValues(html)).toEqual(["s3"]);
  });

  it("a cleared state (selected_option: null) wins too: nothing but the placeholder is selected", () => {
    const state: ViewStateValues = { f: { pick: { type: "static_select", selected_option: null } } };
    const html = inInput(
      { type: "static_select", action_id: "pick", options: OPTIONS, initial_option: OPTIONS[0] },
      {},
      { state },
    );
    expect(selectedValues(html)).toEqual([""]);
  });

  it("state of another block or action does not apply", () => {
    const state: ViewStateValues = {
      other: { pick: { type: "static_select", selected_option: { value: "s3" } } },
      f: { other_action: { type: "static_select", selected_option: { value: "s3" } } },
    };
    const html = inInput(
      { type: "static_select", action_id: "pick", options: OPTIONS, initial_option: OPTIONS[0] },
      {},
      { state },
    );
    expect(selectedValues(html)).toEqual(["s1"]);
  });

  it("external_select shows its initial option though it has no options list", () => {
    const html = inActions({
      type: "external_select",
      action_id: "company",
      initial_option: { text: { type: "plain_text", text: "Acme Corp" }, value: "acme" },
    });
    expect(only(tagsNamed(html, "select")).attrs["data-type"]).toBe("external_select");
    expect(html).toContain('<option value="acme" selected>Acme Corp</option>');
  });

  it("users_select lists the directory by real name, with initial_user selected", () => {
    const html = inActions({ type: "users_select", action_id: "owner", initial_user: "U0BEN" });
    expect(tagsNamed(html, "option").map((o) => o.attrs.value)).toEqual(["", "U0ANA", "U0BEN", "U0ADMIN"]);
    expect(html).toContain('<option value="U0BEN" selected>Ben Okafor</option>');
    expect(html).toContain('<option value="U0ANA">Ana Lima</option>');
  });

  it("users_select: state selected_user wins, and a user missing from the directory still shows", () => {
    const state: ViewStateValues = { f: { owner: { type: "users_select", selected_user: "U0GHOST" } } };
    const html = inInput({ type: "users_select", action_id: "owner", initial_user: "U0ANA" }, {}, { state });
    expect(selectedValues(html)).toEqual(["U0GHOST"]);
    expect(html).toContain('<option value="U0GHOST" selected>U0GHOST</option>');
  });

  it("conversations_select and channels_select list the directory's channels as #name", () => {
    const conversations = inActions({
      type: "conversations_select",
      action_id: "c",
      initial_conversation: "C0SALES",
    });
    expect(conversations).toContain('<option value="C0SALES" selected>#sales</option>');
    expect(conversations).toContain('<option value="C0DELIVERY">#delivery</option>');
    const channels = inActions({ type: "channels_select", action_id: "c", initial_channel: "C0WINS" });
    expect(channels).toContain('<option value="C0WINS" selected>#wins</option>');
    expect(only(tagsNamed(channels, "select")).attrs["data-type"]).toBe("channels_select");
  });

  it("conversations_select and channels_select take their state", () => {
    const state: ViewStateValues = {
      f: {
        c: { type: "conversations_select", selected_conversation: "C0DELIVERY" },
        h: { type: "channels_select", selected_channel: "C0SALES" },
      },
    };
    expect(
      selectedValues(
        inInput(
          { type: "conversations_select", action_id: "c", initial_conversation: "C0SALES" },
          {},
          { state },
        ),
      ),
    ).toEqual(["C0DELIVERY"]);
    expect(
      selectedValues(
        inInput({ type: "channels_select", action_id: "h", initial_channel: "C0WINS" }, {}, { state }),
      ),
    ).toEqual(["C0SALES"]);
  });

  it("multi_static_select: <select multiple>, no placeholder option, initial_options selected", () => {
    const html = inActions({
      type: "multi_static_select",
      action_id: "m",
      options: OPTIONS,
      initial_options: [OPTIONS[0], OPTIONS[2]],
    });
    const select = only(tagsNamed(html, "select"));
    expect(select.attrs.multiple).toBe("");
    expect(select.attrs["data-type"]).toBe("multi_static_select");
    expect(tagsNamed(html, "option").map((o) => o.attrs.value)).toEqual(["s1", "s2", "s3"]);
    expect(selectedValues(html)).toEqual(["s1", "s3"]);
  });

  it("multi_static_select: state selected_options wins", () => {
    const state: ViewStateValues = {
      f: { m: { type: "multi_static_select", selected_options: [{ value: "s2" }] } },
    };
    const html = inInput(
      { type: "multi_static_select", action_id: "m", options: OPTIONS, initial_options: [OPTIONS[0]] },
      {},
      { state },
    );
    expect(selectedValues(html)).toEqual(["s2"]);
  });

  it("multi_users_select, multi_conversations_select and multi_channels_select", () => {
    const users = inActions({
      type: "multi_users_select",
      action_id: "u",
      initial_users: ["U0ANA", "U0ADMIN"],
    });
    expect(only(tagsNamed(users, "select")).attrs.multiple).toBe("");
    expect(selectedValues(users)).toEqual(["U0ANA", "U0ADMIN"]);

    const conversations = inActions({
      type: "multi_conversations_select",
      action_id: "c",
      initial_conversations: ["C0WINS"],
    });
    expect(selectedValues(conversations)).toEqual(["C0WINS"]);

    const state: ViewStateValues = {
      f: { ch: { type: "multi_channels_select", selected_channels: ["C0SALES", "C0DELIVERY"] } },
    };
    const channels = inInput(
      { type: "multi_channels_select", action_id: "ch", initial_channels: ["C0WINS"] },
      {},
      { state },
    );
    expect(selectedValues(channels)).toEqual(["C0SALES", "C0DELIVERY"]);
    expect(tagsNamed(channels, "option").map((o) => o.attrs.value)).toEqual([
      "C0SALES",
      "C0DELIVERY",
      "C0WINS",
    ]);
  });

  it("multi_users_select: state selected_users wins", () => {
    const state: ViewStateValues = { f: { u: { type: "multi_users_select", selected_users: ["U0BEN"] } } };
    const html = inInput(
      { type: "multi_users_select", action_id: "u", initial_users: ["U0ANA"] },
      {},
      { state },
    );
    expect(selectedValues(html)).toEqual(["U0BEN"]);
  });
});

describe("overflow", () => {
  it("is a <details> menu with one data-act button per option", () => {
    const html = inActions({
      type: "overflow",
      action_id: "more",
      options: [
        { text: { type: "plain_text", text: "Edit" }, value: "edit" },
        { text: { type: "plain_text", text: "Delete" }, value: "delete" },
      ],
    });
    expect(html).toContain(
      '<details class="bk-overflow"><summary aria-label="More actions">⋯</summary><div class="bk-menu">' +
        '<button type="button" class="bk-menu-item" data-type="overflow" data-act data-block-id="blk" data-action-id="more" data-value="edit">Edit</button>' +
        '<button type="button" class="bk-menu-item" data-type="overflow" data-act data-block-id="blk" data-action-id="more" data-value="delete">Delete</button>' +
        "</div></details>",
    );
  });

  it("skips options without a value", () => {
    const html = inActions({
      type: "overflow",
      action_id: "more",
      options: [{ text: { type: "plain_text", text: "No value" } }, "junk"],
    });
    expect(tagsNamed(html, "button")).toEqual([]);
  });
});

describe("date and time pickers", () => {
  it("datepicker: <input type=date> with initial_date", () => {
    const html = inActions({ type: "datepicker", action_id: "d", initial_date: "2026-12-05" });
    expect(only(tagsNamed(html, "input")).attrs).toMatchObject({
      type: "date",
      class: "bk-date",
      value: "2026-12-05",
      "data-type": "datepicker",
      "data-act": "",
      "data-block-id": "blk",
      "data-action-id": "d",
    });
  });

  it("datepicker: state selected_date wins", () => {
    const state: ViewStateValues = { f: { d: { type: "datepicker", selected_date: "2027-01-02" } } };
    const html = inInput({ type: "datepicker", action_id: "d", initial_date: "2026-12-05" }, {}, { state });
    expect(only(tagsNamed(html, "input")).attrs.value).toBe("2027-01-02");
  });

  it("timepicker: <input type=time> with initial_time, or the state's selected_time", () => {
    expect(
      only(tagsNamed(inActions({ type: "timepicker", action_id: "t", initial_time: "09:30" }), "input"))
        .attrs,
    ).toMatchObject({ type: "time", value: "09:30", "data-type": "timepicker" });
    const state: ViewStateValues = { f: { t: { type: "timepicker", selected_time: "17:45" } } };
    expect(
      only(
        tagsNamed(
          inInput({ type: "timepicker", action_id: "t", initial_time: "09:30" }, {}, { state }),
          "input",
        ),
      ).attrs.value,
    ).toBe("17:45");
  });

  it("has no value when nothing was picked", () => {
    expect(
      only(tagsNamed(inActions({ type: "datepicker", action_id: "d" }), "input")).attrs,
    ).not.toHaveProperty("value");
  });
});

describe("text inputs", () => {
  it("plain_text_input: <input type=text> with placeholder, initial_value and maxlength", () => {
    const html = inInput({
      type: "plain_text_input",
      action_id: "name",
      placeholder: { type: "plain_text", text: "Acme renewal" },
      initial_value: "Umbrella",
      max_length: 150,
    });
    expect(only(tagsNamed(html, "input")).attrs).toMatchObject({
      type: "text",
      placeholder: "Acme renewal",
      value: "Umbrella",
      maxlength: "150",
      "data-type": "plain_text_input",
      "data-input": "",
      id: "f::name",
      name: "f::name",
    });
  });

  it("plain_text_input multiline: <textarea rows=4> holding the value, escaped", () => {
    const html = inInput({
      type: "plain_text_input",
      action_id: "notes",
      multiline: true,
      initial_value: "line 1\n</textarea><script>alert(1)</script>",
    });
    const textarea = only(tagsNamed(html, "textarea"));
    expect(textarea.attrs.rows).toBe("4");
    expect(html).toContain(">line 1\n&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>");
    expect(htmlProblems(html)).toEqual([]);
  });

  it("the state's value wins over initial_value (an emptied field stays empty)", () => {
    const state: ViewStateValues = { f: { name: { type: "plain_text_input", value: "typed" } } };
    const input = { type: "plain_text_input", action_id: "name", initial_value: "initial" };
    expect(only(tagsNamed(inInput(input, {}, { state }), "input")).attrs.value).toBe("typed");
    const cleared: ViewStateValues = { f: { name: { type: "plain_text_input", value: null } } };
    expect(only(tagsNamed(inInput(input, {}, { state: cleared }), "input")).attrs).not.toHaveProperty(
      "value",
    );
  });

  it("number_input: type=number, step any or 1, min and max", () => {
    const decimal = only(
      tagsNamed(
        inInput({
          type: "number_input",
          action_id: "n",
          is_decimal_allowed: true,
          min_value: "0",
          max_value: "100",
          initial_value: "12.5",
        }),
        "input",
      ),
    );
    expect(decimal.attrs).toMatchObject({ type: "number", step: "any", min: "0", max: "100", value: "12.5" });
    const whole = only(
      tagsNamed(inInput({ type: "number_input", action_id: "n", is_decimal_allowed: false }), "input"),
    );
    expect(whole.attrs.step).toBe("1");
  });

  it("email_text_input and url_text_input", () => {
    expect(only(tagsNamed(inInput({ type: "email_text_input", action_id: "e" }), "input")).attrs.type).toBe(
      "email",
    );
    expect(only(tagsNamed(inInput({ type: "url_text_input", action_id: "u" }), "input")).attrs.type).toBe(
      "url",
    );
  });
});

describe("checkboxes and radio buttons", () => {
  const choices = [
    {
      text: { type: "plain_text", text: "Use as default" },
      value: "default",
      description: { type: "plain_text", text: "New projects start with it" },
    },
    { text: { type: "mrkdwn", text: "*Notify* the channel" }, value: "notify" },
  ];

  it("checkboxes in an input block: data-input, one labelled checkbox per option, initial ones checked", () => {
    const html = inInput({
      type: "checkboxes",
      action_id: "c",
      options: choices,
      initial_options: [choices[1]],
    });
    const group = only(tags(html).filter((t) => t.attrs["data-type"] === "checkboxes"));
    expect(group.attrs).toMatchObject({
      class: "bk-checkboxes",
      "data-input": "",
      "data-block-id": "f",
      "data-action-id": "c",
    });
    expect(group.attrs).not.toHaveProperty("data-act");
    expect(html).toContain(
      '<label class="bk-choice"><input type="checkbox" value="default" name="f::c"> Use as default <span class="bk-desc">New projects start with it</span></label>',
    );
    expect(html).toContain(
      '<label class="bk-choice"><input type="checkbox" value="notify" name="f::c" checked> <b>Notify</b> the channel</label>',
    );
  });

  it("checkboxes in actions send an action: data-act", () => {
    const group = only(
      tags(inActions({ type: "checkboxes", action_id: "c", options: choices })).filter(
        (t) => t.attrs["data-type"] === "checkboxes",
      ),
    );
    expect(group.attrs["data-act"]).toBe("");
    expect(group.attrs).not.toHaveProperty("data-input");
  });

  it("checkboxes: state selected_options wins", () => {
    const state: ViewStateValues = { f: { c: { type: "checkboxes", selected_options: [] } } };
    const html = inInput(
      { type: "checkboxes", action_id: "c", options: choices, initial_options: choices },
      {},
      { state },
    );
    expect(tagsNamed(html, "input").filter((i) => i.attrs.checked !== undefined)).toEqual([]);
  });

  it("radio_buttons share the name <block_id>::<action_id>; initial and state selection", () => {
    const radio = { type: "radio_buttons", action_id: "r", options: choices, initial_option: choices[0] };
    const html = inInput(radio);
    const inputs = tagsNamed(html, "input");
    expect(inputs.map((i) => [i.attrs.type, i.attrs.name, i.attrs.value])).toEqual([
      ["radio", "f::r", "default"],
      ["radio", "f::r", "notify"],
    ]);
    expect(inputs.filter((i) => i.attrs.checked !== undefined).map((i) => i.attrs.value)).toEqual([
      "default",
    ]);
    expect(only(tags(html).filter((t) => t.attrs["data-type"] === "radio_buttons")).attrs["data-input"]).toBe(
      "",
    );

    const state: ViewStateValues = {
      f: { r: { type: "radio_buttons", selected_option: { value: "notify" } } },
    };
    const changed = tagsNamed(inInput(radio, {}, { state }), "input");
    expect(changed.filter((i) => i.attrs.checked !== undefined).map((i) => i.attrs.value)).toEqual([
      "notify",
    ]);
  });
});

describe("section accessories", () => {
  function accessory(element: unknown): string {
    const html = render([section("text", { block_id: "s", accessory: element })]);
    const start = html.indexOf('<div class="bk-accessory">');
    expect(start).toBeGreaterThan(html.indexOf('<div class="bk-text">'));
    return html.slice(start);
  }

  it("button", () => {
    const html = accessory(button({ action_id: "open" }));
    expect(only(tagsNamed(html, "button")).attrs).toMatchObject({
      "data-block-id": "s",
      "data-action-id": "open",
    });
  });

  it("selects of every kind, sending an action", () => {
    for (const type of ["static_select", "users_select", "conversations_select", "multi_static_select"]) {
      const select = only(tagsNamed(accessory({ type, action_id: "a", options: OPTIONS }), "select"));
      expect(select.attrs["data-type"]).toBe(type);
      expect(select.attrs["data-act"]).toBe("");
      expect(select.attrs).not.toHaveProperty("data-input");
    }
  });

  it("overflow", () => {
    expect(accessory({ type: "overflow", action_id: "o", options: OPTIONS })).toContain(
      'class="bk-overflow"',
    );
  });

  it("datepicker and timepicker", () => {
    expect(only(tagsNamed(accessory({ type: "datepicker", action_id: "d" }), "input")).attrs.type).toBe(
      "date",
    );
    expect(only(tagsNamed(accessory({ type: "timepicker", action_id: "t" }), "input")).attrs.type).toBe(
      "time",
    );
  });

  it("image as an 88px thumbnail", () => {
    const img = only(
      tagsNamed(
        accessory({ type: "image", image_url: "https://example.com/logo.png", alt_text: "Acme logo" }),
        "img",
      ),
    );
    expect(img.attrs).toMatchObject({
      class: "bk-accessory-image",
      src: "https://example.com/logo.png",
      alt: "Acme logo",
    });
    const css = readFileSync(
      path.resolve(import.meta.dirname, "../../../src/sandbox/web/static/blocks.css"),
      "utf8",
    );
    expect(css).toMatch(/\.bk-accessory-image\s*\{[^}]*width:\s*88px/);
  });

  it("checkboxes and radio buttons", () => {
    expect(accessory({ type: "checkboxes", action_id: "c", options: OPTIONS })).toContain(
      'data-type="checkboxes"',
    );
    expect(accessory({ type: "radio_buttons", action_id: "r", options: OPTIONS })).toContain(
      'data-type="radio_buttons"',
    );
  });
});

describe("input blocks", () => {
  const nameInput = {
    type: "input",
    block_id: "deal_name",
    label: { type: "plain_text", text: "Deal name" },
    element: { type: "plain_text_input", action_id: "value" },
  };

  it("has a bold label pointing at the control, whose id and name are <block_id>::<action_id>", () => {
    const html = render([nameInput]);
    expect(html).toContain('<label class="bk-label" for="deal_name::value">Deal name</label>');
    expect(only(tagsNamed(html, "input")).attrs).toMatchObject({
      id: "deal_name::value",
      name: "deal_name::value",
    });
  });

  it("says (optional) for an optional input only", () => {
    expect(render([{ ...nameInput, optional: true }])).toContain(
      'Deal name<span class="bk-optional"> (optional)</span></label>',
    );
    expect(render([nameInput])).not.toContain("(optional)");
  });

  it("shows the hint under the control", () => {
    const html = render([{ ...nameInput, hint: { type: "plain_text", text: "e.g. 12k" } }]);
    expect(html).toContain('<div class="bk-hint">e.g. 12k</div>');
    expect(html.indexOf("bk-hint")).toBeGreaterThan(html.indexOf("<input"));
  });

  it("shows the error for its block_id under the field, escaped, and marks the control invalid", () => {
    const html = render([nameInput], { errors: { deal_name: "Give the deal a <name>" } });
    expect(html).toContain('<div class="bk-error" role="alert">Give the deal a &lt;name&gt;</div>');
    expect(html.indexOf("bk-error")).toBeGreaterThan(html.indexOf("<input"));
    expect(only(tagsNamed(html, "input")).attrs["aria-invalid"]).toBe("true");
  });

  it("shows an error of several lines one per line, as Slack's client does", () => {
    const errors = { deal_name: 'phases: is missing\nThe template has unknown field "phasez"' };
    expect(render([nameInput], { errors })).toContain(
      '<div class="bk-error" role="alert">phases: is missing<br>The template has unknown field &quot;phasez&quot;</div>',
    );
  });

  it("shows no error for other blocks' errors, nor for a non-string or prototype entry", () => {
    expect(render([nameInput], { errors: { other: "x" } })).not.toContain("bk-error");
    expect(render([{ ...nameInput, block_id: "constructor" }], { errors: {} })).not.toContain("bk-error");
    expect(
      render([nameInput], { errors: { deal_name: 5 } as unknown as Record<string, string> }),
    ).not.toContain("bk-error");
  });

  it("controls carry data-input and no data-act, unless the block has dispatch_action", () => {
    const plain = only(tagsNamed(render([nameInput]), "input")).attrs;
    expect(plain["data-input"]).toBe("");
    expect(plain).not.toHaveProperty("data-act");
    const dispatching = only(tagsNamed(render([{ ...nameInput, dispatch_action: true }]), "input")).attrs;
    expect(dispatching["data-input"]).toBe("");
    expect(dispatching["data-act"]).toBe("");
  });

  it("has no label `for` on checkbox and radio groups (no single control to point at)", () => {
    const html = inInput({ type: "checkboxes", action_id: "c", options: OPTIONS });
    expect(
      only(tagsNamed(html, "label").filter((l) => l.attrs.class === "bk-label")).attrs,
    ).not.toHaveProperty("for");
  });
});

describe("files", () => {
  const fileInput = (element: Record<string, unknown>) => ({
    type: "input",
    block_id: "import_file",
    label: { type: "plain_text", text: "Deals file" },
    element: { type: "file_input", action_id: "value", ...element },
  });

  it("draws a file_input as a file picker for its filetypes, one file when max_files is 1", () => {
    const html = render([fileInput({ filetypes: ["csv", "TXT"], max_files: 1 })]);
    expect(htmlProblems(html)).toEqual([]);
    const input = only(tagsNamed(html, "input"));
    expect(input.attrs).toMatchObject({
      type: "file",
      accept: ".csv,.txt",
      id: "import_file::value",
      "data-type": "file_input",
      "data-input": "",
      "data-block-id": "import_file",
      "data-action-id": "value",
    });
    expect(input.attrs).not.toHaveProperty("multiple");
  });

  it("lets a file_input take any type and several files unless it says otherwise", () => {
    const input = only(tagsNamed(render([fileInput({})]), "input"));
    expect(input.attrs).not.toHaveProperty("accept");
    expect(input.attrs).toHaveProperty("multiple");
  });

  it("keeps a hostile filetype out of accept", () => {
    const html = render([fileInput({ filetypes: [HOSTILE, "csv"] })]);
    expect(htmlProblems(html)).toEqual([]);
    expect(only(tagsNamed(html, "input")).attrs.accept).toBe(".csv");
  });

  it("shows a message's shared files by name and type, linked to the page's own download", () => {
    const html = renderMessageBody(
      {
        text: "Your export",
        files: [{ id: "F0EXPORT1", name: "deals-2026-12-04.csv", pretty_type: "CSV" }],
      },
      options,
    );
    expect(htmlProblems(html)).toEqual([]);
    expect(visibleText(html)).toContain("deals-2026-12-04.csv CSV");
    expect(only(tagsNamed(html, "a")).attrs).toMatchObject({
      href: "/sandbox/files/F0EXPORT1",
      download: "deals-2026-12-04.csv",
    });
  });

  it("escapes a hostile file name and links nothing for a file without an id", () => {
    const html = renderMessageBody({ text: "", files: [{ name: HOSTILE }, "junk"] }, options);
    expect(htmlProblems(html)).toEqual([]);
    expect(visibleText(html)).toContain(HOSTILE);
    expect(tagsNamed(html, "a")).toEqual([]);
  });
});

describe("attribute escaping", () => {
  it("a hostile value in any attribute never becomes a live tag", () => {
    const html = render(
      [
        {
          type: "actions",
          block_id: HOSTILE,
          elements: [
            {
              type: "button",
              action_id: HOSTILE,
              value: HOSTILE,
              url: `https://x/${HOSTILE}`,
              text: { type: "plain_text", text: HOSTILE },
            },
            {
              type: "static_select",
              action_id: "s",
              placeholder: { type: "plain_text", text: HOSTILE },
              options: [{ text: { type: "plain_text", text: HOSTILE }, value: HOSTILE }],
              option_groups: undefined,
            },
            {
              type: "overflow",
              action_id: "o",
              options: [{ text: { type: "plain_text", text: "x" }, value: HOSTILE }],
            },
            { type: "datepicker", action_id: "d", initial_date: HOSTILE },
            {
              type: "checkboxes",
              action_id: "c",
              options: [{ text: { type: "plain_text", text: "x" }, value: HOSTILE }],
            },
            { type: "button", action_id: "b", confirm: { title: { type: "plain_text", text: HOSTILE } } },
          ],
        },
        {
          type: "input",
          block_id: HOSTILE,
          label: { type: "plain_text", text: HOSTILE },
          element: {
            type: "plain_text_input",
            action_id: HOSTILE,
            initial_value: HOSTILE,
            placeholder: { type: "plain_text", text: HOSTILE },
          },
        },
        { type: "image", image_url: `https://x/${HOSTILE}`, alt_text: HOSTILE },
        {
          type: "section",
          block_id: HOSTILE,
          text: { type: "mrkdwn", text: `<https://x/${HOSTILE}|${HOSTILE}>` },
        },
      ],
      { errors: { [HOSTILE]: HOSTILE } },
    );
    expect(htmlProblems(html)).toEqual([]);
    expect(tagsNamed(html, "img").every((img) => img.attrs.src === `https://x/${HOSTILE}`)).toBe(true);
    expect(html).not.toMatch(/<img src=x/);
    // The values survive intact for the client script.
    const first = tags(html).find((t) => t.name === "button")!;
    expect(first.attrs).toMatchObject({
      "data-block-id": HOSTILE,
      "data-action-id": HOSTILE,
      "data-value": HOSTILE,
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe("renderMessageBody", () => {
  it("renders the blocks when there are some, not the fallback text", () => {
    const html = renderMessageBody({ text: "FALLBACK", blocks: [section("*From blocks*")] }, options);
    expect(html).toContain("<b>From blocks</b>");
    expect(html).not.toContain("FALLBACK");
  });

  it("renders the text as mrkdwn without blocks (or with an empty list)", () => {
    for (const blocks of [undefined, []]) {
      const html = renderMessageBody({ text: "hi <@U0ANA> *there*", blocks }, options);
      expect(html).toBe(
        '<div class="bk-text bk-message-text">hi <span class="bk-mention">@Ana Lima</span> <b>there</b></div>',
      );
    }
  });

  it("renders nothing for an empty message", () => {
    expect(renderMessageBody({}, options)).toBe("");
  });

  it("renders legacy attachments after the body: colour bar, title, text, fields, footer", () => {
    const html = renderMessageBody(
      {
        text: "Deal update",
        attachments: [
          {
            color: "good",
            pretext: "Before",
            title: "D-12",
            title_link: "https://example.com/d/12",
            text: "*Won* by <@U0ANA>",
            fields: [
              { title: "Amount", value: "$12,000", short: true },
              { title: "Notes", value: "long" },
            ],
            footer: "Handoff",
          },
          { color: "#abc", text: "hex" },
          { color: "red;background:url(x)", text: "bad colour" },
        ],
      },
      options,
    );
    expect(html.indexOf("Deal update")).toBeLessThan(html.indexOf("bk-attachments"));
    const bars = tags(html).filter((t) => t.attrs.class === "bk-attachment");
    expect(bars.map((b) => b.attrs.style)).toEqual([
      "border-left-color:#2eb67d",
      "border-left-color:#abc",
      "border-left-color:#dddddd",
    ]);
    expect(html).toContain('<div class="bk-att-pretext bk-text">Before</div>');
    expect(only(tagsNamed(html, "a")).attrs.href).toBe("https://example.com/d/12");
    expect(html).toContain('<b>Won</b> by <span class="bk-mention">@Ana Lima</span>');
    expect(html).toContain(
      '<div class="bk-att-field bk-att-short"><div class="bk-att-field-title">Amount</div>',
    );
    expect(html).toContain('<div class="bk-att-field"><div class="bk-att-field-title">Notes</div>');
    expect(html).toContain('<div class="bk-att-footer">Handoff</div>');
    expect(htmlProblems(html)).toEqual([]);
  });

  it("renders an attachment's blocks, and a placeholder for a non-object attachment", () => {
    const html = renderMessageBody(
      { attachments: [{ color: "warning", blocks: [section("inside")] }, "junk"] },
      options,
    );
    expect(html).toContain('style="border-left-color:#ecb22e"><div class="bk-block bk-section">');
    expect(html).toContain("inside");
    expect(html).toContain('data-unknown-type="attachment"');
  });
});

// ---------------------------------------------------------------------------------------------

describe("robustness (property-based)", () => {
  const blockTypes = fc.constantFrom(
    "section",
    "header",
    "context",
    "divider",
    "actions",
    "image",
    "input",
    "rich_text",
    "video",
    "rich_text_section",
  );
  const elementTypes = fc.constantFrom(
    "button",
    "static_select",
    "external_select",
    "users_select",
    "conversations_select",
    "channels_select",
    "multi_static_select",
    "multi_users_select",
    "overflow",
    "datepicker",
    "timepicker",
    "datetimepicker",
    "plain_text_input",
    "number_input",
    "checkboxes",
    "radio_buttons",
    "image",
    "mrkdwn",
    "plain_text",
    "text",
    "link",
    "user",
    "emoji",
    "rich_text_section",
    "rich_text_list",
  );
  const nasty = fc.oneof(
    fc.string(),
    fc.constantFrom(HOSTILE, "<script>alert(1)</script>", "javascript:alert(1)", "__proto__", "constructor"),
    fc.string({
      unit: fc.constantFrom("<", ">", "&", "*", "_", "~", "`", "|", "@", "#", "!", ":", "\n", "a", " "),
    }),
  );
  const loose = fc.oneof(nasty, fc.jsonValue({ maxDepth: 2 }));
  const element = fc.record(
    {
      type: elementTypes,
      action_id: loose,
      text: fc.oneof(loose, fc.record({ type: fc.constantFrom("plain_text", "mrkdwn"), text: nasty })),
      value: loose,
      url: loose,
      options: fc.array(fc.record({ text: loose, value: loose }, { requiredKeys: [] }), { maxLength: 3 }),
      initial_option: loose,
      initial_user: loose,
      initial_value: loose,
      elements: fc.array(loose, { maxLength: 3 }),
      style: loose,
      confirm: loose,
      image_url: loose,
    },
    { requiredKeys: ["type"] },
  );
  const block = fc.record(
    {
      type: blockTypes,
      block_id: loose,
      text: fc.oneof(loose, fc.record({ type: fc.constantFrom("plain_text", "mrkdwn"), text: nasty })),
      fields: fc.array(loose, { maxLength: 3 }),
      accessory: fc.oneof(element, loose),
      elements: fc.array(fc.oneof(element, loose), { maxLength: 4 }),
      element: fc.oneof(element, loose),
      label: loose,
      hint: loose,
      optional: loose,
      image_url: loose,
    },
    { requiredKeys: ["type"] },
  );
  const state = fc.dictionary(
    fc.string(),
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
    { maxKeys: 2 },
  );

  it("renderBlocks never throws and always emits safe HTML for random JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const html = renderBlocks(value, options);
        expect(htmlProblems(html)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("renderBlocks never throws and always emits safe HTML for block-shaped garbage", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(block, loose), { maxLength: 5 }), state, (blocks, values) => {
        const html = renderBlocks(blocks, {
          directory,
          state: values as ViewStateValues,
          errors: { a: HOSTILE },
        });
        expect(htmlProblems(html)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("renderMrkdwn never throws and always emits safe HTML", () => {
    fc.assert(
      fc.property(nasty, (text) => {
        expect(htmlProblems(renderMrkdwn(text, directory))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it("renderMessageBody and renderTextObject never throw on anything", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        const message = { text: a, blocks: b, attachments: [a, b] } as unknown as Parameters<
          typeof renderMessageBody
        >[0];
        expect(htmlProblems(renderMessageBody(message, options))).toEqual([]);
        expect(htmlProblems(renderTextObject(a, directory))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("a throwing directory does not take the render down", () => {
    const broken: Directory = {
      user: () => {
        throw new Error("boom");
      },
      channel: () => {
        throw new Error("boom");
      },
      users: () => {
        throw new Error("boom");
      },
      channels: () => {
        throw new Error("boom");
      },
    };
    const html = renderBlocks(
      [section("<@U0ANA> <#C0SALES>", { accessory: { type: "users_select", action_id: "u" } })],
      { directory: broken },
    );
    expect(html).toContain("@U0ANA");
    expect(html).toContain("#C0SALES");
    expect(html).toContain('data-type="users_select"');
  });

  it("renders a long line of unmatched markers quickly", () => {
    const text = "*a _b ~c ".repeat(5000);
    const started = Date.now();
    const html = md(text);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(html).not.toContain("<b>");
  });
});

// ---------------------------------------------------------------------------------------------

/** Renders a view's blocks and checks what every view must satisfy. */
function renderView(blocks: unknown): string {
  const html = renderBlocks(blocks, options);
  expect(html).not.toContain("bk-unknown");
  expect(htmlProblems(html)).toEqual([]);
  return html;
}

describe("the app's own views", () => {
  const cardCtx = { stages: STAGES, now: NOW, today: TODAY, canChange: true };

  it("the deal card: header, fields grid, status, stage select and Won/Lost/Add note/Edit", () => {
    const view = dealCardMessage(makeDeal(), cardCtx);
    const html = renderView(view.blocks);
    const text = visibleText(html);
    expect(text).toContain("D-12 · Acme renewal");
    expect(text).toContain("Company\nAcme");
    expect(text).toContain("Amount\n$12,000");
    expect(text).toContain("Owner\n@Ana Lima");
    expect(text).toContain("Last activity 3 days ago");
    expect(html.match(/class="bk-field"/g)).toHaveLength(7);
    const select = only(tagsNamed(html, "select"));
    expect(select.attrs["data-act"]).toBe("");
    expect(selectedValues(html)).toEqual([stage("proposal").id]);
    expect(
      tagsNamed(html, "button").map((b) => [b.attrs["data-action-id"], b.attrs.class, b.attrs["data-value"]]),
    ).toEqual([
      [DealAction.Won, "bk-button bk-primary", makeDeal().id],
      [DealAction.Lost, "bk-button bk-danger", makeDeal().id],
      [DealAction.AddNote, "bk-button", makeDeal().id],
      [DealAction.Edit, "bk-button", makeDeal().id],
    ]);
    expect(
      only(
        tagsNamed(html, "button")
          .map((b) => b.attrs["data-block-id"])
          .filter((v, i, all) => all.indexOf(v) === i),
      ),
    ).toBe(dealActionsBlockId(makeDeal()));
    expect(html).toContain(">Won</button>");
    expect(html).toContain(">Lost</button>");
    expect(html).toContain(">Add note</button>");
    expect(html).toContain(">Edit</button>");
  });

  it("the deal card of someone who can't change it: the owner as a mention, no controls", () => {
    const html = renderView(dealCardMessage(makeDeal(), { ...cardCtx, canChange: false }).blocks);
    expect(html).toContain('Only <span class="bk-mention">@Ana Lima</span>, managers and admins');
    expect(html).not.toContain("<button");
  });

  it("thread replies: moved (bold with an arrow) and a quoted note", () => {
    const moved = renderView(dealThreadReply(movedText(stage("demo"), stage("proposal"), "U0BEN")).blocks);
    expect(moved).toContain('moved <b>Demo → Proposal</b> by <span class="bk-mention">@Ben Okafor</span>');
    const note = renderView(
      dealThreadReply(noteAddedText("Call went *well*\n<b>yes</b> & more", "U0ANA")).blocks,
    );
    expect(note).toContain('<blockquote class="bk-quote">');
    expect(visibleText(note)).toContain("<b>yes</b> & more");
    expect(note).not.toContain("<b>yes</b>");
  });

  it("the New deal modal: labels, optional fields, hint, prefilled controls", () => {
    const view = newDealModal(
      {
        name: "Acme renewal",
        company: "Acme",
        amount: "12000",
        currency: "EUR",
        closeDate: "2026-12-05",
        ownerId: "U0ANA",
        stageId: stage("demo").id,
      },
      { stages: STAGES, channelId: "C0SALES" },
    );
    const html = renderView(view.blocks);
    const labels = tagsNamed(html, "label").filter((l) => l.attrs.class === "bk-label");
    expect(labels.map((l) => l.attrs.for)).toContain(`${DealField.Name}::${InputActionId}`);
    const labelTexts = [...html.matchAll(/<label class="bk-label"[^>]*>(.*?)<\/label>/g)].map((m) =>
      visibleText(m[1]!),
    );
    expect(labelTexts).toEqual([
      "Deal name",
      "Company",
      "Amount (optional)",
      "Currency",
      "Expected close date (optional)",
      "Owner",
      "Stage",
      "Next step (optional)",
      "Next step date (optional)",
      "Source (optional)",
      "Contacts (optional)",
    ]);
    expect(html).toContain('<div class="bk-hint">e.g. 12000, 12k, $12,000</div>');
    const byId = (id: string) => tags(html).find((t) => t.attrs.id === `${id}::${InputActionId}`)!;
    expect(byId(DealField.Name).attrs.value).toBe("Acme renewal");
    expect(byId(DealField.CloseDate).attrs).toMatchObject({ type: "date", value: "2026-12-05" });
    expect(byId(DealField.Owner).attrs["data-type"]).toBe("users_select");
    expect(html).toContain('<option value="U0ANA" selected>Ana Lima</option>');
    expect(html).toContain(`<option value="${stage("demo").id}" selected>Demo</option>`);
    expect(byId(DealField.Contacts).name).toBe("textarea");
  });

  it("the New deal modal with the state and errors of a failed submission", () => {
    const view = newDealModal({ currency: "USD", ownerId: "U0ANA" }, { stages: STAGES });
    const html = renderBlocks(view.blocks, {
      directory,
      state: { [DealField.Name]: { [InputActionId]: { type: "plain_text_input", value: "Typed name" } } },
      errors: { [DealField.Amount]: "That isn't an amount." },
    });
    expect(tags(html).find((t) => t.attrs.id === `${DealField.Name}::${InputActionId}`)!.attrs.value).toBe(
      "Typed name",
    );
    expect(html).toContain('<div class="bk-error" role="alert">That isn&#39;t an amount.</div>');
  });

  it("the help views: headers, code spans and text", () => {
    const deal = renderView(dealHelpView().blocks);
    expect(deal).toContain('<div class="bk-block bk-header">Deals in Handoff</div>');
    expect(deal).toContain('<code class="bk-code">/deal new [text]</code> — open the New deal form');
    expect(visibleText(deal)).toContain("Only you can see this.");
    const handoff = renderView(handoffHelpView().blocks);
    expect(handoff).toContain("<b>Handoff</b> carries a deal");
    expect(handoff).toContain("<b>Administration</b>");
  });

  it("the App Home: greeting mention, quick actions, deals and tasks with their buttons", () => {
    // Both ready to do (makeTasks chains them; a waiting task has no Mark done).
    const tasks = makeTasks(2).map((t) => ({
      ...t,
      dependsOn: [],
      assigneeId: "U0ANA",
      projectNumber: 3,
      projectName: "Acme onboarding",
    }));
    const view = homeView({
      userId: "U0ANA",
      deals: [makeDeal()],
      dealTotal: 1,
      tasks,
      taskTotal: 2,
      now: NOW,
      today: TODAY,
    });
    const html = renderView(view.blocks);
    const text = visibleText(html);
    expect(text).toContain("Hi @Ana Lima — here is what is on your plate.");
    expect(text).toContain("Your open deals");
    expect(text).toContain("Your open tasks");
    expect(text).toContain("Acme renewal");
    expect(text).toContain("Task number 1");
    const labels = tagsNamed(html, "button").length;
    expect(labels).toBe(3 + 1 + 2);
    expect(html).toContain(">New deal</button>");
    expect(html).toContain(">Open</button>");
    expect(html).toContain(">Mark done</button>");
    expect(html.match(/<div class="bk-accessory">/g)).toHaveLength(3);
  });

  it("a task message: title, state, project context and its controls", () => {
    const task = makeTask({ assigneeId: "U0BEN" });
    const view = taskMessage(task, { today: TODAY, project: makeProject() });
    const html = renderView(view.blocks);
    expect(visibleText(html)).toContain("Provision access");
    expect(visibleText(html)).toContain("P-3");
    expect(html).toContain(">Mark done</button>");
    const reassign = only(tagsNamed(html, "select"));
    expect(reassign.attrs["data-type"]).toBe("users_select");
    expect(html).toContain('<option value="" selected>Reassign…</option>');
  });

  it("the win announcement: emoji, bold company and the owner", () => {
    const view = winAnnouncement(makeDeal({ amount: "12500", currency: "EUR" }), {
      daysToClose: 23,
      projectNumber: 3,
    });
    const html = renderView(view.blocks);
    expect(html).toContain('🎉 <b>Acme</b> won — €12,500 · <span class="bk-mention">@Ana Lima</span>');
    expect(html).toContain("<b>P-3</b>");
  });

  it("the settings modal: channel selects, people multi-selects, time zone, digest day and time", () => {
    const view = settingsModal(
      {
        settings: {
          channels: { sales: "C0SALES", wins: "C0WINS", delivery: undefined, digest: "C0DELIVERY" },
          timeZone: "Europe/Berlin",
        },
        roles: { admins: ["U0ADMIN"], managers: ["U0ANA", "U0BEN"] },
        permanentAdmins: ["U0ADMIN"],
        holidays: [],
        holidayPreset: null,
      },
      { weeklyDigest: { dayOfWeek: 1, time: "09:00" } },
    );
    const html = renderView(view.blocks);
    const control = (field: string) => tags(html).find((t) => t.attrs.id === `${field}::${InputActionId}`)!;
    expect(control(AdminField.SalesChannel).attrs["data-type"]).toBe("conversations_select");
    expect(html).toContain('<option value="C0SALES" selected>#sales</option>');
    expect(control(AdminField.Managers).attrs).toMatchObject({
      "data-type": "multi_users_select",
      multiple: "",
    });
    expect(control(AdminField.TimeZone).attrs.value).toBe("Europe/Berlin");
    expect(control(AdminField.DigestTime).attrs).toMatchObject({ type: "time", value: "09:00" });
    expect(html).toContain('<option value="1" selected>Monday</option>');
  });

  it("the template modal: a multiline definition and the Default checkbox", () => {
    const view = templateModal(makeTemplate(), { channelId: "C0ADMIN" });
    const html = renderView(view.blocks);
    expect(only(tagsNamed(html, "textarea")).attrs.id).toBe(`${TemplateField.Definition}::${InputActionId}`);
    const checkbox = only(tagsNamed(html, "input").filter((i) => i.attrs.type === "checkbox"));
    expect(checkbox.attrs.checked).toBe("");
    expect(html).toContain('<span class="bk-desc">New projects and the handoff form start with it</span>');
  });

  it("the daily digest and the digest help", () => {
    const html = renderView(dailyDigestMessage(ANA_DAILY_DIGEST).blocks);
    expect(visibleText(html)).toContain(
      "• D-2 Acme — Demo · £12,000 · close date passed, no next step (Fri 20 Nov)",
    );
    expect(html).toContain("<b>D-2</b>");
    const help = renderView(digestHelpMessage().blocks);
    expect(help).toContain('<code class="bk-code">/digest list</code> — the subscriptions');
  });
});

describe("blocks.css", () => {
  it("styles every bk- class the renderer emits", () => {
    const css = readFileSync(
      path.resolve(import.meta.dirname, "../../../src/sandbox/web/static/blocks.css"),
      "utf8",
    );
    const kitchenSink = [
      render(
        [
          section("*b* `c` <@U0ANA> <https://e.x|l>\n&gt; q\n```p```", {
            block_id: "s",
            fields: [{ type: "mrkdwn", text: "f" }],
            accessory: { type: "image", image_url: "https://e.x/i.png", alt_text: "" },
          }),
          { type: "header", text: { type: "plain_text", text: "h" } },
          {
            type: "context",
            elements: [
              { type: "image", image_url: "https://e.x/i.png", alt_text: "" },
              { type: "mrkdwn", text: "c" },
            ],
          },
          { type: "divider" },
          {
            type: "actions",
            elements: [
              button({ style: "primary" }),
              button({ style: "danger" }),
              { type: "static_select", action_id: "s", options: OPTIONS },
              { type: "multi_static_select", action_id: "m", options: OPTIONS },
              { type: "overflow", action_id: "o", options: OPTIONS },
              { type: "datepicker", action_id: "d" },
              { type: "timepicker", action_id: "t" },
              { type: "datetimepicker", action_id: "dt" },
              { type: "radio_buttons", action_id: "r", options: OPTIONS },
              { type: "hologram" },
            ],
          },
          {
            type: "image",
            image_url: "https://e.x/i.png",
            alt_text: "",
            title: { type: "plain_text", text: "t" },
          },
          { type: "image", image_url: "javascript:x", alt_text: "" },
          { type: "video" },
          {
            type: "input",
            block_id: "i",
            optional: true,
            label: { type: "plain_text", text: "l" },
            hint: { type: "plain_text", text: "h" },
            element: { type: "plain_text_input", action_id: "a" },
          },
          ...["number_input", "email_text_input", "url_text_input"].map((type) => ({
            type: "input",
            label: { type: "plain_text", text: "l" },
            element: { type, action_id: "a" },
          })),
          {
            type: "input",
            label: { type: "plain_text", text: "l" },
            element: { type: "plain_text_input", action_id: "a", multiline: true },
          },
          {
            type: "input",
            block_id: "c",
            label: { type: "plain_text", text: "l" },
            element: {
              type: "checkboxes",
              action_id: "a",
              options: [{ ...OPTIONS[0], description: { type: "plain_text", text: "d" } }],
            },
          },
          {
            type: "rich_text",
            elements: [
              { type: "rich_text_section", elements: [{ type: "text", text: "x" }] },
              { type: "rich_text_list", style: "bullet", indent: 3, elements: [] },
            ],
          },
        ],
        { errors: { i: "e" } },
      ),
      renderMessageBody(
        {
          text: "t",
          attachments: [
            {
              pretext: "p",
              author_name: "a",
              title: "t",
              text: "x",
              fields: [{ title: "f", value: "v", short: true }],
              image_url: "https://e.x/i.png",
              footer: "f",
            },
          ],
        },
        options,
      ),
    ].join("");
    const classes = new Set(
      [...kitchenSink.matchAll(/class="([^"]*)"/g)]
        .flatMap((m) => m[1]!.split(/\s+/))
        .filter((c) => c.startsWith("bk-")),
    );
    expect(classes.size).toBeGreaterThan(50);
    const unstyled = [...classes].filter((c) => !new RegExp(`\\.${c}(?![\\w-])`).test(css));
    expect(unstyled).toEqual([]);
  });

  it("uses Slack's colours", () => {
    const css = readFileSync(
      path.resolve(import.meta.dirname, "../../../src/sandbox/web/static/blocks.css"),
      "utf8",
    );
    for (const colour of ["#1d1c1d", "#007a5a", "#e01e5a", "#e8f5fa", "#1264a3", "#f8f8f8"]) {
      expect(css.toLowerCase()).toContain(colour);
    }
  });
});
