import type { Deal } from "../domain/deal.ts";
import type { TemplateProblem } from "../domain/delivery-rules.ts";
import type { SubscribeProblem } from "../domain/digest-schedule.ts";
import type { FieldProblemAt } from "../domain/limits.ts";
import type { StageEditProblem } from "../domain/stage-edits.ts";
import type { StageMatchProblem } from "../domain/stages.ts";
import type { WebhookUrlProblem } from "../domain/webhooks.ts";

/**
 * Errors a service raises on purpose carry a reason (what happened, specific) and the data to
 * explain it — never words. The Slack layer words each reason in one table
 * (slack/error-messages.ts); a future HTTP API would map the reason's category to a status.
 */

/** The broad kind of a refusal, derivable from every reason (an HTTP status one day). */
export const AppErrorCode = {
  DatabaseUnavailable: "DATABASE_UNAVAILABLE",
  NotFound: "NOT_FOUND",
  Ambiguous: "AMBIGUOUS",
  InvalidInput: "INVALID_INPUT",
  Forbidden: "FORBIDDEN",
  Conflict: "CONFLICT",
  /** No credentials, or ones that are not (or no longer) valid: the REST API's 401. */
  Unauthenticated: "UNAUTHENTICATED",
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

type MissingDetail = "amount" | "close date";
/** What a refusal of a deal's stage names as missing, and the form field to point at. */
type MissingDetails = {
  readonly stageName: string;
  readonly missing: readonly MissingDetail[];
};
/** Who may act on a task besides managers and admins, for a refusal to name them. */
type TaskPermission = {
  readonly taskNumber: number;
  readonly assigneeId: string | null;
  readonly deliveryLeadId: string | null;
  readonly action: "mark_done" | "unclaim" | "reassign";
};
type WaitingTask = {
  readonly taskNumber: number;
  readonly waitsOn: ReadonlyArray<{ readonly number: number; readonly title: string }>;
};

/** A template form field's problem; the table words it next to the field. */
export type TemplateFieldProblem =
  | { readonly kind: "required" }
  | { readonly kind: "bad_key"; readonly limit: number }
  | { readonly kind: "too_long"; readonly limit: number; readonly length: number }
  /** The definition's own checks (line and column of the JSON, the template rules), each with its path. */
  | { readonly kind: "invalid_definition"; readonly problems: readonly TemplateProblem[] };
export type TemplateFormField = "name" | "key" | "definition" | "default";

/** Every reason a service refuses, with the data its words need. */
export interface AppErrorDetails {
  "database.unavailable": Record<string, never>;

  "deal.ref_missing": Record<string, never>;
  "deal.not_found": { readonly number: number };
  "deal.no_match": { readonly query: string };
  "deal.ambiguous": {
    readonly query: string;
    readonly matchCount: number;
    readonly candidates: readonly Deal[];
  };
  "deal.gone": Record<string, never>;
  "deal.search_too_short": Record<string, never>;
  "deal.create_in_progress": Record<string, never>;
  "deal.not_owner": {
    readonly number: number;
    readonly ownerId: string;
    /** A lead nobody has taken: `ownerId` is the app's, so the words name no owner. */
    readonly awaitingOwner?: boolean;
    readonly action: "change" | "win";
  };
  /** A won deal's stage is final. */
  "deal.won_is_final": { readonly number: number; readonly attempted: "move" | "lose" };
  "deal.already_won": { readonly number: number; readonly projectNumber: number | null };
  /** Moving to a stage that needs amount and close date. */
  "deal.move_needs_details": MissingDetails & {
    readonly number: number;
    readonly fields: ReadonlyArray<"amount" | "closeDate">;
  };
  /** Creating or editing at a stage that needs amount and close date. */
  "deal.stage_needs_details": MissingDetails & { readonly field: "amount" | "closeDate" };
  /** Winning through the handoff form needs amount and close date first. */
  "deal.win_needs_details": {
    readonly number: number;
    readonly missing: readonly MissingDetail[];
    readonly when: "before_form" | "on_save";
  };
  /** The Edit form can't make a stage change the Won and Lost buttons are for. */
  /** A lead nobody has taken yet cannot be won. */
  "deal.win_needs_owner": { readonly number: number };
  "deal.edit_stage_refused": {
    readonly field: "amount" | "closeDate" | "stage";
    readonly number: number;
    readonly refusal:
      | ({ readonly kind: "needs_details" } & MissingDetails)
      | { readonly kind: "needs_handoff" }
      | { readonly kind: "needs_reason" }
      | { readonly kind: "won_is_final" };
  };
  "deal.lost_needs_reason": { readonly field: "reason" };
  "deal.note_empty": { readonly field: "note" };
  "deal.changed_since_opened": {
    readonly number: number;
    readonly changed: readonly string[];
    readonly field: string;
    readonly fieldProblems: readonly FieldProblemAt[];
  };

  /** One or more form fields refused (a limit, a date, a person); words per field problem. */
  "fields.invalid": { readonly field: string | undefined; readonly fieldProblems: readonly FieldProblemAt[] };

  "stage.gone": Record<string, never>;
  /** No one stage goes by what was typed; the problem names the stages there are. */
  "stage.unmatched": { readonly field: "stage"; readonly problem: StageMatchProblem };
  "pipeline.no_lost_stage": Record<string, never>;
  "pipeline.no_won_stage": Record<string, never>;

  "project.not_found": { readonly number: number };
  "project.no_match": Record<string, never>;
  "project.ambiguous": {
    readonly matchCount: number;
    readonly candidates: ReadonlyArray<{ readonly number: number; readonly name: string }>;
  };
  "project.gone": Record<string, never>;
  "project.create_in_progress": Record<string, never>;
  "handoff.field_required": { readonly field: "goals" | "commitments" | "keyContacts" };
  "handoff.template_unknown": { readonly field: "template" };
  "handoff.kickoff_required": { readonly field: "kickoff" };
  "project.name_required": { readonly field: "name" };

  "task.gone": Record<string, never>;
  "task.waiting": WaitingTask & { readonly attempted: "claim" | "complete" };
  "task.not_claimed": { readonly taskNumber: number };
  "task.not_allowed": TaskPermission;

  "digest.gone": Record<string, never>;
  "digest.publish_weekly_forbidden": { readonly allowed: readonly string[] };
  "digest.change_subscription_forbidden": { readonly number: number; readonly createdById: string | null };
  /** What the domain's schedule parser could not read. */
  "digest.schedule_invalid": { readonly problem: SubscribeProblem };
  "digest.subscription_ref_invalid": { readonly ref: string };
  "digest.subscription_not_found": { readonly ref: string };
  "digest.subscription_ambiguous": {
    readonly ref: string;
    readonly matchCount: number;
    readonly firstNumber: number;
  };
  "digest.cancel_forbidden": { readonly number: number };
  "digest.already_cancelled": { readonly number: number };

  /** The audit log is for admins and managers. */
  "audit.not_allowed": { readonly admins: readonly string[] };
  /** The lead behind a Take it button is no longer there. */
  "lead.gone": Record<string, never>;
  /** A lead hook's secret that no source has (never issued, or revoked). */
  "lead_source.unknown": Record<string, never>;
  "lead_source.not_found": { readonly ref: string };

  "admin.required": {
    readonly action:
      | "change_settings"
      | "edit_stages"
      | "manage_templates"
      | "import_deals"
      | "manage_lead_sources"
      | "manage_webhooks"
      | "manage_api";
    readonly admins: readonly string[];
  };
  "settings.time_zone_unknown": { readonly field: "timeZone"; readonly timeZone: string };
  "settings.last_admin": { readonly field: "admins" };
  "stages.changed_since_opened": { readonly problems: readonly StageEditProblem[] };
  /** The domain's stage-edit rules explain each problem. */
  "stages.invalid": { readonly problems: readonly StageEditProblem[] };

  "template.gone": Record<string, never>;

  "webhook.gone": Record<string, never>;
  "webhook.url_invalid": { readonly field: "url"; readonly url: string; readonly problem: WebhookUrlProblem };
  "webhook.events_required": { readonly field: "events" };
  "template.fields_invalid": {
    readonly field: TemplateFormField;
    readonly fields: Readonly<Partial<Record<TemplateFormField, TemplateFieldProblem>>>;
  };
  "template.key_taken": { readonly field: "key"; readonly key: string; readonly takenBy: string | null };
  "template.changed_since_opened": { readonly field: "definition"; readonly version: number };
  "template.default_required": { readonly field: "default" };

  "import.file_too_large": { readonly fileName: string; readonly bytes: number; readonly limit: number };
  "import.too_many_rows": { readonly fileName: string; readonly rows: number; readonly limit: number };
  /** The file as a whole cannot be read: not CSV, empty, no column for the deal's name, an unclosed quote. */
  "import.unreadable": {
    readonly fileName: string;
    readonly problem: "empty" | "no_name_column" | "unclosed_quote" | "not_csv";
    readonly line: number | undefined;
  };
  /** An API request without a usable token: none, not a Handoff token, unknown or revoked. */
  "api.unauthenticated": { readonly problem: "missing" | "malformed" | "unknown" | "revoked" };
  /** A read-only token asked to change data. */
  "api.read_only": { readonly tokenName: string };
  "api.token_gone": Record<string, never>;
  "api.token_name_invalid": { readonly field: "name"; readonly limit: number };
  /** An Idempotency-Key reused with another request. */
  "api.idempotency_key_reused": { readonly key: string };
  /** The first request with this Idempotency-Key is still running. */
  "api.idempotency_in_progress": { readonly key: string };
}
export type AppErrorReason = keyof AppErrorDetails;

/** Each reason's category: what a client of any surface may conclude from it. */
export const REASON_CATEGORY: { readonly [R in AppErrorReason]: AppErrorCode } = {
  "database.unavailable": AppErrorCode.DatabaseUnavailable,
  "deal.ref_missing": AppErrorCode.InvalidInput,
  "deal.not_found": AppErrorCode.NotFound,
  "deal.no_match": AppErrorCode.NotFound,
  "deal.ambiguous": AppErrorCode.Ambiguous,
  "deal.gone": AppErrorCode.NotFound,
  "deal.search_too_short": AppErrorCode.InvalidInput,
  "deal.create_in_progress": AppErrorCode.Conflict,
  "deal.not_owner": AppErrorCode.Forbidden,
  "deal.won_is_final": AppErrorCode.Conflict,
  "deal.already_won": AppErrorCode.Conflict,
  "deal.move_needs_details": AppErrorCode.InvalidInput,
  "deal.stage_needs_details": AppErrorCode.InvalidInput,
  "deal.win_needs_details": AppErrorCode.InvalidInput,
  "deal.win_needs_owner": AppErrorCode.Conflict,
  "deal.edit_stage_refused": AppErrorCode.InvalidInput,
  "deal.lost_needs_reason": AppErrorCode.InvalidInput,
  "deal.note_empty": AppErrorCode.InvalidInput,
  "deal.changed_since_opened": AppErrorCode.Conflict,
  "fields.invalid": AppErrorCode.InvalidInput,
  "stage.gone": AppErrorCode.NotFound,
  "stage.unmatched": AppErrorCode.InvalidInput,
  "pipeline.no_lost_stage": AppErrorCode.Conflict,
  "pipeline.no_won_stage": AppErrorCode.Conflict,
  "project.not_found": AppErrorCode.NotFound,
  "project.no_match": AppErrorCode.NotFound,
  "project.ambiguous": AppErrorCode.Ambiguous,
  "project.gone": AppErrorCode.NotFound,
  "project.create_in_progress": AppErrorCode.Conflict,
  "handoff.field_required": AppErrorCode.InvalidInput,
  "handoff.template_unknown": AppErrorCode.InvalidInput,
  "handoff.kickoff_required": AppErrorCode.InvalidInput,
  "project.name_required": AppErrorCode.InvalidInput,
  "task.gone": AppErrorCode.NotFound,
  "task.waiting": AppErrorCode.Conflict,
  "task.not_claimed": AppErrorCode.Conflict,
  "task.not_allowed": AppErrorCode.Forbidden,
  "digest.gone": AppErrorCode.NotFound,
  "digest.publish_weekly_forbidden": AppErrorCode.Forbidden,
  "digest.change_subscription_forbidden": AppErrorCode.Forbidden,
  "digest.schedule_invalid": AppErrorCode.InvalidInput,
  "digest.subscription_ref_invalid": AppErrorCode.InvalidInput,
  "digest.subscription_not_found": AppErrorCode.NotFound,
  "digest.subscription_ambiguous": AppErrorCode.Ambiguous,
  "digest.cancel_forbidden": AppErrorCode.Forbidden,
  "digest.already_cancelled": AppErrorCode.NotFound,
  "admin.required": AppErrorCode.Forbidden,
  "audit.not_allowed": AppErrorCode.Forbidden,
  "settings.time_zone_unknown": AppErrorCode.InvalidInput,
  "settings.last_admin": AppErrorCode.InvalidInput,
  "stages.changed_since_opened": AppErrorCode.Conflict,
  "stages.invalid": AppErrorCode.InvalidInput,
  "template.gone": AppErrorCode.NotFound,
  "webhook.gone": AppErrorCode.NotFound,
  "webhook.url_invalid": AppErrorCode.InvalidInput,
  "webhook.events_required": AppErrorCode.InvalidInput,
  "template.fields_invalid": AppErrorCode.InvalidInput,
  "template.key_taken": AppErrorCode.InvalidInput,
  "template.changed_since_opened": AppErrorCode.Conflict,
  "template.default_required": AppErrorCode.InvalidInput,
  "import.file_too_large": AppErrorCode.InvalidInput,
  "import.too_many_rows": AppErrorCode.InvalidInput,
  "import.unreadable": AppErrorCode.InvalidInput,
  "lead.gone": AppErrorCode.NotFound,
  "lead_source.unknown": AppErrorCode.NotFound,
  "lead_source.not_found": AppErrorCode.NotFound,
  "api.unauthenticated": AppErrorCode.Unauthenticated,
  "api.read_only": AppErrorCode.Forbidden,
  "api.token_gone": AppErrorCode.NotFound,
  "api.token_name_invalid": AppErrorCode.InvalidInput,
  "api.idempotency_key_reused": AppErrorCode.InvalidInput,
  "api.idempotency_in_progress": AppErrorCode.Conflict,
};

export const APP_ERROR_REASONS = Object.keys(REASON_CATEGORY) as AppErrorReason[];

/** An AppError of one reason, with that reason's details typed. */
export type AppErrorOf<R extends AppErrorReason> = AppError & {
  readonly reason: R;
  readonly details: AppErrorDetails[R];
};

export class AppError<R extends AppErrorReason = AppErrorReason> extends Error {
  override readonly name = "AppError";
  /** The broad category (NotFound, Forbidden, …), from the reason. */
  readonly code: AppErrorCode;
  /** Typed once the reason is known (see is()); a plain record while it could be any. */
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly reason: R,
    details: AppErrorDetails[R],
    options?: { cause?: unknown },
  ) {
    // The message is for logs only: people read the Slack table's words.
    super(reason, options);
    this.code = REASON_CATEGORY[reason];
    this.details = details;
  }

  /** Narrows to one reason, so its details are typed. */
  is<S extends AppErrorReason>(reason: S): this is AppErrorOf<S> {
    return (this.reason as AppErrorReason) === reason;
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** The form field a refusal is about, when it is about one. */
export function fieldOfError(error: AppError): string | undefined {
  const field = (error.details as { field?: unknown }).field;
  return typeof field === "string" ? field : undefined;
}
