import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DealCommand, parseDealCommand } from "../../../src/domain/deal-command.ts";

const KINDS = new Set<DealCommand["kind"]>([
  "help",
  "new",
  "list",
  "show",
  "find",
  "move",
  "won",
  "lost",
  "note",
  "edit",
  "export",
  "usage",
]);

describe("parseDealCommand: help", () => {
  it.each(["", "   ", "\n\t", "help", "HELP", "  Help  ", "?"])("%j → help", (text) => {
    expect(parseDealCommand(text)).toEqual({ kind: "help" });
  });
});

describe("parseDealCommand: showing a deal", () => {
  it.each<[string, DealCommand]>([
    ["D-12", { kind: "show", query: "D-12" }],
    ["12", { kind: "show", query: "12" }],
    ["show d-12", { kind: "show", query: "d-12" }],
    ["show D-12", { kind: "show", query: "D-12" }],
    ["open 12", { kind: "show", query: "12" }],
    ["acme", { kind: "show", query: "acme" }],
    ["Acme Corp", { kind: "show", query: "Acme Corp" }],
    ["  acme   corp ", { kind: "show", query: "acme corp" }],
    ['"Acme Corp"', { kind: "show", query: "Acme Corp" }],
    ['show "Acme Corp"', { kind: "show", query: "Acme Corp" }],
    ["R&amp;D", { kind: "show", query: "R&D" }],
  ])("%j → %j", (text, command) => {
    expect(parseDealCommand(text)).toEqual(command);
  });

  it("`show` alone asks which deal", () => {
    expect(parseDealCommand("show")).toEqual({ kind: "usage", verb: "show", missing: "deal" });
  });
});

describe("parseDealCommand: move", () => {
  it.each<[string, DealCommand]>([
    ["move D-12 proposal", { kind: "move", query: "D-12", stage: "proposal" }],
    ["MOVE d-12 Prop", { kind: "move", query: "d-12", stage: "Prop" }],
    ["move 12 q", { kind: "move", query: "12", stage: "q" }],
    ['move "Acme Corp" proposal', { kind: "move", query: "Acme Corp", stage: "proposal" }],
    ["move “Acme Corp” proposal", { kind: "move", query: "Acme Corp", stage: "proposal" }],
    ["move acme corp proposal", { kind: "move", query: "acme corp", stage: "proposal" }],
    ['move D-12 "Closed won"', { kind: "move", query: "D-12", stage: "Closed won" }],
  ])("%j → %j", (text, command) => {
    expect(parseDealCommand(text)).toEqual(command);
  });

  it("without a stage says how to write it", () => {
    expect(parseDealCommand("move acme")).toEqual({ kind: "usage", verb: "move", missing: "stage" });
    expect(parseDealCommand('move "Acme Corp"')).toEqual({ kind: "usage", verb: "move", missing: "stage" });
  });

  it("with nothing asks for both", () => {
    expect(parseDealCommand("move")).toEqual({ kind: "usage", verb: "move", missing: "deal_and_stage" });
  });
});

describe("parseDealCommand: won and lost", () => {
  it.each<[string, DealCommand]>([
    ["won D-12", { kind: "won", query: "D-12" }],
    ["win 12", { kind: "won", query: "12" }],
    ['won "Acme Corp"', { kind: "won", query: "Acme Corp" }],
    ["lost D-12 went with a competitor", { kind: "lost", query: "D-12", reason: "went with a competitor" }],
    ['lost "Acme Corp" too pricey', { kind: "lost", query: "Acme Corp", reason: "too pricey" }],
    ["lost “Acme Corp” too pricey", { kind: "lost", query: "Acme Corp", reason: "too pricey" }],
    ["lose 12 budget cut", { kind: "lost", query: "12", reason: "budget cut" }],
  ])("%j → %j", (text, command) => {
    expect(parseDealCommand(text)).toEqual(command);
  });

  it("keeps the reason as typed: spacing, quotes and case, minus Slack's escapes", () => {
    expect(parseDealCommand('lost D-12   Went  with &amp; "Them" &lt;sigh&gt;')).toEqual({
      kind: "lost",
      query: "D-12",
      reason: 'Went  with & "Them" <sigh>',
    });
  });

  it("leaves the reason out when none is given (the form asks for it)", () => {
    const command = parseDealCommand("lost D-12");
    expect(command).toEqual({ kind: "lost", query: "D-12", reason: undefined });
    expect(command.kind === "lost" && command.reason).toBe(undefined);
    expect(parseDealCommand("lost D-12   ")).toEqual({ kind: "lost", query: "D-12", reason: undefined });
  });

  it("without a deal says how to write them", () => {
    expect(parseDealCommand("won")).toEqual({ kind: "usage", verb: "won", missing: "deal" });
    expect(parseDealCommand("lost")).toEqual({ kind: "usage", verb: "lost", missing: "deal" });
  });
});

