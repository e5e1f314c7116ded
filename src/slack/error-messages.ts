import { ErrorCode } from "@slack/web-api";
import { formatDealRef, formatProjectRef, formatTaskRef } from "../domain/command-text.ts";
import type { SubscribeProblem } from "../domain/digest-schedule.ts";
import type { StageRuleBroken } from "../domain/stage-edits.ts";
import type { StageMatchProblem } from "../domain/stages.ts";
import {
  type AppError,
  AppErrorCode,
  type AppErrorDetails,
  type AppErrorReason,
  fieldOfError,
  isAppError,
  type TemplateFieldProblem,
  type TemplateFormField,
} from "../lib/app-error.ts";
import { fieldProblemsSummary, templateProblemText } from "./field-problems.ts";
import { importTooLargeText, importTooManyRowsText, importUnreadableText } from "./import-words.ts";
import { codeInput, echoInput, quoteInput } from "./mrkdwn.ts";

/**
 * The one place where a failure becomes words for the person who hit it. Always private;
 * always says what happened and what to do next.
 */
export const FailureText = {
  unavailable:
    ":hourglass_flowing_sand: Handoff can't reach its database right now. Nothing was changed — please try again shortly.",
  unavailableWillRetry:
    ":hourglass_flowing_sand: Handoff lost its database for a moment. Your request is kept and will be done as soon as the database is back — no need to send it again.",
  slackBusy:
    ":hourglass_flowing_sand: Slack asked Handoff to slow down for a moment. Nothing was changed — please try again in a few seconds.",
  busy: ":hourglass_flowing_sand: Handoff is busy catching up right now. Nothing was changed — please try again in a moment.",
  unexpected: (reference: string) =>
    `:warning: Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, give your admin this reference: \`${reference}\`.`,
} as const;

/** How many admins a refusal names before it stops. */
const NAMED_ADMINS = 5;

const mention = (userId: string) => `<@${userId}>`;
const them = (missing: readonly unknown[]) => (missing.length > 1 ? "them" : "it");
const waitingList = (tasks: AppErrorDetails["task.waiting"]["waitsOn"]) =>
  tasks.map((d) => `${formatTaskRef(d.number)} ${d.title}`).join(", ");

const ADMIN_ACTIONS: Record<AppErrorDetails["admin.required"]["action"], string> = {
  change_settings: "change the settings",
  edit_stages: "edit the stages",
  manage_templates: "manage templates",
  import_deals: "import deals",
  manage_lead_sources: "manage lead sources",
  manage_webhooks: "manage webhooks",
  manage_api: "manage API tokens",
};

const WEBHOOK_URL_PROBLEMS: Record<AppErrorDetails["webhook.url_invalid"]["problem"], string> = {
  not_a_url: "is not a web address. Paste the full URL, starting with https://",
  not_https: "must start with https:// — webhooks carry your deal data, so they only go over HTTPS.",
  has_credentials:
    "has a user name or password in it. Remove them: each delivery is signed, so the receiver can check it came from Handoff.",
  private_address:
    "points to a private, loopback or link-local address, which Handoff does not send to. Use the receiver's public address (or set HANDOFF_WEBHOOKS_ALLOW_PRIVATE=true on the server to allow it).",
};

const TASK_ACTIONS: Record<AppErrorDetails["task.not_allowed"]["action"], string> = {
  mark_done: "mark it done",
  unclaim: "unclaim it",
  reassign: "reassign it",
};

/**
 * The words for every reason a service refuses: the one place a refusal becomes text. A new
 * reason in lib/app-error.ts does not compile until it has its words here.
 */
