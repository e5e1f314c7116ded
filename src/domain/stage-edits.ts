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

export interface StageEditProblem {
  readonly stageId: string;
  readonly field: StageEditField;
  readonly message: string;
}

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
      problems: [
        {
          stageId: unknown.stageId,
          field: "name",
          message: "The stages changed since this form opened — close it and run `/handoff stages` again.",
        },
      ],
    };
  }

  const proposed: Array<Stage & { order: number }> = [];
  for (const stage of current) {
    const edit = byId.get(stage.id);
    if (!edit) {
      proposed.push({ ...stage, order: stage.position });
      continue;
    }
    const problem = (field: StageEditField, message: string) =>
      problems.push({ stageId: stage.id, field, message });

    const name = edit.name.replace(/\s+/g, " ").trim();
    // A name of only invisible characters would be a stage nobody can see or type.
    if (!stageNameKey(name)) problem("name", "Give the stage a name.");
    else if (name.length > STAGE_NAME_MAX)
      problem("name", `Keep the name under ${STAGE_NAME_MAX} characters (it has ${name.length}).`);
    else if (/[<>*_~`]/.test(name)) problem("name", "Use letters, digits, spaces and simple punctuation.");

    const order = wholeNumber(edit.order);
    if (order === undefined || order < 1)
      problem("order", "The order is a whole number, 1 for the first stage.");

    const probability = wholeNumber(edit.probability);
    if (probability === undefined || probability > 100)
      problem("probability", "The probability is a whole number from 0 to 100.");
    else if (stage.kind === "won" && probability !== 100)
      problem("probability", "Won counts the whole amount: keep it at 100.");
    else if (stage.kind === "lost" && probability !== 0)
      problem("probability", "Lost counts nothing: keep it at 0.");

    let staleAfterDays = stage.staleAfterDays;
    if (stage.kind === "open") {
      const days = wholeNumber(edit.staleAfterDays ?? "");
      if (days === undefined || days < 1 || days > MAX_STALE_DAYS)
        problem("staleAfterDays", `Stale after is a whole number of days, 1 to ${MAX_STALE_DAYS}.`);
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
    if (clash)
      problems.push({ stageId: stage.id, field: "name", message: `${clash.name} is already called that.` });
  }

  for (const stage of proposed) {
    if (!byId.has(stage.id)) continue;
    const twin = proposed.find((other) => other.id !== stage.id && other.order === stage.order);
    if (twin)
      problems.push({ stageId: stage.id, field: "order", message: `${twin.name} has this order too.` });
  }

  const lastOpen = Math.max(...proposed.filter((s) => s.kind === "open").map((s) => s.order));
  for (const stage of proposed) {
    if (stage.kind !== "open" && stage.order < lastOpen && byId.has(stage.id))
      problems.push({
        stageId: stage.id,
        field: "order",
        message: `${stage.kind === "won" ? "Won" : "Lost"} comes after every open stage.`,
      });
  }

  if (
    proposed.filter((s) => s.kind === "won").length !== 1 ||
    proposed.filter((s) => s.kind === "lost").length !== 1
  )
    problems.push({
      stageId: proposed[0]?.id ?? "",
      field: "name",
      message: "A pipeline needs exactly one Won and one Lost stage.",
    });
  if (!proposed.some((s) => s.kind === "open"))
    problems.push({
      stageId: proposed[0]?.id ?? "",
      field: "name",
      message: "A pipeline needs an open stage.",
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
