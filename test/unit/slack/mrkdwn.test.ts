import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unescapeSlackText } from "../../../src/domain/command-text.ts";
import { escapeMrkdwn } from "../../../src/slack/mrkdwn.ts";

describe("escapeMrkdwn", () => {
  it.each([
    ["R&D <3", "R&amp;D &lt;3"],
    ["<!channel> hi", "&lt;!channel&gt; hi"],
    ["<@U123ABC>", "&lt;@U123ABC&gt;"],
    ["*urgent* deal", "∗urgent∗ deal"],
    ["_maybe_", "ˍmaybeˍ"],
    ["~gone~", "∼gone∼"],
    ["`code`", "ˋcodeˋ"],
    ["```block```", "ˋˋˋblockˋˋˋ"],
    // A lone marker can't format, and markers inside words don't either: left as typed.
    ["5 * 3", "5 * 3"],
    ["~12k", "~12k"],
    ["snake_case_name", "snake_case_name"],
    ["2*3*4", "2*3*4"],
    [":white_check_mark:", ":white_check_mark:"],
    ["Acme_Corp *urgent*", "Acme_Corp ∗urgent∗"],
    ["> quoted", "\u00ad&gt; quoted"],
    ["a\n> quoted", "a\n\u00ad&gt; quoted"],
    ["a > b", "a &gt; b"],
  ])("escapeMrkdwn(%j) = %j", (text, expected) => {
    expect(escapeMrkdwn(text)).toBe(expected);
  });

  it("escapeMrkdwn leaves no raw < or >, every & opens an entity, and unescaping restores the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        const escaped = escapeMrkdwn(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(escaped.replace(/&(?:amp|lt|gt);/g, "")).not.toContain("&");
        if (!/[*_~`\u00ad]/.test(text)) expect(unescapeSlackText(escaped.replace(/\u00ad/g, ""))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it("escapeMrkdwn leaves no pair of formatting markers that could open and close", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("*", "_", "~", "`", "a", " ", "\n"), maxLength: 30 }),
        (text) => {
          const escaped = escapeMrkdwn(text);
          for (const marker of ["*", "_", "~"]) {
            const atBoundary = [...escaped].filter(
              (char, i, chars) =>
                char === marker && !(/[a-z]/.test(chars[i - 1] ?? "") && /[a-z]/.test(chars[i + 1] ?? "")),
            );
            expect(atBoundary.length).toBeLessThan(2);
          }
          expect(escaped.split("`").length - 1).toBeLessThan(2);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
