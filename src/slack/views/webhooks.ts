import type { ActionsBlock, Button, Checkboxes, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliverySummary,
  type WebhookEndpoint,
} from "../../domain/webhooks.ts";
import { InputActionId, WebhookAction, WebhookField, WebhookView } from "../ids.ts";
import { writePrivateMetadata, ZWebhookModalMetadata } from "../payloads.ts";
import { button, context, header, section } from "./blocks.ts";
import type { MessageView } from "./messages.ts";
import { input, inputState, modal, textInput, type ViewStateValues } from "./modal-kit.ts";
import { fitMrkdwn } from "./text.ts";

/** `/handoff webhooks`: the endpoints, the Add endpoint form, and the DM when one is disabled. */

const URL_SHOWN = 200;
/** Longest URL the form takes. */
export const WEBHOOK_URL_MAX_LENGTH = 2000;
/** Endpoints listed (each takes a few blocks; a message holds 50). */
const MAX_LISTED = 10;

export const endpointRef = (endpoint: Pick<WebhookEndpoint, "number">): string => `W-${endpoint.number}`;

const EVENT_WORDS: Record<(typeof WEBHOOK_EVENT_TYPES)[number], string> = {
  "deal.created": "a deal is created",
  "deal.updated": "a deal's fields are edited",
  "deal.stage_changed": "a deal changes stage",
  "deal.won": "a deal is won",
  "deal.lost": "a deal is lost",
  "project.created": "a project is opened",
  "task.claimed": "a task is claimed",
  "task.completed": "a task is done",
  "project.completed": "a project is complete",
};

const STATUS_WORDS: Record<WebhookDeliverySummary["status"], string> = {
  pending: "⏳ queued",
  failed: "⚠️ failing, will retry",
  delivered: "✅ delivered",
  dead: "✖️ given up",
};

function when(date: Date): string {
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${date.toISOString()}>`;
}

function deliveryLine(delivery: WebhookDeliverySummary): string {
  const answer =
    delivery.lastStatus !== null
      ? ` (HTTP ${delivery.lastStatus})`
      : delivery.lastError
        ? ` (${fitMrkdwn(delivery.lastError, 120)})`
        : "";
  return `${STATUS_WORDS[delivery.status]}${answer} · \`${delivery.eventType}\` · ${when(delivery.createdAt)}`;
}

function endpointState(endpoint: WebhookEndpoint): string {
  if (endpoint.enabled)
    return endpoint.failingSince ? `failing since ${when(endpoint.failingSince)}` : "enabled";
  const why = endpoint.disabledReason === "failing" ? "after 24 hours of failures" : "by an admin";
  return `*disabled* ${why}${endpoint.disabledAt ? ` ${when(endpoint.disabledAt)}` : ""} — its events wait`;
}

function endpointButtons(endpoint: WebhookEndpoint): ActionsBlock {
  const remove: Button = {
    ...button("Delete", WebhookAction.Delete, endpoint.id, "danger"),
    confirm: {
      title: { type: "plain_text", text: `Delete ${endpointRef(endpoint)}?` },
      text: { type: "plain_text", text: "It stops receiving events, and its queued deliveries are dropped." },
      confirm: { type: "plain_text", text: "Delete" },
      deny: { type: "plain_text", text: "Keep it" },
      style: "danger",
    },
  };
  return {
    type: "actions",
    elements: [
      button("Send test event", WebhookAction.Test, endpoint.id),
      endpoint.enabled
        ? button("Disable", WebhookAction.Disable, endpoint.id)
        : button("Enable", WebhookAction.Enable, endpoint.id, "primary"),
      remove,
    ],
  };
}

/** Each endpoint with its events, state and last deliveries; Add endpoint. Private to the admin. */
export function webhookListMessage(
  endpoints: ReadonlyArray<{ endpoint: WebhookEndpoint; recent: readonly WebhookDeliverySummary[] }>,
  notice?: string,
): MessageView {
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push(section(notice));
  blocks.push(header("Webhooks"));
  for (const { endpoint, recent } of endpoints.slice(0, MAX_LISTED)) {
    const events = endpoint.events.map((e) => `\`${e}\``).join(", ");
    blocks.push(
      section(
        `*${endpointRef(endpoint)}* ${fitMrkdwn(endpoint.url, URL_SHOWN)}\n${endpointState(endpoint)} · ${events}`,
      ),
    );
    blocks.push(context(recent.length > 0 ? recent.map(deliveryLine).join("\n") : "No deliveries yet."));
    blocks.push(endpointButtons(endpoint));
  }
  if (endpoints.length === 0)
    blocks.push(section("No endpoints yet. Add one to send deal, project and task events to another tool."));
  if (endpoints.length > MAX_LISTED) blocks.push(context(`…and ${endpoints.length - MAX_LISTED} more.`));
  blocks.push({
    type: "actions",
    elements: [button("Add endpoint", WebhookAction.Add, "add", "primary")],
  } satisfies ActionsBlock);
  const names = endpoints.map(({ endpoint }) => `${endpointRef(endpoint)} ${endpoint.url}`).join(", ");
  const listed = `Webhooks: ${endpoints.length === 0 ? "none yet" : names}`;
  return { text: notice ? `${notice}\n${listed}` : listed, blocks };
}

