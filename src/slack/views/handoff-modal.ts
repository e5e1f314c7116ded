import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { KnownBlock, ModalView, PlainTextOption, StaticSelect } from "@slack/types";
import type { CalendarDate } from "../../domain/dates.ts";
import type { Deal } from "../../domain/deal.ts";
import type { Template } from "../../domain/delivery.ts";
import { TEXT_LIMITS } from "../../domain/limits.ts";
import { DeliveryView, HandoffField } from "../ids.ts";
import { writePrivateMetadata, ZHandoffModalMetadata } from "../payloads.ts";
import { context } from "./blocks.ts";
import { dealTitle } from "./deal-card.ts";
import {
  datepicker,
  input,
  modal,
  option,
  readFields,
  staticSelect,
  textInput,
  usersSelect,
  type ViewStateValues,
} from "./modal-kit.ts";
import { amountText, fitMrkdwn, oneLine, ownerText } from "./text.ts";

/**
 * Longest value each input accepts (Slack enforces max_length in the form). Together they fit
 * the handoff brief (delivery/handoff-brief.ts) in one message; the service holds stored values to
 * the same lengths: both read TEXT_LIMITS.
 */
export const HANDOFF_FIELD_MAX_LENGTH = {
  goals: TEXT_LIMITS.handoffGoals,
  commitments: TEXT_LIMITS.handoffCommitments,
  keyContacts: TEXT_LIMITS.handoffKeyContacts,
  name: TEXT_LIMITS.projectName,
  customer: TEXT_LIMITS.customer,
} as const;

const M = HANDOFF_FIELD_MAX_LENGTH;

/** What the handoff and New project modals carry in private_metadata (JSON); payloads.ts reads it. */
export interface HandoffModalMetadata {
  readonly dealId?: string;
  /** Where the command or button was used, to answer there. */
  readonly channelId?: string;
}

function metadata(value: HandoffModalMetadata): string {
  return writePrivateMetadata(ZHandoffModalMetadata, value);
}

// ---------------------------------------------------------------------------------------------
// Elements.

function templateOption(template: Template): PlainTextOption {
  return option(template.name, template.id, template.key || "Template");
}

/**
 * The templates to pick from with the default picked. Slack allows 100 options: the default is
 * kept when there are more. Undefined when there is no template at all.
 */
function templateSelect(templates: readonly Template[], defaultTemplateId: string): StaticSelect | undefined {
  const usable = templates.filter((t) => t.id !== "" && t.id.length <= L.optionValue);
  const initial =
    usable.find((t) => t.id === defaultTemplateId) ?? usable.find((t) => t.isDefault) ?? usable[0];
  if (!initial) return undefined;
  const others = usable.filter((t) => t.id !== initial.id).slice(0, L.selectOptions - 1);
  const ordered = usable.filter((t) => t === initial || others.includes(t));
  return staticSelect("Choose a template", ordered.map(templateOption), templateOption(initial));
}

const NO_TEMPLATE =
  "*Onboarding template*: there is none yet — an admin can add one with `/handoff templates`.";

function templateBlock(templates: readonly Template[], defaultTemplateId: string): KnownBlock {
  const select = templateSelect(templates, defaultTemplateId);
  return select ? input(HandoffField.Template, "Onboarding template", select) : context(NO_TEMPLATE);
}

/** "*D-12 · Acme renewal* · Acme · $12,000 · @ana": which deal is being handed over. */
function dealLine(deal: Deal): string {
  const parts = [`*${fitMrkdwn(dealTitle(deal, L.headerText), 400)}*`];
  const company = deal.accountName === null ? "" : fitMrkdwn(oneLine(deal.accountName), 300);
  if (company) parts.push(company);
  parts.push(amountText(deal.amount, deal.currency), ownerText(deal));
  return parts.join(" · ");
}

// ---------------------------------------------------------------------------------------------
// The modals.

