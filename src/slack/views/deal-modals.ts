import { BLOCK_KIT_LIMITS as L } from "@handoff/slack-emulator/block-kit-limits";
import type { KnownBlock, ModalView, PlainTextOption, StaticSelect } from "@slack/types";
import { formatContact } from "../../domain/contacts.ts";
import type { CalendarDate } from "../../domain/dates.ts";
import { type Deal, dealFieldValues, dealFingerprints, writeDealFingerprints } from "../../domain/deal.ts";
import type { PrefillEcho, UnreadableToken } from "../../domain/deal-prefill.ts";
import { TEXT_LIMITS } from "../../domain/limits.ts";
import { CURRENCY_CODES, normaliseAmount } from "../../domain/money.ts";
import { openStages, type Stage } from "../../domain/stages.ts";
import { DealField, DealView } from "../ids.ts";
import { writePrivateMetadata, ZDealModalMetadata } from "../payloads.ts";
import { context, section } from "./blocks.ts";
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
import { fitMrkdwn, oneLine } from "./text.ts";

/**
 * Longest value each input accepts (Slack enforces max_length in the form); the service holds
 * stored values to the same lengths: both read TEXT_LIMITS.
 */
export const DEAL_FIELD_MAX_LENGTH = {
  name: TEXT_LIMITS.dealName,
  company: TEXT_LIMITS.company,
  amount: TEXT_LIMITS.amount,
  nextStep: TEXT_LIMITS.nextStep,
  source: TEXT_LIMITS.source,
  reason: TEXT_LIMITS.lostReason,
  note: TEXT_LIMITS.note,
  contacts: TEXT_LIMITS.contacts,
} as const;

/** What a deal modal carries in private_metadata (JSON). */
export interface DealModalMetadata {
  readonly dealId?: string;
  /** The deal's version when the form opened. */
  readonly version?: number;
  /** What the Edit form opened with (writeDealFingerprints): a save changes only what the person changed. */
  readonly opened?: string;
  /** Where the command or button was used, to answer there. */
  readonly channelId?: string;
}

function metadata(value: DealModalMetadata): string {
  return writePrivateMetadata(ZDealModalMetadata, value);
}

// ---------------------------------------------------------------------------------------------
// Elements.

const currencyNames = ((): Intl.DisplayNames | undefined => {
  try {
    return new Intl.DisplayNames(["en"], { type: "currency" });
  } catch {
    return undefined; // without ICU names the codes alone still work
  }
})();

function currencyOption(code: string): PlainTextOption {
  let name: string | undefined;
  try {
    name = currencyNames?.of(code);
  } catch {
    name = undefined;
  }
  return option(name && name !== code ? `${code} — ${name}` : code, code);
}

/** The codes money.ts knows, plus the deal's own if it is another one. */
function currencySelect(current: string): StaticSelect {
  const valid = /^[A-Z]{3}$/.test(current);
  const codes = valid && !CURRENCY_CODES.includes(current) ? [current, ...CURRENCY_CODES] : CURRENCY_CODES;
  const options = codes.slice(0, L.selectOptions).map(currencyOption);
  return staticSelect("Currency", options, valid ? currencyOption(current) : undefined);
}

function stageOption(stage: Stage): PlainTextOption {
  return option(stage.name, stage.id, stage.key || "Stage");
}

/** A select of `choices` with `initial` picked; `initial` is added when it isn't among them. */
function stageSelect(choices: readonly Stage[], initial: Stage): StaticSelect {
  const others = choices.filter((s) => s.id !== initial.id).slice(0, L.selectOptions - 1);
  const ordered = [...others, initial].sort((a, b) => a.position - b.position);
  return staticSelect("Stage", ordered.map(stageOption), stageOption(initial));
}

function dealLine(deal: Pick<Deal, "number" | "name" | "accountName">): string {
  const title = fitMrkdwn(dealTitle(deal, L.headerText), 400);
  const company = deal.accountName ? fitMrkdwn(oneLine(deal.accountName), 300) : "";
  return company ? `*${title}* — ${company}` : `*${title}*`;
}

// ---------------------------------------------------------------------------------------------
// The deal form, shared by New deal and Edit deal.

interface DealFormValues {
  readonly name?: string | null;
  readonly company?: string | null;
  readonly amount?: string | null;
  readonly currency: string;
  readonly closeDate?: CalendarDate | null;
  /** Undefined for a lead nobody has taken: the picker starts empty and may stay so. */
  readonly ownerId: string | undefined;
  readonly nextStep?: string | null;
  readonly nextStepDate?: CalendarDate | null;
  readonly source?: string | null;
  /** One contact per line (formatContact). */
  readonly contacts?: string | null;
}