export const ERROR_WORDS: { readonly [R in AppErrorReason]: (details: AppErrorDetails[R]) => string } = {
  "database.unavailable": () => FailureText.unavailable,

  "deal.ref_missing": () => "Which deal? Name it by its reference (`D-12`) or part of its name.",
  "deal.not_found": ({ number }) =>
    `There is no deal ${formatDealRef(number)}. Try \`/deal find <text>\` or \`/deal list all\`.`,
  "deal.no_match": ({ query }) =>
    `No deal matches ${quoteInput(query)}. Try \`/deal find\` with a shorter word, or \`/deal list all\`.`,
  "deal.ambiguous": ({ query, matchCount }) =>
    `${quoteInput(query)} matches ${matchCount > 10 ? "more than 10" : matchCount} deals — which one?`,
  "deal.gone": () => "That deal no longer exists.",
  "deal.search_too_short": () => "Type at least two characters to search: `/deal find acme`.",
  "deal.create_in_progress": () => "That deal is being created already — check `/deal list` in a moment.",
  "deal.not_owner": ({ number, ownerId, awaitingOwner, action }) =>
    awaitingOwner
      ? `Nobody has taken ${formatDealRef(number)} yet: take it from its New lead message in the sales channel. Until then only managers and admins can ${action} it.`
      : `Only ${mention(ownerId)} (the owner), managers and admins can ${action} ${formatDealRef(number)}.`,
  "deal.won_is_final": ({ number, attempted }) =>
    attempted === "move"
      ? `${formatDealRef(number)} is won and handed over to delivery; its stage can't change.`
      : `${formatDealRef(number)} is won and handed over to delivery; it can't be marked lost.`,
  "deal.already_won": ({ number, projectNumber }) =>
    projectNumber !== null
      ? `${formatDealRef(number)} is already won and handed over as ${formatProjectRef(projectNumber)}.`
      : `${formatDealRef(number)} is already won.`,
  "deal.move_needs_details": ({ stageName, missing, number }) =>
    `${stageName} needs ${missing.join(" and ")} on ${formatDealRef(number)} first — add ${them(missing)} with \`/deal edit ${formatDealRef(number)}\`.`,
  "deal.stage_needs_details": ({ stageName, missing }) =>
    `${stageName} needs ${missing.join(" and ")} — add ${them(missing)}, or start at an earlier stage.`,
  "deal.win_needs_owner": ({ number }) =>
    `${formatDealRef(number)} is a new lead nobody has taken yet — *Take it* (or give it an owner with \`/deal edit ${formatDealRef(number)}\`), then win it.`,
  "deal.win_needs_details": ({ number, missing, when }) =>
    when === "before_form"
      ? `Won needs ${missing.join(" and ")} on ${formatDealRef(number)} — add ${them(missing)} with \`/deal edit ${formatDealRef(number)}\`, then win it.`
      : `Won needs an amount and a close date on ${formatDealRef(number)} — add them with \`/deal edit ${formatDealRef(number)}\` first.`,
  "deal.edit_stage_refused": ({ number, refusal }) => {
    switch (refusal.kind) {
      case "needs_details":
        return `${refusal.stageName} needs ${refusal.missing.join(" and ")}.`;
      case "needs_handoff":
        return "Won goes through the handoff form: use the Won button on the deal.";
      case "needs_reason":
        return "Lost needs a reason: use the Lost button on the deal.";
      case "won_is_final":
        return `${formatDealRef(number)} is won; its stage can't change.`;
    }
  },
  "deal.lost_needs_reason": () => "Lost needs a reason — what happened?",
  "deal.note_empty": () => "The note is empty — what should it say?",
  "deal.changed_since_opened": ({ number, changed, fieldProblems }) =>
    fieldProblems.length > 0
      ? fieldProblemsSummary(fieldProblems)
      : `${formatDealRef(number)} changed since the form opened: ${changed.join(", ")}.`,

  "fields.invalid": ({ fieldProblems }) => fieldProblemsSummary(fieldProblems),

  "stage.gone": () => "That stage no longer exists — open the deal again to see the current stages.",
  "stage.unmatched": ({ problem }) => stageMatchText(problem),
  "pipeline.no_lost_stage": () =>
    "This pipeline has no Lost stage; ask an admin to add one in `/handoff stages`.",
  "pipeline.no_won_stage": () => "This pipeline has no Won stage; ask an admin to add one.",

  "project.not_found": ({ number }) =>
    `There is no project ${formatProjectRef(number)}. \`/project\` lists the active ones.`,
  "project.no_match": () => "No project matches that. `/project` lists the active ones.",
  "project.ambiguous": ({ matchCount, candidates }) =>
    `That matches ${matchCount} projects: ${candidates
      .map((p) => `${formatProjectRef(p.number)} ${p.name}`)
      .join(", ")}. Use its reference.`,
  "project.gone": () => "That project no longer exists.",
  "project.create_in_progress": () => "That project is being created already — see `/project` in a moment.",
  "project.name_required": () => "Give the project a name.",
  "handoff.field_required": () => "This is what delivery needs to know — please fill it in.",
  "handoff.template_unknown": () => "Pick one of the onboarding templates.",
  "handoff.kickoff_required": () => "Pick the kickoff date.",

  "task.gone": () => "That task no longer exists.",
  "task.waiting": ({ taskNumber, waitsOn, attempted }) =>
    attempted === "claim"
      ? `${formatTaskRef(taskNumber)} waits on ${waitingList(waitsOn)} — claim it once ${waitsOn.length > 1 ? "they are" : "that is"} done.`
      : `${formatTaskRef(taskNumber)} can't be done yet: it waits on ${waitingList(waitsOn)}.`,
  "task.not_claimed": ({ taskNumber }) => `${formatTaskRef(taskNumber)} isn't claimed by anyone.`,
  "task.not_allowed": ({ taskNumber, assigneeId, deliveryLeadId, action }) => {
    const who = [
      assigneeId ? `${mention(assigneeId)} (who has it)` : null,
      deliveryLeadId ? `the delivery lead ${mention(deliveryLeadId)}` : "the delivery lead",
      "managers and admins",
    ].filter(Boolean);
    return `Only ${who.join(", ")} can ${TASK_ACTIONS[action]} on ${formatTaskRef(taskNumber)}.`;
  },

  "digest.gone": () => "That digest no longer exists.",
  "digest.publish_weekly_forbidden": ({ allowed }) => {
    const ask = allowed.length > 0 ? ` Ask ${mentionList(allowed.slice(0, 5))}.` : "";
    return `:lock: Only managers and admins can share the weekly digest in a channel or subscribe a channel to it.${ask} \`/digest now weekly\` shows it to you privately.`;
  },
  "digest.change_subscription_forbidden": ({ number, createdById }) => {
    const maker = createdById ? `${mention(createdById)}, ` : "";
    return `:lock: *S-${number}* already sends this digest here, and a channel has one per kind. Only ${maker}a manager or an admin can change its schedule. \`/digest list\` shows it.`;
  },
  "digest.schedule_invalid": ({ problem }) => subscribeProblemText(problem),
  "digest.subscription_ref_invalid": ({ ref }) =>
    `${codeInput(ref)} is not a subscription — use its number from \`/digest list\`, like \`S-3\`.`,
  "digest.subscription_not_found": ({ ref }) =>
    `There is no active subscription \`${ref}\`. \`/digest list\` shows them.`,
  "digest.subscription_ambiguous": ({ ref, matchCount, firstNumber }) =>
    `\`${ref}\` matches ${matchCount} subscriptions — use the number, like \`S-${firstNumber}\`.`,
  "digest.cancel_forbidden": ({ number }) =>
    `Only the person who made S-${number}, a manager or an admin can cancel it.`,
  "digest.already_cancelled": ({ number }) => `S-${number} was already cancelled.`,

  "audit.not_allowed": ({ admins }) =>
    `Only Handoff admins and managers can read the audit log.${admins.length > 0 ? ` Ask ${admins.slice(0, NAMED_ADMINS).map(mention).join(", ")}.` : ""}`,
  "admin.required": ({ action, admins }) => {
    const ask =
      admins.length > 0
        ? ` Ask ${admins.slice(0, NAMED_ADMINS).map(mention).join(", ")}${admins.length > NAMED_ADMINS ? " or another admin" : ""}.`
        : action === "manage_templates"
          ? " Ask one of your Handoff admins."
          : " Ask whoever runs Handoff to add you to HANDOFF_ADMINS.";
    return `Only Handoff admins can ${ADMIN_ACTIONS[action]}.${ask}`;
  },
  "settings.time_zone_unknown": ({ timeZone }) =>
    `${quoteInput(timeZone, 64)} is not a time zone Handoff knows. Use an IANA name such as Europe/Berlin, America/New_York or UTC.`,
  "settings.last_admin": () => "Keep at least one admin, or nobody could change these settings again.",
  "stages.changed_since_opened": () =>
    "Someone changed the stages while this form was open — close it and run `/handoff stages` again.",
  "stages.invalid": ({ problems }) => (problems[0] ? stageEditProblemText(problems[0]) : ""),

  "template.gone": () => "That template no longer exists. `/handoff templates` shows the current ones.",
  "webhook.gone": () => "That webhook endpoint no longer exists. /handoff webhooks shows the current ones.",
  "webhook.url_invalid": ({ url, problem }) => `${quoteInput(url, 80)} ${WEBHOOK_URL_PROBLEMS[problem]}`,
  "webhook.events_required": () => "Pick at least one event to send to this endpoint.",
  "template.fields_invalid": ({ field, fields }) => templateFieldText(field, fields[field]!),
  "template.key_taken": ({ key, takenBy }) =>
    `Another template already has the key "${key}"${takenBy !== null ? ` (${takenBy})` : ""} — pick another.`,
  "template.changed_since_opened": ({ version }) =>
    `Someone saved this template while you were editing it (it is now version ${version}). Copy your changes, close this form and open the template again.`,
  "template.default_required": () =>
    "New projects need a default template. To change it, make another template the default.",
  "import.file_too_large": importTooLargeText,
  "import.too_many_rows": importTooManyRowsText,
  "import.unreadable": importUnreadableText,
  "lead.gone": () => "That lead no longer exists.",
  "lead_source.unknown": () => "No lead source has that secret (it was never made, or it was revoked).",
  "lead_source.not_found": () => "That lead source no longer exists — see `/handoff leads`.",
  // The API's own refusals reach Slack only when a person manages tokens; the rest are the API's words.
  "api.unauthenticated": () => "That API token is not valid.",
  "api.read_only": ({ tokenName }) => `The API token ${quoteInput(tokenName, 80)} can only read.`,
  "api.token_gone": () => "That API token no longer exists. Run /handoff api for the current list.",
  "api.token_name_invalid": ({ limit }) => `Give the token a name of 1 to ${limit} characters.`,
  "api.idempotency_key_reused": () => "That Idempotency-Key was used for another request.",
  "api.idempotency_in_progress": () => "The first request with that Idempotency-Key is still running.",
};

