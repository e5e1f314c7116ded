import type { Button, KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { Deal } from "../../../../src/domain/deal.ts";
import { DealAction } from "../../../../src/slack/ids.ts";
import { ambiguousDealMessage, dealListMessage } from "../../../../src/slack/views/deal-list.ts";
import {
  blocksOfType,
  daysAgo,
  expectNoRawTokens,
  expectValidMessage,
  hostile,
  makeDeal,
  mrkdwnTexts,
  NOW,
  stage,
  TODAY,
} from "./deal-fixtures.ts";

const ctx = {
  title: "Your open deals",
  total: 0,
  now: NOW,
  today: TODAY,
  emptyText: "You have no open deals. Start one with `/deal new`.",
};

function rows(blocks: KnownBlock[] | undefined) {
  return blocksOfType(blocks, "section").filter((s) => s.accessory?.type === "button");
}

function manyDeals(count: number, overrides: (i: number) => Partial<Deal> = () => ({})): Deal[] {
  return Array.from({ length: count }, (_, i) =>
    makeDeal({
      id: `d3a10000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      number: i + 1,
      ...overrides(i),
    }),
  );
}

describe("dealListMessage", () => {
  it("lists each deal on one line with an Open button carrying its id", () => {
    const deals = [
      makeDeal(),
      makeDeal({
        id: "d3a10000-0000-4000-8000-000000000013",
        number: 13,
        name: "Globex pilot",
        accountName: "Globex",
        amount: null,
        stage: stage("demo"),
        ownerId: "U0BEN",
        expectedCloseDate: "2026-11-20",
        lastActivityAt: daysAgo(20),
      }),
    ];
    const view = dealListMessage(deals, { ...ctx, total: 2 });
    expectValidMessage(view);
    expect(blocksOfType(view.blocks, "header")[0]?.text.text).toBe("Your open deals");
    expect(rows(view.blocks).map((r) => r.text?.text)).toEqual([
      "*D-12* Acme renewal — Acme · $12,000 · Proposal · closes Sat 5 Dec · <@U0ANA>",
      "*D-13* Globex pilot — Globex · — · Demo · closes Fri 20 Nov · <@U0BEN> · *overdue* · _stale_",
    ]);
    const buttons = rows(view.blocks).map((r) => r.accessory as Button);
    expect(buttons.map((b) => [b.text.text, b.action_id, b.value])).toEqual([
      ["Open", DealAction.ShowDeal, deals[0]!.id],
      ["Open", DealAction.ShowDeal, deals[1]!.id],
    ]);
    expect(view.text).toBe("Your open deals: 2 deals");
    expect(blocksOfType(view.blocks, "context")).toEqual([]);
  });

  it("lists at most 40 of 200 deals and says how many more there are and how to narrow it", () => {
    const view = dealListMessage(manyDeals(200), { ...ctx, total: 200 });
    expectValidMessage(view);
    expect(view.blocks?.length).toBeLessThanOrEqual(50);
    const shown = rows(view.blocks).length;
    expect(shown).toBe(40);
    expect(mrkdwnTexts(blocksOfType(view.blocks, "context"))).toEqual([
      "and 160 more — narrow it with `/deal list &lt;stage&gt;` or `/deal find &lt;text&gt;`",
    ]);
  });

  it("counts the deals it wasn't given when the total says there are more", () => {
    const view = dealListMessage(manyDeals(40), { ...ctx, total: 75 });
    expect(mrkdwnTexts(blocksOfType(view.blocks, "context"))[0]).toMatch(/^and 35 more/);
  });

  it("lists fewer when long names would pass Slack's size limit, and counts the rest", () => {
    const deals = manyDeals(200, () => ({ name: hostile(5000), accountName: hostile(5000) }));
    const view = dealListMessage(deals, { ...ctx, title: hostile(500), total: 200 });
    expectValidMessage(view);
    expectNoRawTokens(view);
    const shown = rows(view.blocks).length;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(40);
    expect(mrkdwnTexts(blocksOfType(view.blocks, "context"))[0]).toMatch(
      new RegExp(`^and ${200 - shown} more`),
    );
  });

  it("says a lead nobody has taken is not taken yet, not whose user holds it", () => {
    const lead = makeDeal({ ownerId: "U0HANDOFF", awaitingOwner: true, stage: stage("lead") });
    const view = dealListMessage([lead], { ...ctx, total: 1 });
    expectValidMessage(view);
    expect(rows(view.blocks).map((r) => r.text?.text)).toEqual([
      "*D-12* Acme renewal — Acme · $12,000 · Lead · closes Sat 5 Dec · _not taken yet_",
    ]);
    expect(JSON.stringify(view)).not.toContain("U0HANDOFF");
  });

  it("shows the empty text when nothing matched", () => {
    const view = dealListMessage([], ctx);
    expectValidMessage(view);
    expect(mrkdwnTexts(view.blocks)).toEqual([ctx.emptyText]);
    expect(rows(view.blocks)).toEqual([]);
  });
});

describe("ambiguousDealMessage", () => {
  it("asks which deal, offers each with Open, and suggests naming it by reference", () => {
    const deals = manyDeals(3, (i) => ({ name: `Acme ${["renewal", "pilot", "upsell"][i]}` }));
    const view = ambiguousDealMessage("acme", deals);
    expectValidMessage(view);
    const texts = mrkdwnTexts(view.blocks);
    expect(texts[0]).toBe("“acme” matches 3 deals — which one?");
    expect(rows(view.blocks)).toHaveLength(3);
    expect(rows(view.blocks).map((r) => (r.accessory as Button).value)).toEqual(deals.map((d) => d.id));
    expect(texts.at(-1)).toBe("Name a deal by its reference to skip this question, e.g. `/deal D-1`.");
  });

  it("escapes the query and stays valid for many long candidates", () => {
    const deals = manyDeals(60, () => ({ name: hostile(5000), accountName: hostile(5000) }));
    const view = ambiguousDealMessage(hostile(5000), deals);
    expectValidMessage(view);
    expectNoRawTokens(view);
    expect(mrkdwnTexts(view.blocks).at(-1)).toMatch(/^and \d+ more\. Name a deal/);
  });

  it("says so when there is no candidate at all", () => {
    const view = ambiguousDealMessage("zzz", []);
    expectValidMessage(view);
    expect(view.text).toContain("No deal matches “zzz”");
  });
});
