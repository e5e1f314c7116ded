import { z } from "zod";
import { type FieldProblem, type FieldProblemAt, TEXT_LIMITS } from "./limits.ts";

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

export interface LeadSourceRecord {
  readonly id: string;
  readonly name: string;
  /** The secret's last characters. */
  readonly hint: string;
  readonly createdById: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** "take_it": the first to click Take it owns the deal; "in_turn": HANDOFF_LEAD_OWNERS assigned it. */
export type LeadAssignment = "take_it" | "in_turn";

/** A lead that became a deal, as its New lead message shows it. */
export interface LeadRecord {
  readonly id: string;
  readonly dealId: string;
  readonly sourceName: string | null;
  readonly message: string | null;
  readonly assignment: LeadAssignment;
  /** Nobody has taken it yet: the app holds the deal. */
  readonly awaitingOwner: boolean;
  readonly posted: { readonly channelId: string; readonly ts: string } | null;
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

/**
 * A lead as a website form, an automation tool or the API sends it. One schema for every
 * surface (the hook, `POST /api/v1/leads`, the OpenAPI document); unknown fields are ignored,
 * so a form's submit button or honeypot field does no harm. Limits come from TEXT_LIMITS.
 */
export const ZLeadInput = z.object({
  name: z.string().trim().min(1).max(TEXT_LIMITS.dealName).describe("The person's name."),
  company: z.string().trim().max(TEXT_LIMITS.company).optional(),
  email: z
    .string()
    .trim()
    .max(TEXT_LIMITS.email)
    .refine(looksLikeEmail, { params: { problem: "invalid_email" } })
    .optional(),
  phone: z.string().trim().max(TEXT_LIMITS.phone).optional(),
  /** Where the lead came from, when the sender knows better than the source's name (a campaign). */
  source: z.string().trim().max(TEXT_LIMITS.source).optional(),
  message: z.string().trim().max(TEXT_LIMITS.note).optional(),
  /** Read like `/deal new` reads amounts: 12000, "12k", "$12,000", "12000 EUR". */
  amount: z.union([z.number(), z.string().trim().max(TEXT_LIMITS.amount)]).optional(),
});
export type LeadInput = z.infer<typeof ZLeadInput>;
export type LeadField = keyof LeadInput;
export const LEAD_FIELDS = Object.keys(ZLeadInput.shape) as LeadField[];

/**
 * An empty value is an absent one: a website form sends every input, filled or not, and
 * `"company": ""` means the same as no company.
 */
export function withoutEmptyValues(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(([, v]) => v !== null && !(typeof v === "string" && v.trim() === "")),
  );
}

/** Why each field of `body` (as parsed, empty values dropped) was refused, as the services say it. */
export function leadFieldProblems(
  issues: readonly z.core.$ZodIssue[],
  body: Readonly<Record<string, unknown>>,
): FieldProblemAt[] {
  const problems: FieldProblemAt[] = [];
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "body");
    if (problems.some((p) => p.field === field)) continue;
    problems.push({ field, problem: problemOf(issue, field, body[field]) });
  }
  return problems;
}

/** Zod's issues do not carry the value (it may be secret), so the body's own value is given. */
function problemOf(issue: z.core.$ZodIssue, field: string, value: unknown): FieldProblem {
  switch (issue.code) {
    case "too_small":
      return { kind: "required" };
    case "too_big":
      return {
        kind: "too_long",
        limit: Number(issue.maximum),
        length: typeof value === "string" ? [...value.trim()].length : Number(issue.maximum) + 1,
      };
    case "custom":
      return { kind: "invalid_email" };
    case "invalid_type":
      if (value === undefined) return { kind: "required" };
      return { kind: "wrong_type", expected: field === "amount" ? "text_or_number" : "text" };
    case "invalid_union":
      return { kind: "wrong_type", expected: "text_or_number" };
    default:
      return { kind: "wrong_type", expected: "text" };
  }
}
