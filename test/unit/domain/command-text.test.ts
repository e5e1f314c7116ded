import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findUserMentions,
  formatDealRef,
  formatProjectRef,
  formatTaskRef,
  parseDealRef,
  parseProjectRef,
  parseUserMention,
  tokenize,
  truncateText,
  unescapeSlackText,
} from "../../../src/domain/command-text.ts";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("tokenize", () => {
  it.each([
    ["", []],
    ["   ", []],
    ["new Acme renewal 12k", ["new", "Acme", "renewal", "12k"]],
    ["  move\tD-12 \n proposal ", ["move", "D-12", "proposal"]],
    ["new Acme <@U123ABC|ana> 12k", ["new", "Acme", "<@U123ABC|ana>", "12k"]],
    ["list <@U123ABC>", ["list", "<@U123ABC>"]],
    ["share <#C123|sales>", ["share", "<#C123|sales>"]],
    [
      "note D-1 see <https://x.com/a?b=1&amp;c=2|the deck v2> now",
      ["note", "D-1", "see", "<https://x.com/a?b=1&amp;c=2|the deck v2>", "now"],
    ],
    ["hi<@U1>there", ["hi", "<@U1>", "there"]],
    ['new "Acme Corp" 12k', ["new", "Acme Corp", "12k"]],
    ['find "  Acme   Corp "', ["find", "Acme   Corp"]],
    ["new “Acme Corp” 12k", ["new", "Acme Corp", "12k"]],
    ["new „Acme Corp“", ["new", "Acme Corp"]],
    ['new "Acme Corp', ["new", "Acme Corp"]],
    ['new "" x', ["new", "x"]],
    ['say "a &amp; b"', ["say", "a & b"]],
    ["R&amp;D &lt;3 a&gt;b", ["R&D", "<3", "a>b"]],
    ["&amp;lt;", ["&lt;"]],
    ['O\'Brien said "hi"', ["O'Brien", "said", "hi"]],
    ["unclosed <@U1 here", ["unclosed", "<@U1", "here"]],
  ])("%j → %j", (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
});

describe("mentions and channels", () => {
  it.each([
    ["<@U123ABC|ana>", "U123ABC"],
    ["<@U123ABC>", "U123ABC"],
    [" <@W0ENTERPRISE> ", "W0ENTERPRISE"],
    ["<@U123ABC|ana maria>", "U123ABC"],
    ["<@u123abc>", undefined],
    ["<#C123|sales>", undefined],
    ["@ana", undefined],
    ["U123ABC", undefined],
    ["<@U123ABC|ana> extra", undefined],
    ["<!channel>", undefined],
    ["<@>", undefined],
  ])("parseUserMention(%j) = %s", (token, userId) => {
    expect(parseUserMention(token)).toBe(userId);
  });

  it("finds every user mention with its offsets", () => {
    const text = "for <@U1AAA|ana> and <@W2BBB>, cc <#C1|sales> <!here> <@nope>";
    const mentions = findUserMentions(text);
    expect(mentions.map((m) => m.userId)).toEqual(["U1AAA", "W2BBB"]);
    expect(mentions.map((m) => text.slice(m.start, m.end))).toEqual(["<@U1AAA|ana>", "<@W2BBB>"]);
    expect(findUserMentions("no mentions @ana")).toEqual([]);
  });
});

describe("unescapeSlackText", () => {
  it.each([
    ["a &amp; b", "a & b"],
    ["&lt;!channel&gt;", "<!channel>"],
    ["&amp;lt;", "&lt;"],
    ["&amp;amp;", "&amp;"],
    ["&quot; &nbsp;", "&quot; &nbsp;"],
    ["plain", "plain"],
  ])("unescapeSlackText(%j) = %j", (text, expected) => {
    expect(unescapeSlackText(text)).toBe(expected);
  });
});

describe("references", () => {
  it.each([
    ["D-12", 12],
    ["d-12", 12],
    ["D12", 12],
    ["d12", 12],
    ["#12", 12],
    ["12", 12],
    [" D-12 ", 12],
    ["D-12,", 12],
    ["D-007", 7],
    ["D-2147483647", 2147483647],
    ["D-0", undefined],
    ["0", undefined],
    ["D--1", undefined],
    ["-1", undefined],
    ["+12", undefined],
    ["D-2147483648", undefined],
    ["99999999999999999999", undefined],
    ["D-1.5", undefined],
    ["1e3", undefined],
    ["P-12", undefined],
    ["T-12", undefined],
    ["D-", undefined],
    ["D 12", undefined],
    ["DD-12", undefined],
    ["１２", undefined],
    ["", undefined],
  ])("parseDealRef(%j) = %s", (token, expected) => {
    expect(parseDealRef(token)).toBe(expected);
  });

  it.each([
    ["P-3", 3],
    ["p3", 3],
    ["#3", 3],
    ["3", 3],
    ["P-0", undefined],
    ["D-3", undefined],
    ["P-2147483648", undefined],
  ])("parseProjectRef(%j) = %s", (token, expected) => {
    expect(parseProjectRef(token)).toBe(expected);
  });

  it("formats references", () => {
    expect(formatDealRef(12)).toBe("D-12");
    expect(formatProjectRef(3)).toBe("P-3");
    expect(formatTaskRef(17)).toBe("T-17");
  });
});

describe("truncateText", () => {
  it.each([
    ["Acme", 10, "Acme"],
    ["Acme", 4, "Acme"],
    ["Acme Corp", 5, "Acme…"],
    ["Acme Corp", 6, "Acme…"], // the space before the cut goes
    ["Acme Corp", 1, "…"],
    ["Acme Corp", 0, ""],
    ["", 0, ""],
    ["ab😀cd", 4, "ab…"], // 😀 would need units 3–4, leaving no room for "…"
    ["ab😀cd", 5, "ab😀…"],
    ["👩‍👩‍👧 family", 6, "…"], // the family emoji is one grapheme of 8 units
    ["👩‍👩‍👧 family", 10, "👩‍👩‍👧…"],
    ["e\u0301e\u0301e\u0301", 4, "e\u0301…"],
  ])("truncateText(%j, %i) = %j", (text, max, expected) => {
    expect(truncateText(text, max)).toBe(expected);
  });
});

describe("properties", () => {
  const slackish = fc.string({
    unit: fc.constantFrom(
      " ",
      "\t",
      '"',
      "“",
      "”",
      "<",
      ">",
      "@",
      "#",
      "|",
      "&amp;",
      "&lt;",
      "&gt;",
      "U1",
      "a",
      "b",
      "é",
      "😀",
    ),
    maxLength: 60,
  });

  it("tokenize never throws, and yields non-empty tokens without outer whitespace", () => {
    for (const arbitrary of [
      slackish,
      fc.string({ maxLength: 5000 }),
      fc.string({ unit: "binary", maxLength: 5000 }),
    ]) {
      fc.assert(
        fc.property(arbitrary, (text) => {
          for (const token of tokenize(text)) {
            expect(token.length).toBeGreaterThan(0);
            if (!token.startsWith("<")) expect(token).toBe(token.trim());
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it("plain words come back as they were typed once Slack's escaping is undone", () => {
    const word = fc.string({
      unit: fc.constantFrom("a", "b", "&", "'", "1", "é", "😀"),
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (words) => {
        const escaped = words.map((w) => w.replace(/&/g, "&amp;")).join(" ");
        expect(tokenize(escaped)).toEqual(words);
      }),
    );
  });

  it("truncateText stays within max, keeps a prefix, and never leaves a lone surrogate", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 200 }),
          fc.string({ unit: "grapheme", maxLength: 100 }),
        ),
        fc.integer({ min: 0, max: 220 }),
        (text, max) => {
          const result = truncateText(text, max);
          expect(result.length).toBeLessThanOrEqual(max);
          expect(result).not.toMatch(LONE_SURROGATE);
          if (text.length <= max) expect(result).toBe(text);
          else if (max > 0) {
            expect(result.endsWith("…")).toBe(true);
            expect(text.startsWith(result.slice(0, -1))).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("references round-trip for every valid number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_147_483_647 }), (n) => {
        expect(parseDealRef(formatDealRef(n))).toBe(n);
        expect(parseDealRef(String(n))).toBe(n);
        expect(parseProjectRef(formatProjectRef(n))).toBe(n);
        expect(parseDealRef(formatTaskRef(n))).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it("reference parsers never throw and return positive 32-bit integers or undefined", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (token) => {
        for (const parse of [parseDealRef, parseProjectRef]) {
          const value = parse(token);
          if (value !== undefined) {
            expect(Number.isInteger(value)).toBe(true);
            expect(value).toBeGreaterThanOrEqual(1);
            expect(value).toBeLessThanOrEqual(2_147_483_647);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