/** A template form field's problem, in words next to that field. */
export function templateFieldText(field: TemplateFormField, problem: TemplateFieldProblem): string {
  switch (problem.kind) {
    case "required":
      return field === "key"
        ? 'Give the template a key, like "pilot-onboarding".'
        : "Give the template a name.";
    case "bad_key":
      return `Use up to ${problem.limit} lower-case letters, digits and dashes, starting with a letter or digit, like "pilot-onboarding".`;
    case "too_long":
      return `Keep the name to ${problem.limit} characters (it has ${problem.length}).`;
    case "invalid_definition":
      // One problem per line, each starting with where it is.
      return problem.problems.map(templateProblemText).join("\n");
  }
}

/** Why a typed stage names no one stage, with the stages there are. */
export function stageMatchText(problem: StageMatchProblem): string {
  switch (problem.kind) {
    case "no_query":
      return `Which stage? One of: ${problem.stages.join(", ")}.`;
    case "ambiguous":
      return `"${echoInput(problem.query)}" could be ${problem.candidates.join(" or ")} — type a little more.`;
    case "no_match":
      return `There is no stage called "${echoInput(problem.query)}". The stages are: ${problem.stages.join(", ")}.`;
  }
}

/** A rule the edited stages break, in words next to the stage's field. */
export function stageEditProblemText(problem: StageRuleBroken): string {
  switch (problem.kind) {
    case "stages_changed":
      return "The stages changed since this form opened — close it and run `/handoff stages` again.";
    case "name_missing":
      return "Give the stage a name.";
    case "name_too_long":
      return `Keep the name under ${problem.limit} characters (it has ${problem.length}).`;
    case "name_has_markup":
      return "Use letters, digits, spaces and simple punctuation.";
    case "order_invalid":
      return "The order is a whole number, 1 for the first stage.";
    case "probability_invalid":
      return "The probability is a whole number from 0 to 100.";
    case "won_probability_not_100":
      return "Won counts the whole amount: keep it at 100.";
    case "lost_probability_not_0":
      return "Lost counts nothing: keep it at 0.";
    case "stale_days_invalid":
      return `Stale after is a whole number of days, 1 to ${problem.max}.`;
    case "name_taken":
      return `${problem.takenBy} is already called that.`;
    case "order_shared":
      return `${problem.sharedWith} has this order too.`;
    case "closing_stage_before_open":
      return `${problem.stage === "won" ? "Won" : "Lost"} comes after every open stage.`;
    case "needs_won_and_lost":
      return "A pipeline needs exactly one Won and one Lost stage.";
    case "needs_open_stage":
      return "A pipeline needs an open stage.";
  }
}

