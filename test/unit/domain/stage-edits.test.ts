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
  return result.problems.map((p) => [p.stageId, p.field, p.message] as const);
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
    expect(problemsOf(edit("demo", { name: "proposal" }))).toContainEqual([
      "id-demo",
      "name",
      "Proposal is already called that.",
    ]);
    expect(problemsOf(edit("lead", { name: "Qualified" }))[0]?.[1]).toBe("name");
  });

  it("refuses probabilities outside 0–100 or not whole, and keeps Won at 100 and Lost at 0", () => {
    expect(problemsOf(edit("demo", { probability: "101" }))[0]).toEqual([
      "id-demo",
      "probability",
      "The probability is a whole number from 0 to 100.",
    ]);
    expect(problemsOf(edit("demo", { probability: "40.5" }))[0]?.[1]).toBe("probability");
    expect(problemsOf(edit("demo", { probability: "-1" }))[0]?.[1]).toBe("probability");
    expect(problemsOf(edit("won", { probability: "90" }))[0]?.[0]).toBe("id-won");
    expect(problemsOf(edit("lost", { probability: "5" }))[0]?.[0]).toBe("id-lost");
  });

  it("needs a stale period of at least a day for open stages", () => {
    expect(problemsOf(edit("lead", { staleAfterDays: "0" }))[0]).toEqual([
      "id-lead",
      "staleAfterDays",
      "Stale after is a whole number of days, 1 to 365.",
    ]);
    expect(problemsOf(edit("lead", { staleAfterDays: "" }))[0]?.[1]).toBe("staleAfterDays");
  });

  it("keeps Won and Lost after every open stage and orders unique", () => {
    expect(problemsOf(edit("won", { order: "1" }))).toContainEqual([
      "id-won",
      "order",
      "Won comes after every open stage.",
    ]);
    expect(problemsOf(edit("demo", { order: "2" }))).toContainEqual([
      "id-demo",
      "order",
      "Qualified has this order too.",
    ]);
  });

  it("refuses empty names and markup in names", () => {
    expect(problemsOf(edit("demo", { name: "   " }))[0]).toEqual([
      "id-demo",
      "name",
      "Give the stage a name.",
    ]);
    expect(problemsOf(edit("demo", { name: "<!channel>" }))[0]?.[1]).toBe("name");
  });

  it("reports a stage it does not know as an out-of-date form", () => {
    expect(problemsOf([{ stageId: "id-gone", name: "X", order: "1", probability: "1" }])[0]?.[2]).toMatch(
      /changed since this form opened/,
    );
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
    ["full-width letters", "demo", "Ｐｒｏｐｏｓａｌ", "Proposal is already called that."],
    ["a zero-width space inside", "demo", "Le\u200Bad", "Lead is already called that."],
    ["a soft hyphen inside", "demo", "Quali\u00ADfied", "Qualified is already called that."],
  ])("refuses %s beside an existing name", (_what, key, name, message) => {
    expect(problemsOf(edit(key, { name }))).toContainEqual([`id-${key}`, "name", message]);
  });

  it("refuses the same name in NFC and NFD at once", () => {
    const edits = edit("lead", { name: "L\u00E9ad" }).map((e) =>
      e.stageId === "id-demo" ? { ...e, name: "Le\u0301ad" } : e,
    );
    expect(problemsOf(edits).map(([id, field]) => `${id}:${field}`)).toContain("id-demo:name");
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
});
