import { describe, expect, it } from "vitest";
import {
  DEFAULT_STAGES,
  firstOpenStage,
  matchStage,
  openStages,
  type Stage,
  type StageDefinition,
  type StageMatchProblem,
} from "../../../src/domain/stages.ts";

function withIds(definitions: readonly StageDefinition[]): Stage[] {
  return definitions.map((definition) => ({ ...definition, id: `stage-${definition.key}` }));
}

const STAGES = withIds(DEFAULT_STAGES);
const ALL_NAMES = ["Lead", "Qualified", "Demo", "Proposal", "Negotiation", "Won", "Lost"];

function matchedKey(stages: readonly Stage[], query: string): string {
  const match = matchStage(stages, query);
  if (!match.ok)
    throw new Error(`expected a stage for ${JSON.stringify(query)}, got: ${JSON.stringify(match.problem)}`);
  return match.stage.key;
}

function matchProblem(stages: readonly Stage[], query: string): StageMatchProblem {
  const match = matchStage(stages, query);
  if (match.ok) throw new Error(`expected no stage for ${JSON.stringify(query)}, got ${match.stage.key}`);
  return match.problem;
}

describe("DEFAULT_STAGES", () => {
  it("are Lead 10 · Qualified 25 · Demo 40 · Proposal 60 · Negotiation 80 · Won 100 · Lost 0, in order", () => {
    expect(DEFAULT_STAGES.map((s) => [s.position, s.name, s.probability, s.kind])).toEqual([
      [1, "Lead", 10, "open"],
      [2, "Qualified", 25, "open"],
      [3, "Demo", 40, "open"],
      [4, "Proposal", 60, "open"],
      [5, "Negotiation", 80, "open"],
      [6, "Won", 100, "won"],
      [7, "Lost", 0, "lost"],
    ]);
  });

  it("go stale after 7/14/14/10/10 days when open, and never when closed", () => {
    expect(DEFAULT_STAGES.map((s) => [s.key, s.staleAfterDays])).toEqual([
      ["lead", 7],
      ["qualified", 14],
      ["demo", 14],
      ["proposal", 10],
      ["negotiation", 10],
      ["won", null],
      ["lost", null],
    ]);
  });

  it("need an amount and a close date from Qualified on, but not for Lead or Lost", () => {
    expect(DEFAULT_STAGES.filter((s) => s.requiresAmountAndCloseDate).map((s) => s.key)).toEqual([
      "qualified",
      "demo",
      "proposal",
      "negotiation",
      "won",
    ]);
  });

  it("have unique lower-case keys", () => {
    const keys = DEFAULT_STAGES.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toBe(key.toLowerCase());
  });
});

