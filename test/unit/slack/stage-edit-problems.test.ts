import { describe, expect, it } from "vitest";
import { applyStageEdits, type StageEdit } from "../../../src/domain/stage-edits.ts";
import { DEFAULT_STAGES, type Stage } from "../../../src/domain/stages.ts";
import { AppError } from "../../../src/lib/app-error.ts";
import { appErrorText, stageEditProblemText } from "../../../src/slack/error-messages.ts";

const STAGES: Stage[] = DEFAULT_STAGES.map((s) => ({ ...s, id: `id-${s.key}` }));

/** The form as it opens: every stage with its current values. */
function form(): StageEdit[] {
  return STAGES.map((s) => ({
    stageId: s.id,
    name: s.name,
    order: String(s.position),
    probability: String(s.probability),
    ...(s.kind === "open" ? { staleAfterDays: String(s.staleAfterDays) } : {}),
  }));
}

function edit(key: string, change: Partial<StageEdit>): StageEdit[] {
  return form().map((e) => (e.stageId === `id-${key}` ? { ...e, ...change } : e));
}

/** Each problem as the Edit stages form shows it: stage, field and words. */
function problemsOf(edits: StageEdit[]) {
  const result = applyStageEdits(STAGES, edits);
  if (result.ok) throw new Error("expected problems");
  return result.problems.map((p) => [p.stageId, p.field, stageEditProblemText(p)] as const);
}

describe("stageEditProblemText: the stage rules in words", () => {
  it("refuses duplicate names, also against another stage's key, ignoring case", () => {
    expect(problemsOf(edit("demo", { name: "proposal" }))).toContainEqual([
      "id-demo",
      "name",
      "Proposal is already called that.",
    ]);
  });

  it("refuses probabilities outside 0–100 or not whole, and keeps Won at 100 and Lost at 0", () => {
    expect(problemsOf(edit("demo", { probability: "101" }))[0]).toEqual([
      "id-demo",
      "probability",
      "The probability is a whole number from 0 to 100.",
    ]);
    expect(problemsOf(edit("won", { probability: "90" }))[0]).toEqual([
      "id-won",
      "probability",
      "Won counts the whole amount: keep it at 100.",
    ]);
    expect(problemsOf(edit("lost", { probability: "5" }))[0]).toEqual([
      "id-lost",
      "probability",
      "Lost counts nothing: keep it at 0.",
    ]);
  });

  it("needs a stale period of at least a day for open stages", () => {
    expect(problemsOf(edit("lead", { staleAfterDays: "0" }))[0]).toEqual([
      "id-lead",
      "staleAfterDays",
      "Stale after is a whole number of days, 1 to 365.",
    ]);
  });

  it("keeps Won and Lost after every open stage and orders unique", () => {
    expect(problemsOf(edit("won", { order: "1" }))).toContainEqual([
      "id-won",
      "order",
      "Won comes after every open stage.",
    ]);
    expect(problemsOf(edit("lost", { order: "1" }))).toContainEqual([
      "id-lost",
      "order",
      "Lost comes after every open stage.",
    ]);
    expect(problemsOf(edit("demo", { order: "2" }))).toContainEqual([
      "id-demo",
      "order",
      "Qualified has this order too.",
    ]);
    expect(problemsOf(edit("demo", { order: "0" }))[0]).toEqual([
      "id-demo",
      "order",
      "The order is a whole number, 1 for the first stage.",
    ]);
  });

  it("refuses empty, long and marked-up names", () => {
    expect(problemsOf(edit("demo", { name: "   " }))[0]).toEqual([
      "id-demo",
      "name",
      "Give the stage a name.",
    ]);
    expect(problemsOf(edit("demo", { name: "<!channel>" }))[0]).toEqual([
      "id-demo",
      "name",
      "Use letters, digits, spaces and simple punctuation.",
    ]);
    expect(problemsOf(edit("demo", { name: "x".repeat(41) }))[0]).toEqual([
      "id-demo",
      "name",
      "Keep the name under 40 characters (it has 41).",
    ]);
  });

  it("reports a stage it does not know as an out-of-date form", () => {
    expect(problemsOf([{ stageId: "id-gone", name: "X", order: "1", probability: "1" }])[0]?.[2]).toMatch(
      /changed since this form opened/,
    );
    expect(stageEditProblemText({ kind: "stages_changed" })).toBe(
      "The stages changed since this form opened — close it and run `/handoff stages` again.",
    );
  });

  it("words the rules for the pipeline as a whole", () => {
    expect(stageEditProblemText({ kind: "needs_won_and_lost" })).toBe(
      "A pipeline needs exactly one Won and one Lost stage.",
    );
    expect(stageEditProblemText({ kind: "needs_open_stage" })).toBe("A pipeline needs an open stage.");
  });

  it.each([
    ["full-width letters", "demo", "Ｐｒｏｐｏｓａｌ", "Proposal is already called that."],
    ["a zero-width space inside", "demo", "Le\u200Bad", "Lead is already called that."],
    ["a soft hyphen inside", "demo", "Quali\u00ADfied", "Qualified is already called that."],
  ])("refuses %s beside an existing name", (_what, key, name, message) => {
    expect(problemsOf(edit(key, { name }))).toContainEqual([`id-${key}`, "name", message]);
  });

  it.each([["\u200B"], ["\u200B\u200D\uFEFF"], [" \u2060 "]])(
    "refuses a name with nothing visible (%j)",
    (name) => {
      expect(problemsOf(edit("demo", { name }))).toContainEqual([
        "id-demo",
        "name",
        "Give the stage a name.",
      ]);
    },
  );

  it("is what the service's refusal says, from its first problem", () => {
    const error = new AppError("stages.invalid", {
      problems: [
        { stageId: "id-demo", field: "order", kind: "order_shared", sharedWith: "Qualified" },
        { stageId: "id-demo", field: "name", kind: "name_missing" },
      ],
    });
    expect(appErrorText(error)).toBe("Qualified has this order too.");
  });
});
