import { type Stage, stageNameKey } from "./stages.ts";

/**
 * Editing a workspace's stages (`/handoff stages`): what an admin may change and
 * the rules the result must keep. Pure; the service stores what this accepts.
 *
 * A stage's kind (open, Won, Lost) and key stay as they are: deals keep their stage ids, and
 * people may still type a stage's key (`/deal move D-1 demo`) after it is renamed.
 */

/** What the form says about one stage; numbers are the raw text typed, checked here. */
export interface StageEdit {
  readonly stageId: string;
  readonly name: string;
  readonly order: string;
  readonly probability: string;
  /** Open stages only; Won and Lost are never stale. */
  readonly staleAfterDays?: string;
}

export type StageEditField = "name" | "order" | "probability" | "staleAfterDays";

/** A rule the edited stages break, at the stage and field a form shows it next to. */
export type StageEditProblem = { readonly stageId: string; readonly field: StageEditField } & StageRuleBroken;

/** Which rule, with the data its words need. */
export type StageRuleBroken =
  | { readonly kind: "stages_changed" }
  | { readonly kind: "name_missing" }
  | { readonly kind: "name_too_long"; readonly limit: number; readonly length: number }
  | { readonly kind: "name_has_markup" }
  | { readonly kind: "order_invalid" }
  | { readonly kind: "probability_invalid" }
  | { readonly kind: "won_probability_not_100" }
  | { readonly kind: "lost_probability_not_0" }
  | { readonly kind: "stale_days_invalid"; readonly max: number }
  /** Another stage already has this name (or it is another stage's key). */
  | { readonly kind: "name_taken"; readonly takenBy: string }
  | { readonly kind: "order_shared"; readonly sharedWith: string }
  | { readonly kind: "closing_stage_before_open"; readonly stage: "won" | "lost" }
  | { readonly kind: "needs_won_and_lost" }
  | { readonly kind: "needs_open_stage" };

export type StageEditResult =
  | { readonly ok: true; readonly stages: Stage[]; readonly changed: Stage[] }
  | { readonly ok: false; readonly problems: StageEditProblem[] };

export const STAGE_NAME_MAX = 40;
const MAX_STALE_DAYS = 365;

function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * The stages as they would be after the edits, or every problem, each naming its stage and
 * field. Stages the form left out keep their values; positions become 1…n in the chosen order.
 */
export function applyStageEdits(current: readonly Stage[], edits: readonly StageEdit[]): StageEditResult {
  const problems: StageEditProblem[] = [];
  const byId = new Map(edits.map((e) => [e.stageId, e]));
  const unknown = edits.find((e) => !current.some((s) => s.id === e.stageId));
  if (unknown) {
    return {
      ok: false,
      problems: [{ stageId: unknown.stageId, field: "name", kind: "stages_changed" }],
    };
  }

  const proposed: Array<Stage & { order: number }> = [];
  for (const stage of current) {
    const edit = byId.get(stage.id);
    if (!edit) {
      proposed.push({ ...stage, order: stage.position });
      continue;
    }
    const problem = (field: StageEditField, broken: StageRuleBroken) =>
      problems.push({ stageId: stage.id, field, ...broken });

    const name = edit.name.replace(/\s+/g, " ").trim();
    // A name of only invisible characters would be a stage nobody can see or type.
    if (!stageNameKey(name)) problem("name", { kind: "name_missing" });
    else if (name.length > STAGE_NAME_MAX)
      problem("name", { kind: "name_too_long", limit: STAGE_NAME_MAX, length: name.length });
    else if (/[<>*_~`]/.test(name)) problem("name", { kind: "name_has_markup" });

    const order = wholeNumber(edit.order);
    if (order === undefined || order < 1) problem("order", { kind: "order_invalid" });

    const probability = wholeNumber(edit.probability);
    if (probability === undefined || probability > 100)
      problem("probability", { kind: "probability_invalid" });
    else if (stage.kind === "won" && probability !== 100)
      problem("probability", { kind: "won_probability_not_100" });
    else if (stage.kind === "lost" && probability !== 0)
      problem("probability", { kind: "lost_probability_not_0" });

    let staleAfterDays = stage.staleAfterDays;
    if (stage.kind === "open") {
      const days = wholeNumber(edit.staleAfterDays ?? "");
      if (days === undefined || days < 1 || days > MAX_STALE_DAYS)
        problem("staleAfterDays", { kind: "stale_days_invalid", max: MAX_STALE_DAYS });
      else staleAfterDays = days;
    }

    proposed.push({
      ...stage,
      name,
      probability: probability ?? stage.probability,
      staleAfterDays,
      order: order ?? stage.position,
    });
  }

  // Names must stay unambiguous for `/deal move`: no two alike, and none equal to another's key.
  for (const stage of proposed) {
    if (!byId.has(stage.id) || !stage.name) continue;
    // Compared as people read them: "Ｐｒｏｐｏｓａｌ" and "Le\u200Bad" are Proposal and Lead again.
    const key = stageNameKey(stage.name);
    if (!key) continue;
    const clash = proposed.find(
      (other) => other.id !== stage.id && (stageNameKey(other.name) === key || other.key === key),
    );
    if (clash) problems.push({ stageId: stage.id, field: "name", kind: "name_taken", takenBy: clash.name });
  }

  for (const stage of proposed) {
    if (!byId.has(stage.id)) continue;
    const twin = proposed.find((other) => other.id !== stage.id && other.order === stage.order);
    if (twin)
      problems.push({ stageId: stage.id, field: "order", kind: "order_shared", sharedWith: twin.name });
  }

  const lastOpen = Math.max(...proposed.filter((s) => s.kind === "open").map((s) => s.order));
  for (const stage of proposed) {
    if (stage.kind !== "open" && stage.order < lastOpen && byId.has(stage.id))
      problems.push({
        stageId: stage.id,
        field: "order",
        kind: "closing_stage_before_open",
        stage: stage.kind,
      });
  }

  if (
    proposed.filter((s) => s.kind === "won").length !== 1 ||
    proposed.filter((s) => s.kind === "lost").length !== 1
  )
    problems.push({
      stageId: proposed[0]?.id ?? "",
      field: "name",
      kind: "needs_won_and_lost",
    });
  if (!proposed.some((s) => s.kind === "open"))
    problems.push({
      stageId: proposed[0]?.id ?? "",
      field: "name",
      kind: "needs_open_stage",
    });

  if (problems.length > 0) return { ok: false, problems };

  const stages = [...proposed]
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...stage }, index) => ({ ...stage, position: index + 1 }));
  const changed = stages.filter((s) => {
    const before = current.find((c) => c.id === s.id)!;
    return (
      before.name !== s.name ||
      before.position !== s.position ||
      before.probability !== s.probability ||
      before.staleAfterDays !== s.staleAfterDays
    );
  });
  return { ok: true, stages, changed };
}

/** A fingerprint of the stages as a form showed them: a save over someone else's newer edit is refused. */
export function stagesFingerprint(stages: readonly Stage[]): string {
  const text = stages
    .map((s) => `${s.id}|${s.name}|${s.position}|${s.probability}|${s.staleAfterDays ?? ""}`)
    .join(";");
  // FNV-1a, 32 bits: short enough for private_metadata, and a collision only skips a warning.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
