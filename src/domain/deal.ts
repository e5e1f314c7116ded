import { type ContactInput, formatContact } from "./contacts.ts";
import type { CalendarDate } from "./dates.ts";
import type { Stage } from "./stages.ts";
import type { Role } from "./workspace.ts";

/** A deal as the rules and the views see it. */
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
  /**
   * A lead nobody has taken yet: `ownerId` is the app's own user until someone clicks Take it,
   * so views say "not taken yet" rather than name the app.
   */
  readonly awaitingOwner: boolean;
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
 * The stage gates: from Qualified on a deal needs an amount and a close date; Won goes
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

export type WinCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "already_won" }
  /** A lead nobody has taken: the handoff would name nobody as who sold it. */
  | { readonly ok: false; readonly reason: "needs_owner" }
  | { readonly ok: false; readonly reason: "needs_details"; readonly missing: ("amount" | "close date")[] };

/** A deal is won once, by someone who owns it, and only with the amount and close date every Won needs. */
export function checkWin(
  deal: Pick<Deal, "stage" | "amount" | "expectedCloseDate" | "awaitingOwner">,
): WinCheck {
  if (deal.stage.kind === "won") return { ok: false, reason: "already_won" };
  if (deal.awaitingOwner) return { ok: false, reason: "needs_owner" };
  const missing = missingDetails(deal, { requiresAmountAndCloseDate: true });
  return missing.length > 0 ? { ok: false, reason: "needs_details", missing } : { ok: true };
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

/** Whole days from opening to closing, rounded (0 while it is open). */
export function daysToClose(deal: Pick<Deal, "createdAt" | "closedAt">): number {
  const closedAt = deal.closedAt ?? deal.createdAt;
  return Math.max(0, Math.round((closedAt.getTime() - deal.createdAt.getTime()) / DAY_MS));
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

/** What a person sets on a deal through the New and Edit forms. */
export interface DealFieldValues {
  readonly name: string;
  readonly accountName: string | null;
  readonly amount: string | null;
  readonly currency: string;
  readonly expectedCloseDate: CalendarDate | null;
  readonly ownerId: string;
  readonly stageId: string;
  readonly nextStep: string | null;
  readonly nextStepDate: CalendarDate | null;
  readonly source: string | null;
  readonly contacts: readonly ContactInput[];
}

export type DealFieldName = keyof DealFieldValues;

/** Every form field, in a fixed order: fingerprints are written and read in it. */
export const DEAL_FIELD_NAMES: readonly DealFieldName[] = [
  "name",
  "accountName",
  "amount",
  "currency",
  "expectedCloseDate",
  "ownerId",
  "stageId",
  "nextStep",
  "nextStepDate",
  "source",
  "contacts",
];

/** A deal's form fields as they are now. */
export function dealFieldValues(deal: Deal): DealFieldValues {
  return {
    name: deal.name,
    accountName: deal.accountName,
    amount: deal.amount,
    currency: deal.currency,
    expectedCloseDate: deal.expectedCloseDate,
    ownerId: deal.ownerId,
    stageId: deal.stage.id,
    nextStep: deal.nextStep,
    nextStepDate: deal.nextStepDate,
    source: deal.source,
    contacts: deal.contacts,
  };
}

function fieldText(values: DealFieldValues, field: DealFieldName): string {
  if (field === "contacts") return values.contacts.map(formatContact).join("\n");
  const value = values[field];
  return value === null ? "\u0000" : value;
}

/** FNV-1a, 32 bits: short enough for a form's private_metadata; a collision only skips a check. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

export type DealFingerprints = Readonly<Record<DealFieldName, string>>;

/** One short fingerprint per field: what a form opened with, without carrying the values themselves. */
export function dealFingerprints(values: DealFieldValues): DealFingerprints {
  return Object.fromEntries(
    DEAL_FIELD_NAMES.map((f) => [f, fnv1a(fieldText(values, f))]),
  ) as DealFingerprints;
}

/** The fingerprints as one string (8 hex digits per field, in DEAL_FIELD_NAMES order). */
export function writeDealFingerprints(fingerprints: DealFingerprints): string {
  return DEAL_FIELD_NAMES.map((f) => fingerprints[f]).join("");
}

export function readDealFingerprints(text: string | undefined): DealFingerprints | undefined {
  if (text === undefined || !new RegExp(`^[0-9a-f]{${8 * DEAL_FIELD_NAMES.length}}$`).test(text))
    return undefined;
  return Object.fromEntries(
    DEAL_FIELD_NAMES.map((f, i) => [f, text.slice(i * 8, i * 8 + 8)]),
  ) as DealFingerprints;
}

export type EditPlan =
  | { readonly ok: true; readonly changed: readonly DealFieldName[] }
  | { readonly ok: false; readonly conflicts: readonly DealFieldName[] };

/**
 * Which fields a save of a form changes, given what the form opened with: only those the
 * person changed in it, so a form left open never undoes what others saved since. A field
 * the person changed that someone else also changed, differently, since the form opened is a
 * conflict; without `opened` (a form from before fingerprints), every difference is a change.
 */
export function planEdit(
  current: DealFieldValues,
  submitted: DealFieldValues,
  opened: DealFingerprints | undefined,
): EditPlan {
  const now = dealFingerprints(current);
  const wanted = dealFingerprints(submitted);
  const changed: DealFieldName[] = [];
  const conflicts: DealFieldName[] = [];
  for (const field of DEAL_FIELD_NAMES) {
    if (wanted[field] === now[field]) continue; // already so: nothing to write
    if (opened === undefined) {
      changed.push(field);
      continue;
    }
    if (wanted[field] === opened[field]) continue; // not touched in the form: keep today's value
    if (now[field] !== opened[field]) conflicts.push(field);
    else changed.push(field);
  }
  return conflicts.length > 0 ? { ok: false, conflicts } : { ok: true, changed };
}
