import type { Button, KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { Deal } from "../../../../src/domain/deal.ts";
import type { PipelineSummary, StageSummary } from "../../../../src/domain/pipeline.ts";
import { DealAction } from "../../../../src/slack/ids.ts";
import { jsonOf, ZPipelineShare } from "../../../../src/slack/payloads.ts";
import { pipelineMessage, sharedPipelineMessage } from "../../../../src/slack/views/pipeline.ts";
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

function stageSummary(key: string, count: number, totals: StageSummary["totals"]): StageSummary {
  return { stage: stage(key), count, totals };
}

const typical: PipelineSummary = {
  scope: { kind: "all" },
  stages: [
    stageSummary("lead", 0, []),
    stageSummary("qualified", 2, [{ currency: "USD", value: "20000", weighted: "5000" }]),
    stageSummary("demo", 1, [{ currency: "USD", value: "10000", weighted: "4000" }]),
    stageSummary("proposal", 4, [
      { currency: "USD", value: "48000", weighted: "28800" },
      { currency: "EUR", value: "10000", weighted: "6000" },
    ]),
    stageSummary("negotiation", 0, []),
    stageSummary("won", 3, [{ currency: "USD", value: "30000", weighted: "30000" }]),
  ],
  month: {
    label: "December 2026",
    start: "2026-12-01",
    end: "2026-12-31",
    won: [{ currency: "USD", value: "30000" }],
    weighted: [{ currency: "USD", value: "28800" }],
  },
  quarter: {
    label: "Q4 2026",
    start: "2026-10-01",
    end: "2026-12-31",
    won: [],
    weighted: [
      { currency: "USD", value: "37800" },
      { currency: "EUR", value: "6000" },
    ],
  },
  stale: [makeDeal({ number: 3, name: "Foo", lastActivityAt: daysAgo(16) })],
  staleCount: 1,
  today: TODAY,
};

function buttons(blocks: KnownBlock[] | undefined): Button[] {
  return blocksOfType(blocks, "actions").flatMap((a) =>
    a.elements.filter((e): e is Button => e.type === "button"),
  );
}

function sectionText(blocks: KnownBlock[] | undefined): string {
  return mrkdwnTexts(blocksOfType(blocks, "section")).join("\n");
}

describe("pipelineMessage", () => {
  it("shows each stage's count, value and weighted value, the forecast and the stale deals", () => {
    const view = pipelineMessage(typical, { shareable: true, now: NOW });
    expectValidMessage(view);
    expect(blocksOfType(view.blocks, "header")[0]?.text.text).toBe("Pipeline");
    expect(sectionText(view.blocks).split("\n")).toEqual([
      "*Lead* (10%) — no deals",
      "*Qualified* (25%) — 2 deals · $20,000 · weighted $5,000",
      "*Demo* (40%) — 1 deal · $10,000 · weighted $4,000",
      "*Proposal* (60%) — 4 deals · $48,000 + €10,000 · weighted $28,800 + €6,000",
      "*Negotiation* (80%) — no deals",
      "*Won* — 3 deals · $30,000",
      "*Open pipeline* — 7 deals · $78,000 + €10,000 · weighted $37,800 + €6,000",
      "*Forecast*",
      "This month (December 2026): won $30,000 · weighted $28,800",
      "This quarter (Q4 2026): won — · weighted $37,800 + €6,000",
      "*Stale deals* (1)",
      "• *D-3* Foo — Proposal, 16 days quiet, <@U0ANA>",
    ]);
    expect(view.text).toBe("Pipeline: 7 open deals · 1 stale");
  });

  it("offers Share in channel with the scope, and says only the viewer sees it", () => {
    const view = pipelineMessage(typical, { shareable: true, now: NOW });
    const [share] = buttons(view.blocks);
    expect(share?.text.text).toBe("Share in channel");
    expect(share?.action_id).toBe(DealAction.SharePipeline);
    expect(JSON.parse(share?.value ?? "")).toEqual({ scope: "all" });
    expect(mrkdwnTexts(blocksOfType(view.blocks, "context")).at(-1)).toBe("Only you can see this.");

    const mine = pipelineMessage(
      { ...typical, scope: { kind: "owner", userId: "U0ANA" } },
      { shareable: true, now: NOW },
    );
    const value = buttons(mine.blocks)[0]?.value ?? "";
    expect(JSON.parse(value)).toEqual({ scope: "owner", userId: "U0ANA" });
    expect(readPipelineShareValue(value)).toEqual({ scope: "owner", userId: "U0ANA" });
    expect(mrkdwnTexts(blocksOfType(mine.blocks, "context"))[0]).toBe("for <@U0ANA> · Wed 2 Dec");
  });

  it("has no button when it can't be shared", () => {
    const view = pipelineMessage(typical, { shareable: false, now: NOW });
    expectValidMessage(view);
    expect(buttons(view.blocks)).toEqual([]);
    expect(mrkdwnTexts(view.blocks).join("\n")).not.toContain("Only you can see this");
  });

  it("stays within Slack's limits for 7 stages × 5 currencies and 500 stale deals", () => {
    const currencies = ["USD", "EUR", "GBP", "JPY", "CHF"];
    const totals = currencies.map((currency, i) => ({
      currency,
      value: `${9_999_999_999_999 - i}.99`,
      weighted: `${5_999_999_999_999 - i}.99`,
    }));
    const stale: Deal[] = Array.from({ length: 500 }, (_, i) =>
      makeDeal({ number: i + 1, name: hostile(5000), ownerId: `U0${i}`, lastActivityAt: daysAgo(30 + i) }),
    );
    const summary: PipelineSummary = {
      ...typical,
      scope: { kind: "owner", userId: "U0ANA" },
      stages: STAGES.map((s) => ({ stage: { ...s, name: hostile(200) }, count: 99_999, totals })),
      month: { ...typical.month, label: hostile(300), won: totals, weighted: totals },
      quarter: { ...typical.quarter, won: totals, weighted: totals },
      stale,
      staleCount: 500,
    };
    for (const view of [
      pipelineMessage(summary, { shareable: true, now: NOW }),
      sharedPipelineMessage(summary, { sharedBy: "U0BEN", now: NOW }),
    ]) {
      expectValidMessage(view);
      expectNoRawTokens(view);
      const text = sectionText(view.blocks);
      expect(text).toContain("*Stale deals* (500)");
      expect(text).toMatch(/and 49\d more/);
    }
  });

  it("shows fewer details rather than fail when even that is too much", () => {
    const currencies = ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK"];
    const totals = currencies.map((currency) => ({ currency, value: "9999999999999.99", weighted: "1.5" }));
    const manyStages = Array.from({ length: 60 }, (_, i) => ({
      stage: { ...stage("demo"), id: `s${i}`, name: hostile(200) },
      count: 1,
      totals,
    }));
    const view = pipelineMessage({ ...typical, stages: manyStages }, { shareable: true, now: NOW });
    expectValidMessage(view);
    // Five currencies a line (then "+ 5 other currencies") would pass ~13k characters here.
    expect(sectionText(view.blocks)).not.toContain("+ 5 other currencies");
    expect(sectionText(view.blocks)).toMatch(/\+ [789] other currencies/);
  });

  it("lists a quiet lead nobody has taken as not taken yet", () => {
    const lead = makeDeal({
      ownerId: "U0HANDOFF",
      awaitingOwner: true,
      stage: stage("lead"),
      lastActivityAt: daysAgo(9),
    });
    const view = pipelineMessage({ ...typical, stale: [lead], staleCount: 1 }, { shareable: true, now: NOW });
    expectValidMessage(view);
    expect(sectionText(view.blocks)).toContain("• *D-12* Acme renewal — Lead, 9 days quiet, _not taken yet_");
    expect(JSON.stringify(view)).not.toContain("U0HANDOFF");
  });

  it("says so when no deal is stale", () => {
    const view = pipelineMessage({ ...typical, stale: [], staleCount: 0 }, { shareable: true, now: NOW });
    expect(sectionText(view.blocks)).toContain("*Stale deals*: none");
  });
});

describe("sharedPipelineMessage", () => {
  it("is the same pipeline without the button, saying who shared it", () => {
    const view = sharedPipelineMessage(typical, { sharedBy: "U0BEN", now: NOW });
    expectValidMessage(view);
    expect(buttons(view.blocks)).toEqual([]);
    expect(mrkdwnTexts(blocksOfType(view.blocks, "context")).at(-1)).toBe("Shared by <@U0BEN>");
    expect(sectionText(view.blocks)).toBe(
      sectionText(pipelineMessage(typical, { shareable: true, now: NOW }).blocks),
    );
  });
});

/** The Share button's value as the listener reads it (payloads.ts); undefined when it does not fit. */
const readPipelineShareValue = (value: string) => jsonOf(ZPipelineShare).safeParse(value).data;

describe("readPipelineShareValue", () => {
  it("accepts only the values the button carries", () => {
    expect(readPipelineShareValue('{"scope":"all"}')).toEqual({ scope: "all" });
    expect(readPipelineShareValue('{"scope":"owner"}')).toBeUndefined();
    expect(readPipelineShareValue("all")).toBeUndefined();
    expect(readPipelineShareValue("null")).toBeUndefined();
  });
});