export interface HandoffModalContext {
  readonly templates: readonly Template[];
  readonly defaultTemplateId: string;
  /** The kickoff date offered (five business days ahead). */
  readonly kickoff: CalendarDate;
  readonly channelId?: string;
  readonly prefill?: {
    readonly goals?: string;
    readonly commitments?: string;
    /** e.g. the deal's contacts, one per line. */
    readonly keyContacts?: string;
  };
}

/** The handoff form (modal "Deal won — handoff"). */
export function handoffModal(deal: Deal, ctx: HandoffModalContext): ModalView {
  const prefill = ctx.prefill ?? {};
  return modal({
    callbackId: DeliveryView.Handoff,
    title: "Deal won — handoff",
    submit: "Hand over",
    metadata: metadata({ dealId: deal.id, channelId: ctx.channelId }),
    blocks: [
      context(dealLine(deal)),
      input(HandoffField.Kickoff, "Kickoff date", datepicker(ctx.kickoff)),
      input(
        HandoffField.Goals,
        "Customer goals",
        textInput({
          initial: prefill.goals,
          max: M.goals,
          multiline: true,
          placeholder: "What the customer wants to achieve, and by when",
        }),
      ),
      input(
        HandoffField.Commitments,
        "Commitments made",
        textInput({
          initial: prefill.commitments,
          max: M.commitments,
          multiline: true,
          placeholder: "What sales promised: scope, dates, discounts, custom work",
        }),
      ),
      input(
        HandoffField.Contacts,
        "Key contacts",
        textInput({
          initial: prefill.keyContacts,
          max: M.keyContacts,
          multiline: true,
          placeholder: "Jane Doe, CTO, jane@acme.com",
        }),
        { hint: "One per line: name, then title, email or phone." },
      ),
      templateBlock(ctx.templates, ctx.defaultTemplateId),
      input(HandoffField.Lead, "Delivery lead", usersSelect("Choose the delivery lead"), { optional: true }),
    ],
  });
}

export interface NewProjectModalContext {
  readonly templates: readonly Template[];
  readonly defaultTemplateId: string;
  readonly kickoff: CalendarDate;
  readonly channelId?: string;
}

/** `/project new`: a project without a deal. */
export function newProjectModal(ctx: NewProjectModalContext): ModalView {
  return modal({
    callbackId: DeliveryView.NewProject,
    title: "New project",
    submit: "Create",
    metadata: metadata({ channelId: ctx.channelId }),
    blocks: [
      input(
        HandoffField.Name,
        "Project name",
        textInput({ max: M.name, placeholder: "e.g. Acme onboarding" }),
      ),
      input(HandoffField.Customer, "Customer", textInput({ max: M.customer, placeholder: "e.g. Acme Inc." })),
      input(HandoffField.Kickoff, "Kickoff date", datepicker(ctx.kickoff)),
      templateBlock(ctx.templates, ctx.defaultTemplateId),
      input(HandoffField.Lead, "Delivery lead", usersSelect("Choose the delivery lead"), { optional: true }),
      input(
        HandoffField.Goals,
        "Customer goals",
        textInput({ max: M.goals, multiline: true, placeholder: "What the customer wants to achieve" }),
        { optional: true },
      ),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a submission.

/** The raw, trimmed values of the delivery modals' fields; an empty or missing field is undefined. */
export interface HandoffFormInput {
  kickoffDate?: string;
  goals?: string;
  commitments?: string;
  keyContacts?: string;
  templateId?: string;
  deliveryLeadId?: string;
  customer?: string;
  name?: string;
}

const FORM_KEYS: ReadonlyArray<readonly [keyof HandoffFormInput, HandoffField]> = [
  ["kickoffDate", HandoffField.Kickoff],
  ["goals", HandoffField.Goals],
  ["commitments", HandoffField.Commitments],
  ["keyContacts", HandoffField.Contacts],
  ["templateId", HandoffField.Template],
  ["deliveryLeadId", HandoffField.Lead],
  ["customer", HandoffField.Customer],
  ["name", HandoffField.Name],
];

/** Pure: no checking of dates or templates here; the submit handler does that and reports per field. */
export function readHandoffForm(values: ViewStateValues): HandoffFormInput {
  return readFields(values, FORM_KEYS);
}
