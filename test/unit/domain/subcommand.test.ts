import { describe, expect, it } from "vitest";
import { parseSubcommand } from "../../../src/domain/subcommand.ts";

const VERBS = { help: "help", "?": "help", list: "list", ls: "list", new: "new" } as const;

describe("parseSubcommand", () => {
  it("looks the first word up case-insensitively, aliases included", () => {
    expect(parseSubcommand("LS all", VERBS)).toMatchObject({ verb: "list", word: "ls", args: ["all"] });
    expect(parseSubcommand("?", VERBS).verb).toBe("help");
  });

  it("names no verb for an unknown first word or for empty text", () => {
    expect(parseSubcommand("acme corp", VERBS)).toMatchObject({
      verb: undefined,
      word: "acme",
      tokens: ["acme", "corp"],
    });
    expect(parseSubcommand("   ", VERBS)).toMatchObject({ verb: undefined, word: undefined, tokens: [] });
  });

  it("does not take Object.prototype's names for verbs", () => {
    expect(parseSubcommand("constructor", VERBS).verb).toBeUndefined();
    expect(parseSubcommand("__proto__", VERBS).verb).toBeUndefined();
  });

  it("strips control characters and bidi overrides before reading the first word", () => {
    expect(parseSubcommand("\u0000li\u202est\u0007 mine", VERBS)).toMatchObject({
      verb: "list",
      args: ["mine"],
      text: "list mine",
    });
  });

  it("keeps quoted phrases and Slack tokens whole", () => {
    expect(parseSubcommand('new "Acme Corp" <@U123|ana>', VERBS).args).toEqual(["Acme Corp", "<@U123|ana>"]);
  });

  it("gives the rest of the text as typed, minus Slack's escapes", () => {
    const parsed = parseSubcommand("new  Acme &amp; Co  ,  renewal", VERBS);
    expect(parsed.after(0)).toBe("Acme & Co  ,  renewal");
    expect(parsed.after(1)).toBe("& Co  ,  renewal");
    expect(parsed.after(9)).toBe("");
  });
});