const M = DEAL_FIELD_MAX_LENGTH;

function dealFormBlocks(values: DealFormValues, stageBlock: KnownBlock | undefined): KnownBlock[] {
  const blocks: KnownBlock[] = [
    input(DealField.Name, "Deal name", textInput({ initial: values.name, max: M.name })),
    input(
      DealField.Company,
      "Company",
      textInput({ initial: values.company, max: M.company, placeholder: "e.g. Acme Inc." }),
    ),
    // Plain text, not number_input, so "12k" and "$12,000" can be typed.
    input(DealField.Amount, "Amount", textInput({ initial: values.amount, max: M.amount }), {
      optional: true,
      hint: "e.g. 12000, 12k, $12,000",
    }),
    input(DealField.Currency, "Currency", currencySelect(values.currency)),
    input(DealField.CloseDate, "Expected close date", datepicker(values.closeDate), { optional: true }),
    values.ownerId === undefined
      ? input(DealField.Owner, "Owner", usersSelect("Nobody has taken this lead yet"), {
          optional: true,
          hint: "Choose someone to give them the lead; left empty, it stays there for the taking.",
        })
      : input(DealField.Owner, "Owner", usersSelect("Choose the owner", values.ownerId)),
  ];
  if (stageBlock) blocks.push(stageBlock);
  blocks.push(
    input(DealField.NextStep, "Next step", textInput({ initial: values.nextStep, max: M.nextStep }), {
      optional: true,
    }),
    input(DealField.NextStepDate, "Next step date", datepicker(values.nextStepDate), { optional: true }),
    input(
      DealField.Source,
      "Source",
      textInput({ initial: values.source, max: M.source, placeholder: "e.g. referral, inbound, event" }),
      { optional: true },
    ),
    input(
      DealField.Contacts,
      "Contacts",
      textInput({
        initial: values.contacts,
        max: M.contacts,
        multiline: true,
        placeholder: "Jane Doe, CTO, jane@acme.com",
      }),
      { optional: true, hint: "One per line: name, then title, email or phone." },
    ),
  );
  return blocks;
}

export interface NewDealPrefill {
  readonly name?: string;
  readonly company?: string;
  /** Decimal string, as parseAmount reads it. */
  readonly amount?: string;
  readonly currency: string;
  readonly closeDate?: CalendarDate;
  readonly ownerId: string;
  readonly stageId?: string;
  readonly nextStep?: string;
}

export interface NewDealContext {
  readonly stages: readonly Stage[];
  readonly channelId?: string;
  /** What was read from the command text ("USD 12,000", "Fri 5 Dec", "owner <@U1>"), repeated back. */
  readonly echo?: readonly string[];
  /** Words that looked like an amount or a date but could not be read (left out of the name). */
  readonly unreadable?: readonly UnreadableToken[];
}

const ECHO_ITEMS = 10;
const MENTION = /(<@[UW][A-Z0-9]{2,}>)/;

/** An echo item made safe for mrkdwn, its user mentions kept as mentions ("owner <@U0ANA>"). */
function echoItem(item: string): string {
  return oneLine(item)
    .split(MENTION)
    .map((part, index) => (index % 2 === 1 ? part : fitMrkdwn(part, 200)))
    .join("");
}

/** What `/deal new <text>` read, in words for the form's echo ("owner <@U1>", "amount USD 12,000"). */
export function prefillEchoWords(echo: readonly PrefillEcho[]): string[] {
  return echo.map(prefillEchoWord);
}

function prefillEchoWord(item: PrefillEcho): string {
  switch (item.field) {
    case "owner":
      // Raw on purpose: echoText keeps a well-formed mention and escapes anything else.
      return `owner <@${item.userId}>`;
    case "amount":
      return `amount ${item.value}`;
    case "closeDate":
      return `close date ${item.value}`;
  }
}

