import { describe, expect, it } from "vitest";
import { applyStageEdits, type StageEdit, stagesFingerprint } from "../../../src/domain/stage-edits.ts";
import { DEFAULT_STAGES, type Stage } from "../../../src/domain/stages.ts";

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

function problemsOf(edits: StageEdit[]) {
  const result = applyStageEdits(STAGES, edits);
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

describe("applyStageEdits", () => {
  it("changes nothing when the form is saved as it opened", () => {
    const result = applyStageEdits(STAGES, form());
    expect(result).toMatchObject({ ok: true, changed: [] });
  });

  it("renames, retunes and keeps ids, keys and kinds", () => {
    const result = applyStageEdits(
      STAGES,
      edit("demo", { name: "  Pitch   meeting ", probability: "45", staleAfterDays: "21" }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.changed).toEqual([
      { ...STAGES[2], name: "Pitch meeting", probability: 45, staleAfterDays: 21 },
    ]);
  });

  it("reorders open stages and renumbers positions 1…n", () => {
    const result = applyStageEdits(
      STAGES,
      edit("lead", { order: "4" }).map((e) => (e.stageId === "id-proposal" ? { ...e, order: "1" } : e)),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.stages.map((s) => [s.key, s.position])).toEqual([
      ["proposal", 1],
      ["qualified", 2],
      ["demo", 3],
      ["lead", 4],
      ["negotiation", 5],
      ["won", 6],
      ["lost", 7],
    ]);
    expect(result.changed.map((s) => s.key).sort()).toEqual(["lead", "proposal"]);
  });

  it("refuses duplicate names, also against another stage's key, ignoring case", () => {
    expect(problemsOf(edit("demo", { name: "proposal" }))).toContainEqual({
      stageId: "id-demo",
      field: "name",
      kind: "name_taken",
      takenBy: "Proposal",
    });
    expect(problemsOf(edit("lead", { name: "Qualified" }))[0]?.field).toBe("name");
  });

  it("refuses probabilities outside 0–100 or not whole, and keeps Won at 100 and Lost at 0", () => {
    expect(problemsOf(edit("demo", { probability: "101" }))[0]).toEqual({
      stageId: "id-demo",
      field: "probability",
      kind: "probability_invalid",
    });
    expect(problemsOf(edit("demo", { probability: "40.5" }))[0]?.field).toBe("probability");
    expect(problemsOf(edit("demo", { probability: "-1" }))[0]?.field).toBe("probability");
    expect(problemsOf(edit("won", { probability: "90" }))[0]).toMatchObject({
      stageId: "id-won",
      kind: "won_probability_not_100",
    });
    expect(problemsOf(edit("lost", { probability: "5" }))[0]).toMatchObject({
      stageId: "id-lost",
      kind: "lost_probability_not_0",
    });
  });

  it("needs a stale period of at least a day for open stages", () => {
    expect(problemsOf(edit("lead", { staleAfterDays: "0" }))[0]).toEqual({
      stageId: "id-lead",
      field: "staleAfterDays",
      kind: "stale_days_invalid",
      max: 365,
    });
    expect(problemsOf(edit("lead", { staleAfterDays: "" }))[0]?.field).toBe("staleAfterDays");
  });

  it("keeps Won and Lost after every open stage and orders unique", () => {
    expect(problemsOf(edit("won", { order: "1" }))).toContainEqual({
      stageId: "id-won",
      field: "order",
      kind: "closing_stage_before_open",
      stage: "won",
    });
    expect(problemsOf(edit("demo", { order: "2" }))).toContainEqual({
      stageId: "id-demo",
      field: "order",
      kind: "order_shared",
      sharedWith: "Qualified",
    });
  });

  it("refuses empty names and markup in names", () => {
    expect(problemsOf(edit("demo", { name: "   " }))[0]).toEqual({
      stageId: "id-demo",
      field: "name",
      kind: "name_missing",
    });
    expect(problemsOf(edit("demo", { name: "<!channel>" }))[0]).toMatchObject({
      field: "name",
      kind: "name_has_markup",
    });
    expect(problemsOf(edit("demo", { name: "x".repeat(41) }))[0]).toMatchObject({
      field: "name",
      kind: "name_too_long",
      limit: 40,
      length: 41,
    });
  });

  it("reports a stage it does not know as an out-of-date form", () => {
    expect(problemsOf([{ stageId: "id-gone", name: "X", order: "1", probability: "1" }])).toEqual([
      { stageId: "id-gone", field: "name", kind: "stages_changed" },
    ]);
  });
});

describe("stagesFingerprint", () => {
  it("changes with any edited value and not otherwise", () => {
    const same = stagesFingerprint(STAGES.map((s) => ({ ...s })));
    expect(same).toBe(stagesFingerprint(STAGES));
    expect(stagesFingerprint(STAGES.map((s, i) => (i === 2 ? { ...s, probability: 41 } : s)))).not.toBe(same);
    expect(stagesFingerprint(STAGES.map((s, i) => (i === 0 ? { ...s, name: "Leads" } : s)))).not.toBe(same);
  });
});

describe("look-alike stage names", () => {
  it.each([
    ["full-width letters", "demo", "Ｐｒｏｐｏｓａｌ", "Proposal"],
    ["a zero-width space inside", "demo", "Le\u200Bad", "Lead"],
    ["a soft hyphen inside", "demo", "Quali\u00ADfied", "Qualified"],
  ])("refuses %s beside an existing name", (_what, key, name, takenBy) => {
    expect(problemsOf(edit(key, { name }))).toContainEqual({
      stageId: `id-${key}`,
      field: "name",
      kind: "name_taken",
      takenBy,
    });
  });

  it("refuses the same name in NFC and NFD at once", () => {
    const edits = edit("lead", { name: "L\u00E9ad" }).map((e) =>
      e.stageId === "id-demo" ? { ...e, name: "Le\u0301ad" } : e,
    );
    expect(problemsOf(edits).map(({ stageId, field }) => `${stageId}:${field}`)).toContain("id-demo:name");
  });

  it.each([["\u200B"], ["\u200B\u200D\uFEFF"], [" \u2060 "]])(
    "refuses a name with nothing visible (%j)",
    (name) => {
      expect(problemsOf(edit("demo", { name }))).toContainEqual({
        stageId: "id-demo",
        field: "name",
        kind: "name_missing",
      });
    },
  );
});