describe("matchStage", () => {
  it.each([
    ["Proposal", "proposal"],
    ["proposal", "proposal"],
    ["PROPOSAL", "proposal"],
    ["  Negotiation  ", "negotiation"],
    ["won", "won"],
    ["Lost", "lost"],
  ])("finds %j by its exact name or key", (query, key) => {
    expect(matchedKey(STAGES, query)).toBe(key);
  });

  it.each([
    ["prop", "proposal"],
    ["Prop", "proposal"],
    ["q", "qualified"],
    ["Q", "qualified"],
    ["neg", "negotiation"],
    ["d", "demo"],
    ["lo", "lost"],
    ["le", "lead"],
  ])("finds %j by a unique prefix", (query, key) => {
    expect(matchedKey(STAGES, query)).toBe(key);
  });

  it("matches a key that differs from the name, by exact key and by key prefix", () => {
    const stages = withIds([
      { ...DEFAULT_STAGES[0]!, key: "lead", name: "Inbound" },
      { ...DEFAULT_STAGES[5]!, key: "won", name: "Closed – signed" },
    ]);
    expect(matchedKey(stages, "won")).toBe("won");
    expect(matchedKey(stages, "lea")).toBe("lead");
    expect(matchedKey(stages, "inb")).toBe("lead");
    expect(matchedKey(stages, "closed – signed")).toBe("won");
  });

  it("prefers an exact name over a longer name it is a prefix of", () => {
    const stages = withIds([
      { ...DEFAULT_STAGES[2]!, key: "demo", name: "Demo" },
      { ...DEFAULT_STAGES[3]!, key: "demo_done", name: "Demo done", position: 4 },
    ]);
    expect(matchedKey(stages, "demo")).toBe("demo");
    expect(matchedKey(stages, "demo d")).toBe("demo_done");
  });

  it("refuses an ambiguous prefix and names every candidate", () => {
    expect(matchProblem(STAGES, "l")).toEqual({
      kind: "ambiguous",
      query: "l",
      candidates: ["Lead", "Lost"],
    });
    const stages = withIds([
      { ...DEFAULT_STAGES[2]!, key: "demo", name: "Demo" },
      { ...DEFAULT_STAGES[3]!, key: "deal_review", name: "Deal review", position: 4 },
      { ...DEFAULT_STAGES[4]!, key: "delivery_check", name: "Delivery check", position: 5 },
      { ...DEFAULT_STAGES[5]!, key: "won", name: "Won", position: 6 },
    ]);
    expect(matchProblem(stages, "De")).toEqual({
      kind: "ambiguous",
      query: "De",
      candidates: ["Demo", "Deal review", "Delivery check"],
    });
    expect(matchedKey(stages, "dea")).toBe("deal_review");
    expect(matchedKey(stages, "del")).toBe("delivery_check");
  });

  it("names every stage when nothing matches", () => {
    expect(matchProblem(STAGES, "closed")).toEqual({ kind: "no_match", query: "closed", stages: ALL_NAMES });
    expect(matchProblem(STAGES, "proposals")).toEqual({
      kind: "no_match",
      query: "proposals",
      stages: ALL_NAMES,
    });
  });

  it.each(["", "   ", "\t\n"])("asks which stage for the empty query %j", (query) => {
    expect(matchProblem(STAGES, query)).toEqual({ kind: "no_query", stages: ALL_NAMES });
  });

  it("keeps the query as typed: escaping is for whoever words it", () => {
    expect(matchProblem(STAGES, "<!channel> *now*")).toEqual({
      kind: "no_match",
      query: "<!channel> *now*",
      stages: ALL_NAMES,
    });
  });

  it("finds nothing in an empty pipeline", () => {
    expect(matchProblem([], "lead")).toEqual({ kind: "no_match", query: "lead", stages: [] });
  });
});

describe("openStages and firstOpenStage", () => {
  const shuffled = [STAGES[6]!, STAGES[3]!, STAGES[0]!, STAGES[5]!, STAGES[4]!, STAGES[1]!, STAGES[2]!];

  it("lists the open stages by position, whatever the input order", () => {
    expect(openStages(shuffled).map((s) => s.key)).toEqual([
      "lead",
      "qualified",
      "demo",
      "proposal",
      "negotiation",
    ]);
  });

  it("does not reorder the caller's array", () => {
    const copy = [...shuffled];
    openStages(copy);
    expect(copy.map((s) => s.key)).toEqual(shuffled.map((s) => s.key));
  });

  it("picks the open stage with the lowest position", () => {
    expect(firstOpenStage(shuffled).key).toBe("lead");
    const withoutLead = shuffled.filter((s) => s.key !== "lead");
    expect(firstOpenStage(withoutLead).key).toBe("qualified");
  });

  it("skips closed stages even when they come first", () => {
    const stages = withIds([
      { ...DEFAULT_STAGES[5]!, position: 1 },
      { ...DEFAULT_STAGES[6]!, position: 2 },
      { ...DEFAULT_STAGES[3]!, position: 3 },
    ]);
    expect(firstOpenStage(stages).key).toBe("proposal");
    expect(openStages(stages).map((s) => s.key)).toEqual(["proposal"]);
  });

  it("throws when a pipeline has no open stage", () => {
    expect(() => firstOpenStage(STAGES.filter((s) => s.kind !== "open"))).toThrow(
      "a pipeline needs at least one open stage",
    );
    expect(openStages([])).toEqual([]);
  });
});

describe("matchStage with look-alike text", () => {
  const stages: Stage[] = DEFAULT_STAGES.map((s) => ({ ...s, id: `id-${s.key}` }));
  it.each([["Ｐｒｏｐｏｓａｌ"], ["Pro\u200Bposal"], ["PROPOSAL"]])("finds Proposal from %j", (text) => {
    const match = matchStage(stages, text);
    expect(match.ok && match.stage.key).toBe("proposal");
  });
});
