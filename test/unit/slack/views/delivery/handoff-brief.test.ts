import { describe, expect, it } from "vitest";
import { handoffBrief } from "../../../../../src/slack/views/delivery/handoff-brief.ts";
import { expectNoRawTokens, expectValidMessage, hostile } from "../deal-fixtures.ts";
import { contextTexts, makeProject, sectionTexts, TODAY } from "../delivery-fixtures.ts";

const NOTES = [
  { authorId: "U0ANA", body: "First call: they need SSO", at: new Date("2026-11-02T10:00:00Z") },
  { authorId: "U0BEN", body: "Budget approved\nSigned on Friday", at: new Date("2026-11-20T10:00:00Z") },
];

describe("handoffBrief", () => {
  it("gives goals, commitments, key contacts and the notes from sales, newest first", () => {
    const view = handoffBrief(makeProject(), { dealNotes: NOTES, today: TODAY });
    expectValidMessage(view);
    expect(contextTexts(view.blocks)).toEqual(["*Handoff brief* · from D-12 · sold by <@U0ANA>"]);
    expect(sectionTexts(view.blocks)).toEqual([
      "*Customer goals*\nGo live before the January sales kickoff.",
      "*Commitments made*\nSSO included; data import of two years of history.",
      "*Key contacts*\nJane Doe, CTO, jane@acme.example\nRaj Iyer, +44 20 7946 0000",
      "*Notes from sales*\n<@U0BEN> · Fri 20 Nov\n>Budget approved\n>Signed on Friday\n\n<@U0ANA> · Mon 2 Nov\n>First call: they need SSO",
    ]);
    expect(view.text).toBe("Handoff brief for P-3 · Acme onboarding");
  });

  it("says what wasn't given, and leaves out the notes when there are none", () => {
    const view = handoffBrief(makeProject({ goals: null, commitments: "  ", keyContacts: null }), {
      dealNotes: [],
    });
    expectValidMessage(view);
    expect(sectionTexts(view.blocks)).toEqual([
      "*Customer goals*\n_None given._",
      "*Commitments made*\n_None given._",
      "*Key contacts*\n_None given._",
    ]);
  });

  it("fits 5,000-character hostile fields and 200 long notes in one message, and counts the notes left out", () => {
    const notes = Array.from({ length: 200 }, (_, i) => ({
      authorId: i % 2 === 0 ? "U0ANA" : "<!channel>",
      body: hostile(3000),
      at: new Date(Date.UTC(2026, 9, 1) + i * 3_600_000),
    }));
    const project = makeProject({
      goals: hostile(5000),
      commitments: hostile(5000),
      keyContacts: hostile(5000),
    });
    const view = handoffBrief(project, { dealNotes: notes, today: TODAY });
    expectValidMessage(view);
    expectNoRawTokens(view);
    const shown =
      sectionTexts(view.blocks)
        .join("\n")
        .match(/^<@U0ANA> · |^&lt;!channel&gt; · /gm) ?? [];
    expect(shown.length).toBeGreaterThan(0);
    expect(contextTexts(view.blocks)).toContain(`and ${200 - shown.length} more notes on D-12`);
    // Every long field still shows its start, cut with an ellipsis.
    for (const label of ["Customer goals", "Commitments made", "Key contacts"]) {
      const text = sectionTexts(view.blocks).find((t) => t.startsWith(`*${label}*\n`));
      expect(text).toMatch(/…$/);
      expect(text!.length).toBeGreaterThan(500);
    }
  });

  it("still fits when the text is all quotes and backslashes, which JSON doubles", () => {
    const worst = '"\\'.repeat(2500);
    const notes = Array.from({ length: 50 }, (_, i) => ({
      authorId: "U0ANA",
      body: worst,
      at: new Date(Date.UTC(2026, 9, 1) + i * 3_600_000),
    }));
    const view = handoffBrief(makeProject({ goals: worst, commitments: worst, keyContacts: worst }), {
      dealNotes: notes,
    });
    expectValidMessage(view);
    expect(sectionTexts(view.blocks).some((t) => t.startsWith("*Notes from sales*\n<@U0ANA>"))).toBe(true);
  });

  it("shows every one of a few short notes without an 'and more' line", () => {
    const notes = Array.from({ length: 12 }, (_, i) => ({
      authorId: "U0ANA",
      body: `Note ${i}`,
      at: new Date(Date.UTC(2026, 10, 1 + i)),
    }));
    const view = handoffBrief(makeProject(), { dealNotes: notes, today: TODAY });
    expectValidMessage(view);
    const text = sectionTexts(view.blocks).join("\n");
    expect(text.indexOf(">Note 11")).toBeLessThan(text.indexOf(">Note 0"));
    expect(text.match(/>Note \d+/g)).toHaveLength(12);
    expect(contextTexts(view.blocks).join("\n")).not.toContain("more note");
  });
});
