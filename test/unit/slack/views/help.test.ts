import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDealCommand } from "../../../../src/domain/deal-command.ts";
import { dealUsageText } from "../../../../src/slack/views/help.ts";

const USAGE = {
  move: "`/deal move <deal> <stage>` — e.g. `/deal move D-12 proposal`",
  won: "`/deal won <deal>` — e.g. `/deal won D-12`",
  lost: "`/deal lost <deal> [reason]` — e.g. `/deal lost D-12 went with a competitor`",
  note: "`/deal note <deal> <text>` — e.g. `/deal note D-12 sent the security questionnaire`",
  edit: "`/deal edit <deal>` — e.g. `/deal edit D-12`",
  show: "`/deal show <deal>` — e.g. `/deal show D-12`",
  find: "`/deal find <text>` — e.g. `/deal find acme`",
};

/** What `/deal <text>` answers when a sub-command lacks what it needs. */
function usageAnswer(text: string): string {
  const command = parseDealCommand(text);
  if (command.kind !== "usage") throw new Error(`not a usage answer: ${JSON.stringify(command)}`);
  return dealUsageText(command);
}

/** The question, then the usage with its angle brackets escaped for mrkdwn. */
const answer = (problem: string, usage: string) =>
  `${problem} Usage: ${usage.replaceAll("<", "&lt;").replaceAll(">", "&gt;")}`;

describe("dealUsageText: a sub-command without what it needs", () => {
  it("`show` and `edit` alone ask which deal", () => {
    expect(usageAnswer("show")).toBe(answer("Which deal?", USAGE.show));
    expect(usageAnswer("edit")).toBe(answer("Which deal?", USAGE.edit));
  });

  it("`move` without a stage says how to write it, and with nothing asks for both", () => {
    expect(usageAnswer("move acme")).toBe(answer("To which stage?", USAGE.move));
    expect(usageAnswer('move "Acme Corp"')).toBe(answer("To which stage?", USAGE.move));
    expect(usageAnswer("move")).toBe(answer("Which deal, and to which stage?", USAGE.move));
  });

  it("`won` and `lost` without a deal say how to write them", () => {
    expect(usageAnswer("won")).toBe(answer("Which deal was won?", USAGE.won));
    expect(usageAnswer("lost")).toBe(answer("Which deal was lost?", USAGE.lost));
  });

  it("a note needs a deal and a text", () => {
    expect(usageAnswer("note")).toBe(answer("Which deal, and what should the note say?", USAGE.note));
    expect(usageAnswer("note D-12")).toBe(answer("What should the note say?", USAGE.note));
    expect(usageAnswer('note "Acme Corp"  ')).toBe(answer("What should the note say?", USAGE.note));
  });

  it("find without text says what to type", () => {
    expect(usageAnswer("find")).toBe(answer("What should I look for?", USAGE.find));
    expect(usageAnswer("find   ")).toBe(answer("What should I look for?", USAGE.find));
  });

  it("escapes the usage's angle brackets, so Slack shows them instead of reading a link", () => {
    expect(usageAnswer("move")).toBe(
      "Which deal, and to which stage? Usage: `/deal move &lt;deal&gt; &lt;stage&gt;` — e.g. `/deal move D-12 proposal`",
    );
  });

  it("always asks a question for any text that is a usage answer", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const command = parseDealCommand(text);
        if (command.kind === "usage") expect(dealUsageText(command)).toMatch(/^\S.*\? Usage: `\/deal /);
      }),
      { numRuns: 150 },
    );
  });
});