const SUBSCRIBE_USAGE =
  "`/digest subscribe [weekly|daily] [day] [HH:MM] [zone]` — e.g. `/digest subscribe weekly monday 09:00 Europe/Berlin` or `/digest subscribe daily 08:30`.";

/** Why `/digest subscribe …` is not a schedule, and what would be. */
export function subscribeProblemText(problem: SubscribeProblem): string {
  switch (problem.kind) {
    case "not_a_time":
      return `${codeInput(problem.token)} is not a time of day — use 24-hour \`HH:MM\` like \`09:00\` or \`17:30\`.`;
    case "unknown_time_zone":
      return `${codeInput(problem.token)} is not a time zone I know — use an IANA name like \`Europe/Berlin\`, \`America/New_York\` or \`UTC\`.`;
    case "unknown_word":
      return `I don't understand ${codeInput(problem.token)}. ${SUBSCRIBE_USAGE}`;
    case "weekly_and_daily":
      return "Pick one of `weekly` or `daily`, not both.";
    case "two_days":
      return "Give one day of the week.";
    case "two_times":
      return "Give one time of day.";
    case "day_on_daily":
      return "A daily digest goes out every day — leave out the day, or use `weekly`.";
  }
}

function mentionList(userIds: readonly string[]): string {
  const mentions = userIds.map(mention);
  return mentions.length <= 1
    ? mentions.join("")
    : `${mentions.slice(0, -1).join(", ")} or ${mentions.at(-1)}`;
}

