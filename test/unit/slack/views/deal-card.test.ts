import type { ActionsBlock, Button, KnownBlock, StaticSelect } from "@slack/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DealAction } from "../../../../src/slack/ids.ts";
import { escapeMrkdwn } from "../../../../src/slack/mrkdwn.ts";
import {
  dealActionsBlockId,
  dealCardMessage,
  dealThreadReply,
  editedText,
  lostText,
  movedText,
  noteAddedText,
  readDealActionsBlockId,
  reopenedText,
  wonText,
} from "../../../../src/slack/views/deal-card.ts";
import { fitMrkdwn } from "../../../../src/slack/views/text.ts";
import {
  blocksOfType,
  daysAgo,
  expectNoRawTokens,
  expectValidMessage,
  hostile,
  makeDeal,
  mrkdwnTexts,
  NOW,
  STAGES,
  stage,
  TODAY,
} from "./deal-fixtures.ts";

const ctx = { stages: STAGES, now: NOW, today: TODAY, canChange: true };

function header(blocks: KnownBlock[] | undefined): string {
  const [first] = blocksOfType(blocks, "header");
  return first?.text.text ?? "";
}

function fieldTexts(blocks: KnownBlock[] | undefined): string[] {
  return blocksOfType(blocks, "section").flatMap((s) => (s.fields ?? []).map((f) => f.text));
}

function actions(blocks: KnownBlock[] | undefined): ActionsBlock["elements"] {
  return blocksOfType(blocks, "actions").flatMap((a) => a.elements);
}

function buttons(blocks: KnownBlock[] | undefined): Button[] {
  return actions(blocks).filter((e): e is Button => e.type === "button");
}

function stageSelect(blocks: KnownBlock[] | undefined): StaticSelect | undefined {
  return actions(blocks).find((e): e is StaticSelect => e.type === "static_select");
}

function contextTexts(blocks: KnownBlock[] | undefined): string[] {
  return mrkdwnTexts(blocksOfType(blocks, "context"));
}

