/**
 * Leads from website forms and other tools: one person writing twice in a month is one
 * conversation (a note on their open deal), not two deals; new leads go to whoever takes them
 * first, or in turn to the people HANDOFF_LEAD_OWNERS names.
 */

export const LEAD_REPEAT_WINDOW_DAYS = 30;

/** Emails compare without case and surrounding spaces (the local part's case never matters in practice). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function looksLikeEmail(email: string): boolean {
  return /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(email.trim()) && email.length <= 254;
}

export interface OpenDealOfContact {
  readonly dealId: string;
  /** When this contact last reached us about it (the lead or the latest note from a lead). */
  readonly lastLeadAt: Date;
}

export type LeadDisposition =
  | { readonly kind: "new_deal" }
  | { readonly kind: "note"; readonly dealId: string };

/** A lead whose email has an open deal it came in on within 30 days becomes a note there. */
export function leadDisposition(openDeals: readonly OpenDealOfContact[], now: Date): LeadDisposition {
  const windowStart = now.getTime() - LEAD_REPEAT_WINDOW_DAYS * 24 * 60 * 60 * 1000;
  const recent = openDeals
    .filter((deal) => deal.lastLeadAt.getTime() >= windowStart)
    .sort((a, b) => b.lastLeadAt.getTime() - a.lastLeadAt.getTime());
  return recent[0] ? { kind: "note", dealId: recent[0].dealId } : { kind: "new_deal" };
}

/** The next owner in turn after `lastAssigned` (the first when none was, or they left the list). */
export function nextLeadOwner(
  owners: readonly string[],
  lastAssigned: string | undefined,
): string | undefined {
  if (owners.length === 0) return undefined;
  const last = lastAssigned === undefined ? -1 : owners.indexOf(lastAssigned);
  return owners[(last + 1) % owners.length];
}
