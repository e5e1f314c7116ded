import { describe, expect, it } from "vitest";
import { DEFAULT_STAGES, matchStage, type Stage, type StageDefinition } from "../../../src/domain/stages.ts";
import { AppError } from "../../../src/lib/app-error.ts";
import { appErrorText, stageMatchText } from "../../../src/slack/error-messages.ts";

function withIds(definitions: readonly StageDefinition[]): Stage[] {
  return definitions.map((definition) => ({ ...definition, id: `stage-${definition.key}` }));
}

const STAGES = withIds(DEFAULT_STAGES);
const ALL_NAMES = "Lead, Qualified, Demo, Proposal, Negotiation, Won, Lost";

/** What `/deal move D-1 <query>` says when no one stage goes by the query. */
function matchError(stages: readonly Stage[], query: string): string {
  const match = matchStage(stages, query);
  if (match.ok) throw new Error(`expected no stage for ${JSON.stringify(query)}, got ${match.stage.key}`);
  return stageMatchText(match.problem);
}

describe("stageMatchText: a stage nobody can tell from what was typed", () => {
  it("refuses an ambiguous prefix and names every candidate", () => {
    expect(matchError(STAGES, "l")).toBe('"l" could be Lead or Lost — type a little more.');
    const stages = withIds([
      { ...DEFAULT_STAGES[2]!, key: "demo", name: "Demo" },
      { ...DEFAULT_STAGES[3]!, key: "deal_review", name: "Deal review", position: 4 },
      { ...DEFAULT_STAGES[4]!, key: "delivery_check", name: "Delivery check", position: 5 },
      { ...DEFAULT_STAGES[5]!, key: "won", name: "Won", position: 6 },
    ]);
    expect(matchError(stages, "De")).toBe(
      '"De" could be Demo or Deal review or Delivery check — type a little more.',
    );
  });

  it("names every stage when nothing matches", () => {
    expect(matchError(STAGES, "closed")).toBe(
      `There is no stage called "closed". The stages are: ${ALL_NAMES}.`,
    );
    expect(matchError(STAGES, "proposals")).toBe(
      `There is no stage called "proposals". The stages are: ${ALL_NAMES}.`,
    );
  });

  it.each(["", "   ", "\t\n"])("asks which stage for the empty query %j", (query) => {
    expect(matchError(STAGES, query)).toBe(`Which stage? One of: ${ALL_NAMES}.`);
  });

  it("escapes what it echoes, so a query can't ping the channel or add markup", () => {
    const error = matchError(STAGES, "<!channel> *now*");
    expect(error).not.toContain("<!channel>");
    expect(error).toContain("&lt;!channel&gt;");
    expect(error).toBe(`There is no stage called "&lt;!channel&gt; ∗now∗". The stages are: ${ALL_NAMES}.`);
  });

  it("escapes the echoed query in the ambiguity message too", () => {
    const stages = withIds([
      { ...DEFAULT_STAGES[0]!, key: "a_and_b", name: "A & B" },
      { ...DEFAULT_STAGES[1]!, key: "a_and_c", name: "A & C" },
    ]);
    expect(matchError(stages, "a &")).toBe('"a &amp;" could be A & B or A & C — type a little more.');
  });

  it("finds nothing in an empty pipeline", () => {
    expect(matchError([], "lead")).toBe('There is no stage called "lead". The stages are: .');
  });

  it("is what the service's refusal says", () => {
    const error = new AppError("stage.unmatched", {
      field: "stage",
      problem: { kind: "no_match", query: "nowhere", stages: ["Lead", "Won"] },
    });
    expect(appErrorText(error)).toBe('There is no stage called "nowhere". The stages are: Lead, Won.');
  });
});