describe("dealCardMessage", () => {
  it("shows a typical open deal with every field", () => {
    const view = dealCardMessage(makeDeal(), ctx);
    expectValidMessage(view);
    expect(header(view.blocks)).toBe("D-12 · Acme renewal");
    expect(fieldTexts(view.blocks)).toEqual([
      "*Company*\nAcme",
      "*Amount*\n$12,000",
      "*Stage*\nProposal · 60%  ▰▰▰▰▰▰▱▱▱▱",
      "*Owner*\n<@U0ANA>",
      "*Expected close*\nSat 5 Dec",
      "*Next step*\nSend the proposal · Thu 3 Dec",
      "*Contacts*\nJane Doe (CTO) jane@acme.example\nRaj Iyer +44 20 7946 0000",
    ]);
    expect(contextTexts(view.blocks)).toEqual(["Last activity 3 days ago"]);
    expect(view.text).toContain("D-12 · Acme renewal");
  });

  it("shows each contact's phone after the email", () => {
    const deal = makeDeal({
      contacts: [{ name: "Jane Doe", title: "CTO", email: "jane@acme.example", phone: "+1 555 0100" }],
    });
    const view = dealCardMessage(deal, ctx);
    expectValidMessage(view);
    expect(fieldTexts(view.blocks).at(-1)).toBe("*Contacts*\nJane Doe (CTO) jane@acme.example +1 555 0100");
  });

  it("offers the stage select on the current stage, and Won, Lost, Add note, Edit carrying the deal id", () => {
    const deal = makeDeal();
    const view = dealCardMessage(deal, ctx);
    const select = stageSelect(view.blocks);
    expect(select?.action_id).toBe(DealAction.StageSelect);
    expect(select?.initial_option?.value).toBe(stage("proposal").id);
    expect(select?.options?.map((o) => o.text.text)).toEqual([
      "Lead",
      "Qualified",
      "Demo",
      "Proposal",
      "Negotiation",
    ]);
    expect(buttons(view.blocks).map((b) => [b.text.text, b.action_id, b.value, b.style])).toEqual([
      ["Won", DealAction.Won, deal.id, "primary"],
      ["Lost", DealAction.Lost, deal.id, "danger"],
      ["Add note", DealAction.AddNote, deal.id, undefined],
      ["Edit", DealAction.Edit, deal.id, undefined],
    ]);
    const [block] = blocksOfType(view.blocks, "actions");
    expect(readDealActionsBlockId(block?.block_id ?? "")).toEqual({ dealId: deal.id, version: 3 });
  });

  it("shows no controls, only who may change it, when the viewer can't change the deal", () => {
    const view = dealCardMessage(makeDeal(), { ...ctx, canChange: false });
    expectValidMessage(view);
    expect(blocksOfType(view.blocks, "actions")).toEqual([]);
    expect(contextTexts(view.blocks)).toContain("Only <@U0ANA>, managers and admins can change this deal.");
  });

  it("says nobody has taken a new lead yet, and where to take it, instead of naming the app that holds it", () => {
    const lead = makeDeal({ ownerId: "U0HANDOFF", awaitingOwner: true, stage: stage("lead") });
    const open = dealCardMessage(lead, { ...ctx, salesChannelId: "C0SALES" });
    const gated = dealCardMessage(lead, { ...ctx, canChange: false, salesChannelId: "C0SALES" });
    for (const view of [open, gated]) {
      expectValidMessage(view);
      expect(fieldTexts(view.blocks)).toContain("*Owner*\nnobody yet — new lead, *Take it* in <#C0SALES>");
      expect(JSON.stringify(view)).not.toContain("U0HANDOFF");
    }
    expect(contextTexts(gated.blocks)).toContain(
      "Nobody has taken this lead yet (*Take it* in <#C0SALES>); until then only managers and admins can change it.",
    );
  });

  it("says a lead is not taken yet even when there is no sales channel to take it in", () => {
    const lead = makeDeal({ ownerId: "U0HANDOFF", awaitingOwner: true, stage: stage("lead") });
    const view = dealCardMessage(lead, { ...ctx, canChange: false });
    expectValidMessage(view);
    expect(fieldTexts(view.blocks)).toContain("*Owner*\nnobody yet — new lead, not taken");
    expect(contextTexts(view.blocks)).toContain(
      "Nobody has taken this lead yet; until then only managers and admins can change it.",
    );
    expect(JSON.stringify(view)).not.toContain("U0HANDOFF");
  });

  it("keeps a won deal won: no stage select, no Won or Lost, and says when it was won", () => {
    const deal = makeDeal({ stage: stage("won"), closedAt: daysAgo(1) });
    const view = dealCardMessage(deal, ctx);
    expectValidMessage(view);
    expect(stageSelect(view.blocks)).toBeUndefined();
    expect(buttons(view.blocks).map((b) => b.text.text)).toEqual(["Add note", "Edit"]);
    expect(fieldTexts(view.blocks)).toContain("*Stage*\nWon");
    expect(contextTexts(view.blocks)).toEqual(["Won on Tue 1 Dec"]);
  });

  it("names the won day in the workspace's zone when it is given", () => {
    // 23:30 UTC on 1 Dec is already 2 Dec in Tokyo.
    const deal = makeDeal({ stage: stage("won"), closedAt: new Date("2026-12-01T23:30:00Z") });
    const view = dealCardMessage(deal, { ...ctx, timeZone: "Asia/Tokyo" });
    expect(contextTexts(view.blocks)).toEqual(["Won on Wed 2 Dec"]);
  });

  it("lets a lost deal be reopened from the stage select, with Lost as the current stage and the reason shown", () => {
    const deal = makeDeal({ stage: stage("lost"), lostReason: "Chose a competitor", closedAt: daysAgo(0) });
    const view = dealCardMessage(deal, ctx);
    expectValidMessage(view);
    const select = stageSelect(view.blocks);
    expect(select?.initial_option?.text.text).toBe("Lost");
    expect(select?.options?.map((o) => o.text.text)).toEqual([
      "Lead",
      "Qualified",
      "Demo",
      "Proposal",
      "Negotiation",
      "Lost",
    ]);
    expect(buttons(view.blocks).map((b) => b.text.text)).toEqual(["Add note", "Edit"]);
    expect(contextTexts(view.blocks)).toEqual(["Lost: Chose a competitor · Wed 2 Dec"]);
  });

  it("flags a stale deal and an overdue close date", () => {
    const deal = makeDeal({ lastActivityAt: daysAgo(16), expectedCloseDate: "2026-11-30" });
    const view = dealCardMessage(deal, ctx);
    expect(contextTexts(view.blocks)).toEqual(["Last activity 16 days ago · *Stale*"]);
    expect(fieldTexts(view.blocks)).toContain("*Expected close*\nMon 30 Nov · *overdue*");
  });

  it("shows a dash for an unknown amount, close date, company and next step", () => {
    const deal = makeDeal({
      amount: null,
      accountName: null,
      expectedCloseDate: null,
      nextStep: null,
      nextStepDate: null,
      stage: stage("lead"),
      contacts: [],
    });
    const view = dealCardMessage(deal, ctx);
    expectValidMessage(view);
    expect(fieldTexts(view.blocks)).toEqual([
      "*Company*\n—",
      "*Amount*\n—",
      "*Stage*\nLead · 10%  ▰▱▱▱▱▱▱▱▱▱",
      "*Owner*\n<@U0ANA>",
      "*Expected close*\n—",
      "*Next step*\n—",
    ]);
  });

  it("stays within every limit for 5,000-character fields full of mentions, markup and emoji", () => {
    for (const stageKey of ["proposal", "won", "lost"]) {
      const deal = makeDeal({
        name: hostile(5000),
        accountName: hostile(5000),
        nextStep: hostile(5000),
        lostReason: hostile(5000),
        source: hostile(5000),
        contacts: Array.from({ length: 10 }, () => ({
          name: hostile(200),
          title: hostile(200),
          email: hostile(200),
          phone: null,
        })),
        stage: stage(stageKey),
        closedAt: stageKey === "proposal" ? null : daysAgo(2),
      });
      for (const canChange of [true, false]) {
        const view = dealCardMessage(deal, { ...ctx, canChange });
        expectValidMessage(view);
        expectNoRawTokens(view);
        // The header is plain text (never parsed), so it shows what was typed, cut to 150.
        const title = header(view.blocks);
        expect(title.startsWith("D-12 · <@U1> <!channel> *bold*")).toBe(true);
        expect(title.length).toBeLessThanOrEqual(150);
        expect(mrkdwnTexts(view.blocks).join("\n")).toContain("&lt;!channel&gt;");
      }
    }
  });

  it("stays valid for any text in any field (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 6000, size: "large" }),
        fc.string({ unit: "grapheme", maxLength: 3000, size: "large" }),
        fc.constantFrom("lead", "negotiation", "won", "lost"),
        (text, other, stageKey) => {
          const deal = makeDeal({
            name: text,
            accountName: other,
            nextStep: text,
            lostReason: other,
            stage: stage(stageKey),
          });
          const view = dealCardMessage(deal, ctx);
          expectValidMessage(view);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("thread replies", () => {
  it("say what changed and who did it", () => {
    expect(movedText(stage("demo"), stage("proposal"), "U0ANA")).toBe("moved *Demo → Proposal* by <@U0ANA>");
    expect(wonText("U0ANA")).toBe("marked *Won* by <@U0ANA>");
    expect(lostText("No budget", "U0ANA")).toBe("marked *Lost* by <@U0ANA>: No budget");
    expect(editedText(["Amount", "Expected close date"], "U0BEN")).toBe(
      "edited *Amount, Expected close date* by <@U0BEN>",
    );
    expect(editedText([], "U0BEN")).toBe("edited by <@U0BEN>");
    expect(reopenedText(stage("demo"), "U0ANA")).toBe("reopened in *Demo* by <@U0ANA>");
    expect(noteAddedText("Call went well.\nThey want a pilot.", "U0ANA")).toBe(
      "note from <@U0ANA>:\n>Call went well.\n>They want a pilot.",
    );
  });

  it("escape what users typed and stay within a message's limits", () => {
    const texts = [
      lostText(hostile(5000), "U0ANA"),
      noteAddedText(hostile(2900), "U0ANA"),
      noteAddedText("\n".repeat(2900), "U0ANA"),
      noteAddedText("&".repeat(2900), "U0ANA"),
      movedText({ ...stage("demo"), name: hostile(500) }, stage("proposal"), "U0ANA"),
      editedText([hostile(900), hostile(900)], "U0ANA"),
    ];
    for (const text of texts) {
      const view = dealThreadReply(text);
      expectValidMessage(view);
      expectNoRawTokens(view);
    }
  });

  it("never lets a user id become anything but a mention", () => {
    expect(wonText("<!channel>")).not.toContain("<!channel>");
  });
});

describe("helpers", () => {
  it("fitMrkdwn keeps escaped text within the limit, even when escaping multiplies its length", () => {
    const fitted = fitMrkdwn("&".repeat(1000), 100);
    expect(fitted.length).toBeLessThanOrEqual(100);
    expect(fitted).toMatch(/^(&amp;)+…$/);
    expect(fitMrkdwn("Acme & Co", 100)).toBe(escapeMrkdwn("Acme & Co"));
  });

  it("reads back only the block_ids it wrote", () => {
    expect(readDealActionsBlockId(dealActionsBlockId({ id: "abc", version: 7 }))).toEqual({
      dealId: "abc",
      version: 7,
    });
    expect(readDealActionsBlockId("something:else:1")).toBeUndefined();
    expect(readDealActionsBlockId("deal.actions:abc:x")).toBeUndefined();
  });
});
