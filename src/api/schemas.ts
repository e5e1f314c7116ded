import { z } from "zod";
import type {
  PublicAccount,
  PublicContactRecord,
  PublicDeal,
  PublicNote,
  PublicProject,
  PublicTask,
} from "../domain/public-records.ts";

/**
 * The REST API's bodies and answers, once: requests are parsed with these schemas and the
 * OpenAPI document is generated from them (zod 4's JSON Schema output is draft 2020-12, the
 * dialect OpenAPI 3.1 uses). Request objects are strict: an unknown field is refused with its path.
 */

const date = z.iso.date().describe("A calendar date, YYYY-MM-DD");
const amount = z
  .string()
  .regex(/^-?\d{1,16}(\.\d{1,4})?$/)
  .describe('An exact decimal amount as a string, e.g. "12000.50"');
const userId = z
  .string()
  .regex(/^[UW][A-Z0-9]{2,}$/)
  .describe("A Slack user id");

export const ZContactInput = z.strictObject({
  name: z.string().min(1),
  title: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

const dealFields = {
  name: z.string().min(1),
  company: z.string().nullable(),
  amount: amount.nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .describe("ISO 4217 code"),
  owner_id: userId,
  expected_close_date: date.nullable(),
  next_step: z.string().nullable(),
  next_step_date: date.nullable(),
  source: z.string().nullable(),
  contacts: z.array(ZContactInput).max(50),
};

export const ZDealCreate = z.strictObject({
  ...dealFields,
  company: dealFields.company.optional(),
  amount: dealFields.amount.optional(),
  currency: dealFields.currency.optional(),
  owner_id: dealFields.owner_id.optional().describe("The owner; the token's creator when left out"),
  expected_close_date: dealFields.expected_close_date.optional(),
  next_step: dealFields.next_step.optional(),
  next_step_date: dealFields.next_step_date.optional(),
  source: dealFields.source.optional(),
  contacts: dealFields.contacts.optional(),
  stage: z.string().min(1).optional().describe("An open stage's name or id; the first stage when left out"),
});
export type DealCreateBody = z.infer<typeof ZDealCreate>;

/** Only the fields sent change; the stage moves with POST …/move. */
export const ZDealPatch = z
  .strictObject({
    name: dealFields.name.optional(),
    company: dealFields.company.optional(),
    amount: dealFields.amount.optional(),
    currency: dealFields.currency.optional(),
    owner_id: dealFields.owner_id.optional(),
    expected_close_date: dealFields.expected_close_date.optional(),
    next_step: dealFields.next_step.optional(),
    next_step_date: dealFields.next_step_date.optional(),
    source: dealFields.source.optional(),
    contacts: dealFields.contacts.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "Send at least one field to change" });
export type DealPatchBody = z.infer<typeof ZDealPatch>;

export const ZDealMove = z.strictObject({
  stage: z.string().min(1).describe("The stage's name (as /deal move reads it) or id"),
  lost_reason: z.string().min(1).optional().describe("Required when the stage is Lost"),
});

export const ZNoteCreate = z.strictObject({ body: z.string().min(1) });

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().min(1).max(200).describe("next_cursor of the previous page");

export const ZDealListQuery = z.strictObject({
  stage: z.string().min(1).optional(),
  owner: userId.optional(),
  updated_since: z.iso.datetime({ offset: true }).optional(),
  limit,
  cursor: cursor.optional(),
  /** csv: every matching deal as Handoff's export file (limit and cursor do not apply). */
  format: z.enum(["json", "csv"]).optional(),
});

export const ZPageQuery = z.strictObject({ limit, cursor: cursor.optional() });

// ─────────────── Answers ───────────────

const timestamp = z.iso.datetime();

export const ZDeal: z.ZodType<PublicDeal> = z.object({
  id: z.uuid(),
  ref: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  amount: z.string().nullable(),
  currency: z.string(),
  stage: z.object({ id: z.string(), name: z.string(), kind: z.enum(["open", "won", "lost"]) }),
  owner_id: z.string().describe("The owner's Slack user id; the app's own user while awaiting_owner"),
  awaiting_owner: z
    .boolean()
    .describe(
      "A lead nobody has taken yet: the app holds it until someone clicks Take it in the sales channel",
    ),
  expected_close_date: z.string().nullable(),
  next_step: z.string().nullable(),
  next_step_date: z.string().nullable(),
  source: z.string().nullable(),
  contacts: z.array(
    z.object({
      name: z.string(),
      title: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
  ),
  lost_reason: z.string().nullable(),
  stage_entered_at: timestamp,
  last_activity_at: timestamp,
  closed_at: timestamp.nullable(),
  created_at: timestamp,
  version: z.number().int(),
});

export const ZTask: z.ZodType<PublicTask> = z.object({
  id: z.uuid(),
  ref: z.string(),
  project_id: z.uuid(),
  phase: z.string(),
  title: z.string(),
  owner_role: z.string().nullable(),
  due_date: z.string().nullable(),
  assignee_id: z.string().nullable(),
  done: z.boolean(),
  completed_at: timestamp.nullable(),
  completed_by_id: z.string().nullable(),
  depends_on: z.array(z.string()),
});

export const ZProject: z.ZodType<PublicProject> = z.object({
  id: z.uuid(),
  ref: z.string(),
  name: z.string(),
  deal_id: z.uuid().nullable(),
  deal_ref: z.string().nullable(),
  company: z.string().nullable(),
  sales_owner_id: z.string().nullable(),
  delivery_lead_id: z.string().nullable(),
  kickoff_date: z.string(),
  status: z.enum(["active", "completed", "cancelled"]),
  goals: z.string().nullable(),
  commitments: z.string().nullable(),
  key_contacts: z.string().nullable(),
  completed_at: timestamp.nullable(),
  created_at: timestamp,
  tasks: z.array(ZTask),
});

export const ZAccount: z.ZodType<PublicAccount> = z.object({
  id: z.uuid(),
  name: z.string(),
  domain: z.string().nullable(),
  created_at: timestamp,
});

export const ZContact: z.ZodType<PublicContactRecord> = z.object({
  id: z.uuid(),
  name: z.string(),
  title: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  account_id: z.uuid().nullable(),
  created_at: timestamp,
});

export const ZNote: z.ZodType<PublicNote> = z.object({
  id: z.uuid(),
  author_id: z.string(),
  body: z.string(),
  created_at: timestamp,
});

/** A page of a list: `next_cursor` is null on the last page. */
export function pageOf<S extends z.ZodType>(item: S) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

export const ZProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  reason: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const ZLeadAnswer = z.object({
  deal: ZDeal,
  disposition: z.enum(["new_deal", "note"]),
});
