import type { ContactInput } from "./contacts.ts";
import type { CalendarDate } from "./dates.ts";
import type { Stage } from "./stages.ts";
import type { Role } from "./workspace.ts";

/** A deal as the rules and the views see it (PRODUCT §4). */
export interface Deal {
  readonly id: string;
  readonly number: number;
  readonly name: string;
  readonly accountName: string | null;
  /** Exact decimal string (see money.ts); null until known. */
  readonly amount: string | null;
  readonly currency: string;
  readonly stage: Stage;
  readonly ownerId: string;
  readonly expectedCloseDate: CalendarDate | null;
  readonly nextStep: string | null;
  readonly nextStepDate: CalendarDate | null;
  readonly source: string | null;
  /** People at the customer for this deal, in the order given. */
  readonly contacts: readonly ContactInput[];
  readonly lostReason: string | null;
  readonly stageEnteredAt: Date;
  readonly lastActivityAt: Date;
  readonly closedAt: Date | null;
  readonly createdAt: Date;
  /** The card in the sales channel, once posted. */
  readonly card: { readonly channelId: string; readonly ts: string } | null;
  readonly version: number;
}

/** What a deal becomes when it enters `stage` (as the database records it: no read-back needed). */
export function withStage(
  deal: Deal,
  stage: Stage,
  change: { lostReason: string | null; closedAt: Date | null; at: Date },
): Deal {
  return {
    ...deal,
    stage,
    lostReason: change.lostReason,
    closedAt: change.closedAt,
    stageEnteredAt: change.at,
    lastActivityAt: change.at,
    version: deal.version + 1,
  };
}

export interface Actor {
  readonly userId: string;
  readonly role: Role;
}

/** The owner, managers and admins may change a deal; anyone may create one. */
export function canChangeDeal(actor: Actor, deal: Pick<Deal, "ownerId">): boolean {
  return actor.role === "admin" || actor.role === "manager" || actor.userId === deal.ownerId;
}

export type MoveCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "same_stage" | "won_is_final" | "needs_handoff" | "needs_reason" }
  | {
      readonly ok: false;
      readonly reason: "needs_details";
      readonly missing: readonly ("amount" | "close date")[];
    };

/**
 * The gates of §4: from Qualified on a deal needs an amount and a close date; Won goes
 * through the handoff form and Lost needs a reason (both handled by their own forms); a
 * won deal has handed over to delivery and stays won.
 */
export function checkMove(
  deal: Pick<Deal, "stage" | "amount" | "expectedCloseDate">,
  target: Stage,
): MoveCheck {
  if (deal.stage.id === target.id) return { ok: false, reason: "same_stage" };
  if (deal.stage.kind === "won") return { ok: false, reason: "won_is_final" };
  if (target.kind === "won") return { ok: false, reason: "needs_handoff" };
  if (target.kind === "lost") return { ok: false, reason: "needs_reason" };
  const missing = missingDetails(deal, target);
  if (missing.length > 0) return { ok: false, reason: "needs_details", missing };
  return { ok: true };
}

export function missingDetails(
  deal: Pick<Deal, "amount" | "expectedCloseDate">,
  target: Pick<Stage, "requiresAmountAndCloseDate">,
): ("amount" | "close date")[] {
  if (!target.requiresAmountAndCloseDate) return [];
  const missing: ("amount" | "close date")[] = [];
  if (deal.amount === null) missing.push("amount");
  if (deal.expectedCloseDate === null) missing.push("close date");
  return missing;
}

const DAY_MS = 86_400_000;

/** Open and quiet for longer than its stage allows. */
export function isStale(deal: Pick<Deal, "stage" | "lastActivityAt">, now: Date): boolean {
  const days = deal.stage.staleAfterDays;
  if (deal.stage.kind !== "open" || days === null) return false;
  return now.getTime() - deal.lastActivityAt.getTime() > days * DAY_MS;
}

export function daysSince(then: Date, now: Date): number {
  return Math.floor((now.getTime() - then.getTime()) / DAY_MS);
}

/**
 * "Most urgent first": close date passed, then stale, then the nearest date that asks for
 * action (next step or close), then the rest by last activity, oldest first.
 */
export function compareUrgency(today: CalendarDate, now: Date): (a: Deal, b: Deal) => number {
  const rank = (d: Deal) => {
    if (d.stage.kind !== "open") return 4;
    if (d.expectedCloseDate !== null && d.expectedCloseDate < today) return 0;
    if (isStale(d, now)) return 1;
    if (nearestDate(d) !== null) return 2;
    return 3;
  };
  return (a, b) => {
    const byRank = rank(a) - rank(b);
    if (byRank !== 0) return byRank;
    const da = nearestDate(a) ?? "9999-12-31";
    const db = nearestDate(b) ?? "9999-12-31";
    if (da !== db) return da < db ? -1 : 1;
    return a.lastActivityAt.getTime() - b.lastActivityAt.getTime() || a.number - b.number;
  };
}

function nearestDate(d: Pick<Deal, "expectedCloseDate" | "nextStepDate">): CalendarDate | null {
  const dates = [d.expectedCloseDate, d.nextStepDate].filter((x): x is CalendarDate => x !== null).sort();
  return dates[0] ?? null;
}
