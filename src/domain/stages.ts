/**
 * Pipeline stages: their defaults, how people name them, and the gates a deal
 * must pass to enter one. Pure rules; the stored stages are the workspace's own copy.
 */

export type StageKind = "open" | "won" | "lost";

export interface Stage {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly position: number;
  /** Percent, 0–100: the share of the amount the forecast counts. */
  readonly probability: number;
  /** Days without activity after which an open deal is stale; null for Won/Lost. */
  readonly staleAfterDays: number | null;
  readonly kind: StageKind;
  /** From Qualified on, a deal needs an amount and an expected close date. */
  readonly requiresAmountAndCloseDate: boolean;
}

export type StageDefinition = Omit<Stage, "id">;

export const DEFAULT_STAGES: readonly StageDefinition[] = [
  {
    key: "lead",
    name: "Lead",
    position: 1,
    probability: 10,
    staleAfterDays: 7,
    kind: "open",
    requiresAmountAndCloseDate: false,
  },
  {
    key: "qualified",
    name: "Qualified",
    position: 2,
    probability: 25,
    staleAfterDays: 14,
    kind: "open",
    requiresAmountAndCloseDate: true,
  },
  {
    key: "demo",
    name: "Demo",
    position: 3,
    probability: 40,
    staleAfterDays: 14,
    kind: "open",
    requiresAmountAndCloseDate: true,
  },
  {
    key: "proposal",
    name: "Proposal",
    position: 4,
    probability: 60,
    staleAfterDays: 10,
    kind: "open",
    requiresAmountAndCloseDate: true,
  },
  {
    key: "negotiation",
    name: "Negotiation",
    position: 5,
    probability: 80,
    staleAfterDays: 10,
    kind: "open",
    requiresAmountAndCloseDate: true,
  },
  {
    key: "won",
    name: "Won",
    position: 6,
    probability: 100,
    staleAfterDays: null,
    kind: "won",
    requiresAmountAndCloseDate: true,
  },
  {
    key: "lost",
    name: "Lost",
    position: 7,
    probability: 0,
    staleAfterDays: null,
    kind: "lost",
    requiresAmountAndCloseDate: false,
  },
];

export type StageMatch =
  | { readonly ok: true; readonly stage: Stage }
  | { readonly ok: false; readonly problem: StageMatchProblem };

/** Why a typed stage names no one stage; `query` as typed, `stages` and `candidates` by name. */
export type StageMatchProblem =
  | { readonly kind: "no_query"; readonly stages: readonly string[] }
  | { readonly kind: "ambiguous"; readonly query: string; readonly candidates: readonly string[] }
  | { readonly kind: "no_match"; readonly query: string; readonly stages: readonly string[] };

/**
 * A name as people tell names apart: compatibility forms folded (full-width "Ｐ" is "P"),
 * invisible format characters (zero-width spaces, soft hyphens, Unicode category Cf) removed,
 * whitespace collapsed and case folded. "Léad" in NFC and in NFD have one key.
 */
export function stageNameKey(name: string): string {
  const folded = name
    .replace(/\p{Cf}/gu, "")
    .normalize("NFKC")
    .toUpperCase()
    .toLowerCase();
  return folded.normalize("NFKC").replace(/\s+/g, " ").trim();
}

/** A stage by its name, key or a unique prefix of either, ignoring case ("prop" → Proposal). */
export function matchStage(stages: readonly Stage[], query: string): StageMatch {
  const wanted = stageNameKey(query);
  const names = stages.map((s) => s.name);
  if (!wanted) return { ok: false, problem: { kind: "no_query", stages: names } };
  const exact = stages.find((s) => stageNameKey(s.name) === wanted || s.key === wanted);
  if (exact) return { ok: true, stage: exact };
  const byPrefix = stages.filter((s) => stageNameKey(s.name).startsWith(wanted) || s.key.startsWith(wanted));
  if (byPrefix.length === 1) return { ok: true, stage: byPrefix[0]! };
  if (byPrefix.length > 1) {
    return { ok: false, problem: { kind: "ambiguous", query, candidates: byPrefix.map((s) => s.name) } };
  }
  return { ok: false, problem: { kind: "no_match", query, stages: names } };
}

export function firstOpenStage(stages: readonly Stage[]): Stage {
  const open = stages.filter((s) => s.kind === "open").sort((a, b) => a.position - b.position);
  if (!open[0]) throw new Error("a pipeline needs at least one open stage");
  return open[0];
}

export function openStages(stages: readonly Stage[]): Stage[] {
  return stages.filter((s) => s.kind === "open").sort((a, b) => a.position - b.position);
}