/** Above the list right after adding: the secret, this once. */
export function webhookAddedNotice(endpoint: WebhookEndpoint, secret: string): string {
  return `✅ Added *${endpointRef(endpoint)}*. Its signing secret, shown only this once — store it in the receiver now:\n\`\`\`${secret}\`\`\`\nEach request carries Handoff-Signature: t=<unix seconds>,v1=<HMAC-SHA256 of "<t>.<raw body>" with this secret>.`;
}

const EVENT_OPTIONS: PlainTextOption[] = WEBHOOK_EVENT_TYPES.map((type) => ({
  text: { type: "plain_text", text: type },
  value: type,
  description: { type: "plain_text", text: `When ${EVENT_WORDS[type]}` },
}));

/** Add endpoint: an HTTPS URL and the events it receives. */
export function addWebhookModal(ctx: { channelId?: string | undefined }): ModalView {
  const events: Checkboxes = { type: "checkboxes", action_id: InputActionId, options: EVENT_OPTIONS };
  return modal({
    callbackId: WebhookView.Add,
    title: "Add endpoint",
    submit: "Add",
    metadata: writePrivateMetadata(ZWebhookModalMetadata, { channelId: ctx.channelId }),
    blocks: [
      input(
        WebhookField.Url,
        "URL",
        textInput({ max: WEBHOOK_URL_MAX_LENGTH, placeholder: "https://example.com/handoff-hook" }),
        { hint: "HTTPS. Handoff POSTs each event here as JSON, signed with a secret you see once." },
      ),
      input(WebhookField.Events, "Events", events),
    ],
  });
}

/** The Add endpoint form as typed. */
export function readWebhookForm(values: ViewStateValues | null | undefined): {
  url: string;
  events: string[];
} {
  const url = inputState(values, WebhookField.Url)?.value ?? "";
  const events = (inputState(values, WebhookField.Events)?.selected_options ?? []).map((o) => o.value);
  return { url: url.trim(), events };
}

/** What came of Send test event. */
export function webhookTestText(
  endpoint: WebhookEndpoint,
  delivery: WebhookDeliverySummary | undefined,
): string {
  const ref = endpointRef(endpoint);
  if (!delivery) return `The test event to ${ref} was removed before it was sent.`;
  if (delivery.status === "delivered")
    return `✅ ${ref} received the test event (HTTP ${delivery.lastStatus ?? "2xx"}).`;
  if (delivery.status === "pending" && !endpoint.enabled)
    return `${ref} is disabled: the test event waits with its other events until you enable it.`;
  if (delivery.status === "pending")
    return `⏳ The test event to ${ref} is queued behind others; /handoff webhooks will show how it went.`;
  const why =
    delivery.lastStatus !== null
      ? `it answered HTTP ${delivery.lastStatus}`
      : (delivery.lastError ?? "no answer");
  return `⚠️ ${ref} did not take the test event: ${fitMrkdwn(why, 300)}. It will be retried like any event.`;
}

/** The DM to each admin when an endpoint failed for 24 hours and was disabled. */
export function webhookDisabledDm(endpoint: WebhookEndpoint): MessageView {
  const url = fitMrkdwn(endpoint.url, URL_SHOWN);
  const text = `Webhook ${endpointRef(endpoint)} was disabled: ${endpoint.url} failed every delivery for 24 hours.`;
  return {
    text,
    blocks: [
      section(
        `⚠️ Webhook *${endpointRef(endpoint)}* was disabled: ${url} failed every delivery for 24 hours.`,
      ),
      context(
        "Its events are kept and go out in order once it is enabled again. Fix the receiver, then open /handoff webhooks and click Enable.",
      ),
    ],
  };
}