/** What a refusal says to the person who hit it. */
export function appErrorText(error: AppError): string {
  const words = ERROR_WORDS[error.reason] as (details: unknown) => string;
  return words(error.details);
}

/** Each field a refusal is about, with its words (a form shows them next to the fields). */
export function templateFieldTexts(error: AppError): Partial<Record<TemplateFormField, string>> {
  if (error.is("template.fields_invalid"))
    return Object.fromEntries(
      Object.entries(error.details.fields).map(([field, problem]) => [
        field,
        templateFieldText(field as TemplateFormField, problem!),
      ]),
    );
  const field = fieldOfError(error) as TemplateFormField | undefined;
  return { [field ?? "name"]: appErrorText(error) };
}

/**
 * A refusal the Slack layer words itself: a command's usage, a card or a view that is out of
 * date. Services never raise it.
 */
export class SlackRefusal extends Error {
  override readonly name = "SlackRefusal";
}

export interface Failure {
  text: string;
  /**
   * How the log should treat it: a person's mistake or a refusal is routine (debug); the
   * database being unreachable is an outage an operator must see (error); anything else is
   * a bug (error, with its stack). Slack rate-limiting a call is "busy" (warn).
   */
  kind: "refusal" | "outage" | "busy" | "bug";
}

export function describeFailure(
  error: unknown,
  reference: string,
  isInfrastructureDown: (error: unknown) => boolean,
): Failure {
  if (isAppError(error)) {
    if (error.code === AppErrorCode.DatabaseUnavailable)
      return { text: FailureText.unavailable, kind: "outage" };
    return { text: appErrorText(error), kind: "refusal" };
  }
  if (error instanceof SlackRefusal) return { text: error.message, kind: "refusal" };
  if (isInfrastructureDown(error)) return { text: FailureText.unavailable, kind: "outage" };
  if ((error as { code?: unknown } | null)?.code === ErrorCode.RateLimitedError)
    return { text: FailureText.slackBusy, kind: "busy" };
  return { text: FailureText.unexpected(reference), kind: "bug" };
}