describe("parseDealCommand: note and edit", () => {
  it.each<[string, DealCommand]>([
    ["note D-12 text with &amp; escapes", { kind: "note", query: "D-12", text: "text with & escapes" }],
    [
      "note D-12 sent the deck &lt;v2&gt; to &amp;co",
      { kind: "note", query: "D-12", text: "sent the deck <v2> to &co" },
    ],
    ["note D-12 &amp;lt; stays", { kind: "note", query: "D-12", text: "&lt; stays" }],
    ['note "Acme Corp" called them', { kind: "note", query: "Acme Corp", text: "called them" }],
    ["note 12 line one\nline two", { kind: "note", query: "12", text: "line one\nline two" }],
    [
      "note D-12 ping <@U0ANA|ana> about it",
      { kind: "note", query: "D-12", text: "ping <@U0ANA|ana> about it" },
    ],
    ["edit D-12", { kind: "edit", query: "D-12" }],
    ['edit "Acme Corp"', { kind: "edit", query: "Acme Corp" }],
  ])("%j → %j", (text, command) => {
    expect(parseDealCommand(text)).toEqual(command);
  });

  it("a note needs a deal and a text", () => {
    expect(parseDealCommand("note")).toEqual({ kind: "usage", verb: "note", missing: "deal_and_text" });
    expect(parseDealCommand("note D-12")).toEqual({ kind: "usage", verb: "note", missing: "text" });
    expect(parseDealCommand('note "Acme Corp"  ')).toEqual({ kind: "usage", verb: "note", missing: "text" });
  });

  it("edit needs a deal", () => {
    expect(parseDealCommand("edit")).toEqual({ kind: "usage", verb: "edit", missing: "deal" });
  });
});

describe("parseDealCommand: list", () => {
  it.each<[string, DealCommand]>([
    ["list", { kind: "list", filter: { kind: "mine" } }],
    ["ls", { kind: "list", filter: { kind: "mine" } }],
    ["list mine", { kind: "list", filter: { kind: "mine" } }],
    ["list MY", { kind: "list", filter: { kind: "mine" } }],
    ["list all", { kind: "list", filter: { kind: "all" } }],
    ["LIST ALL", { kind: "list", filter: { kind: "all" } }],
    ["list <@U123|ana>", { kind: "list", filter: { kind: "user", userId: "U123" } }],
    ["list <@W0ANA>", { kind: "list", filter: { kind: "user", userId: "W0ANA" } }],
    ["list proposal", { kind: "list", filter: { kind: "stage", stage: "proposal" } }],
    ["list Closed won", { kind: "list", filter: { kind: "stage", stage: "Closed won" } }],
    ["list @ana", { kind: "list", filter: { kind: "stage", stage: "@ana" } }],
  ])("%j → %j", (text, command) => {
    expect(parseDealCommand(text)).toEqual(command);
  });
});

describe("parseDealCommand: export", () => {
  it.each<[string, DealCommand]>([
    ["export", { kind: "export", filter: { kind: "mine" } }],
    ["export all", { kind: "export", filter: { kind: "all" } }],
    ["EXPORT mine", { kind: "export", filter: { kind: "mine" } }],
    ["export Proposal", { kind: "export", filter: { kind: "stage", stage: "Proposal" } }],
  ])("%j → %j", (text, command) => {
    expect(parseDealCommand(text)).toEqual(command);
  });
});