function echoText(items: readonly string[], unreadable: readonly UnreadableToken[]): string {
  const shown = items
    .slice(0, ECHO_ITEMS)
    .map(echoItem)
    .filter((item) => item !== "");
  const unread = unreadable
    .slice(0, ECHO_ITEMS)
    .map(
      ({ token, as }) =>
        `${fitMrkdwn(oneLine(token), 40, (t) => `\`${t}\``)} as ${as === "amount" ? "an amount" : "a date"}`,
    );
  const parts = [
    ...(shown.length > 0 ? [`Read from your text: ${shown.join(" · ")}`] : []),
    ...(unread.length > 0 ? [`could not read ${unread.join(", ")}`] : []),
  ];
  const text = parts.join(" · ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The New deal modal, prefilled from `/deal new <text>`. */
export function newDealModal(prefill: NewDealPrefill, ctx: NewDealContext): ModalView {
  const open = openStages(ctx.stages);
  const initialStage = open.find((s) => s.id === prefill.stageId) ?? open[0];
  const stageBlock = initialStage
    ? input(DealField.Stage, "Stage", stageSelect(open, initialStage))
    : undefined; // no open stage to offer: the service places the deal
  const echo = echoText(ctx.echo ?? [], ctx.unreadable ?? []);
  return modal({
    callbackId: DealView.New,
    title: "New deal",
    submit: "Create",
    metadata: metadata({ channelId: ctx.channelId }),
    blocks: [
      ...(echo ? [context(echo)] : []),
      ...dealFormBlocks(
        {
          name: prefill.name,
          company: prefill.company,
          amount: prefill.amount,
          currency: prefill.currency,
          closeDate: prefill.closeDate,
          ownerId: prefill.ownerId,
          nextStep: prefill.nextStep,
        },
        stageBlock,
      ),
    ],
  });
}

export interface EditDealContext {
  readonly stages: readonly Stage[];
  readonly channelId?: string;
}

/** The Edit deal modal: every field prefilled; a won deal's stage is final, so it isn't offered. */
export function editDealModal(deal: Deal, ctx: EditDealContext): ModalView {
  const stageBlock =
    deal.stage.kind === "won"
      ? context("*Stage*: Won — a won deal has been handed over and stays won.")
      : input(DealField.Stage, "Stage", stageSelect(openStages(ctx.stages), deal.stage));
  return modal({
    callbackId: DealView.Edit,
    title: "Edit deal",
    submit: "Save",
    metadata: metadata({
      dealId: deal.id,
      version: deal.version,
      opened: writeDealFingerprints(dealFingerprints(dealFieldValues(deal))),
      channelId: ctx.channelId,
    }),
    blocks: [
      context(dealLine(deal)),
      ...dealFormBlocks(
        {
          name: deal.name,
          company: deal.accountName,
          amount: deal.amount === null ? null : (normaliseAmount(deal.amount) ?? deal.amount),
          currency: deal.currency,
          closeDate: deal.expectedCloseDate,
          ownerId: deal.awaitingOwner ? undefined : deal.ownerId,
          nextStep: deal.nextStep,
          nextStepDate: deal.nextStepDate,
          source: deal.source,
          contacts: deal.contacts.map(formatContact).join("\n"),
        },
        stageBlock,
      ),
    ],
  });
}

export interface DealModalContext {
  readonly channelId?: string;
}

/** Deal lost: asks for the reason (Lost needs a reason). */
export function lostDealModal(deal: Deal, ctx: DealModalContext): ModalView {
  return modal({
    callbackId: DealView.Lost,
    title: "Deal lost",
    submit: "Mark lost",
    metadata: metadata({ dealId: deal.id, channelId: ctx.channelId }),
    blocks: [
      section(dealLine(deal)),
      input(
        DealField.Reason,
        "Reason",
        textInput({
          max: M.reason,
          multiline: true,
          placeholder: "e.g. chose a competitor, no budget this year",
        }),
      ),
    ],
  });
}

export function addNoteModal(deal: Deal, ctx: DealModalContext): ModalView {
  return modal({
    callbackId: DealView.Note,
    title: "Add note",
    submit: "Add",
    metadata: metadata({ dealId: deal.id, channelId: ctx.channelId }),
    blocks: [
      section(dealLine(deal)),
      input(DealField.Note, "Note", textInput({ max: M.note, multiline: true })),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a submission.

/** The raw, trimmed values of the deal modals' fields; an empty or missing field is undefined. */
export interface DealFormInput {
  name?: string;
  company?: string;
  amountText?: string;
  currency?: string;
  closeDate?: string;
  ownerId?: string;
  stageId?: string;
  nextStep?: string;
  nextStepDate?: string;
  source?: string;
  contacts?: string;
  reason?: string;
  note?: string;
}

const FORM_KEYS: ReadonlyArray<readonly [keyof DealFormInput, DealField]> = [
  ["name", DealField.Name],
  ["company", DealField.Company],
  ["amountText", DealField.Amount],
  ["currency", DealField.Currency],
  ["closeDate", DealField.CloseDate],
  ["ownerId", DealField.Owner],
  ["stageId", DealField.Stage],
  ["nextStep", DealField.NextStep],
  ["nextStepDate", DealField.NextStepDate],
  ["source", DealField.Source],
  ["contacts", DealField.Contacts],
  ["reason", DealField.Reason],
  ["note", DealField.Note],
];

/** Pure: no parsing of amounts or dates here; the submit handler does that and reports per field. */
export function readDealForm(values: ViewStateValues): DealFormInput {
  return readFields(values, FORM_KEYS);
}