describe("parseDealCommand: find and new", () => {
  it.each<[string, DealCommand]>([
    ["find acme corp", { kind: "find", text: "acme corp" }],
    ["search acme", { kind: "find", text: "acme" }],
    ["find R&amp;D", { kind: "find", text: "R&D" }],
    [
      "new Acme renewal 12k <@U0ANA|ana> next friday",
      {
        kind: "new",
        text: "Acme renewal 12k <@U0ANA|ana> next friday",
      },
    ],
    ["create Acme &amp; Sons", { kind: "new", text: "Acme & Sons" }],
    ["add  Acme", { kind: "new", text: "Acme" }],
    ["new", { kind: "new", text: "" }],
    ["NEW   ", { kind: "new", text: "" }],
  ])("%j → %j", (text, command) => {
    expect(parseDealCommand(text)).toEqual(command);
  });

  it("find without text says what to type", () => {
    expect(parseDealCommand("find")).toEqual({ kind: "usage", verb: "find", missing: "text" });
    expect(parseDealCommand("find   ")).toMatchObject({ kind: "usage", verb: "find" });
  });
});

describe("parseDealCommand never throws", () => {
  const slackish = fc.string({
    unit: fc.constantFrom(
      "move ",
      "lost ",
      "note ",
      "list ",
      "new ",
      '"',
      "“",
      "”",
      "„",
      "<",
      ">",
      "&lt;",
      "&amp;",
      "<@U1|a>",
      " ",
      "\n",
      "D-1",
      "x",
      "😀",
    ),
    maxLength: 200,
  });

  it.each([
    ["any text", fc.string({ maxLength: 500 })],
    ["full unicode", fc.string({ unit: "binary", maxLength: 500 })],
    ["Slack-like fragments", slackish],
    ["5,000 characters", fc.string({ minLength: 5_000, maxLength: 5_000 })],
    ["5,000 full-unicode code points", fc.string({ unit: "binary", minLength: 5_000, maxLength: 5_000 })],
  ])("%s, and always yields one of the kinds", (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (text) => {
        const command = parseDealCommand(text);
        expect(KINDS.has(command.kind)).toBe(true);
        if (command.kind === "usage") expect(command.missing).toBeTruthy();
      }),
      { numRuns: 150 },
    );
  });

  it("a deal query is never empty", () => {
    fc.assert(
      fc.property(slackish, (text) => {
        const command = parseDealCommand(text);
        if ("query" in command) expect(command.query.trim()).not.toBe("");
        if (command.kind === "move") expect(command.stage.trim()).not.toBe("");
      }),
      { numRuns: 300 },
    );
  });
});

describe("free text after a quoted or escaped deal", () => {
  it.each([
    ["lost „Acme Corp“ too pricey", { kind: "lost", query: "Acme Corp", reason: "too pricey" }],
    ["lost ”Acme Corp” x", { kind: "lost", query: "Acme Corp", reason: "x" }],
    ["note „Acme Corp“ called them", { kind: "note", query: "Acme Corp", text: "called them" }],
    ["lost D-12 &lt;3 sad", { kind: "lost", query: "D-12", reason: "<3 sad" }],
    ['lost "" D-12 reason', { kind: "lost", query: "D-12", reason: "reason" }],
  ])("%s", (text, expected) => {
    expect(parseDealCommand(text)).toEqual(expected);
  });
});

describe("parseDealCommand: history", () => {
  it("names the deal, with an optional page after it", () => {
    expect(parseDealCommand("history D-12")).toEqual({ kind: "history", query: "D-12", page: 1 });
    expect(parseDealCommand("history D-12 3")).toEqual({ kind: "history", query: "D-12", page: 3 });
    expect(parseDealCommand("log 12")).toEqual({ kind: "history", query: "12", page: 1 });
    expect(parseDealCommand("history acme rollout")).toEqual({
      kind: "history",
      query: "acme rollout",
      page: 1,
    });
  });

  it("without a deal asks which", () => {
    expect(parseDealCommand("history")).toEqual({ kind: "usage", verb: "history", missing: "deal" });
  });
});
