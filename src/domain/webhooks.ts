import { createHmac, timingSafeEqual } from "node:crypto";
import type { Deal } from "./deal.ts";
import type { Project, Task } from "./delivery.ts";
import { publicDeal, publicProject, publicTask } from "./public-records.ts";

/**
 * Outgoing webhooks: what a receiver is sent and how it checks it came from us. The signature
 * follows the scheme receivers know from Stripe and Slack: a timestamp and an HMAC-SHA256 of
 * "<timestamp>.<raw body>", so a captured request cannot be replayed later with another body.
 */

export const WEBHOOK_EVENT_TYPES = [
  "deal.created",
  "deal.updated",
  "deal.stage_changed",
  "deal.won",
  "deal.lost",
  "project.created",
  "task.claimed",
  "task.completed",
  "project.completed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The body every delivery carries; `id` is the event's, the same on every retry. */
export interface WebhookEnvelope {
  readonly id: string;
  readonly type: WebhookBodyType;
  readonly created_at: string;
  readonly team_id: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The `Handoff-Signature` header for a body sent at `timestampSeconds`. */
export function signWebhook(secret: string, timestampSeconds: number, rawBody: string): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, rawBody)}`;
}

export type SignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "malformed" | "too_old" | "mismatch" };

/** How far a signature's time may be from the receiver's clock: Slack's own choice for its requests. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * What a receiver does with `Handoff-Signature` (the README shows the same in a few lines).
 * Several `v1=` values are accepted, so a secret can be rotated without a gap.
 */
export function verifyWebhookSignature(
  header: string,
  secret: string,
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  const parts = header.split(",").map((part) => part.trim().split("="));
  const timestamps = parts.filter(([key]) => key === "t").map(([, value]) => value ?? "");
  const signatures = parts.filter(([key]) => key === "v1").map(([, value]) => value ?? "");
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!) || signatures.length === 0)
    return { ok: false, reason: "malformed" };
  const timestamp = Number(timestamps[0]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: "too_old" };
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), "hex");
  const matches = signatures.some((signature) => {
    if (!/^[0-9a-f]{64}$/.test(signature)) return false;
    return timingSafeEqual(Buffer.from(signature, "hex"), expected);
  });
  return matches ? { ok: true } : { ok: false, reason: "mismatch" };
}

function hmacHex(secret: string, timestampSeconds: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestampSeconds}.${rawBody}`).digest("hex");
}

/** How long a failing endpoint is retried before it is disabled and admins are told. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Waits between attempts: quick at first (a restart), then hourly (an outage). */
const RETRY_DELAYS_MS = [10, 30, 60, 120, 300, 600, 1_800, 3_600].map((seconds) => seconds * 1000);

export type NextWebhookAttempt = { readonly retryAt: Date } | { readonly giveUp: true };

/**
 * After a failed delivery: when to try again, or that the 24 hours are over. `failedSince` is
 * the first failure of the endpoint's current run of failures; `jitter` (0–1) spreads retries
 * of many endpoints so they do not all come back in the same second.
 */
export function nextWebhookAttempt(
  failedAttempts: number,
  failedSince: Date,
  now: Date,
  jitter: number,
): NextWebhookAttempt {
  const base = RETRY_DELAYS_MS[Math.min(Math.max(failedAttempts, 1), RETRY_DELAYS_MS.length) - 1]!;
  const delay = Math.round(base * (0.8 + 0.4 * Math.min(Math.max(jitter, 0), 1)));
  const retryAt = new Date(now.getTime() + delay);
  if (retryAt.getTime() - failedSince.getTime() > WEBHOOK_RETRY_WINDOW_MS) return { giveUp: true };
  return { retryAt };
}

/** What an HTTP status means for a delivery. */
export function deliveryOutcome(status: number): "delivered" | "endpoint_gone" | "retry" {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 410) return "endpoint_gone";
  return "retry";
}

export type WebhookUrlProblem = "not_a_url" | "not_https" | "has_credentials" | "private_address";

/**
 * A URL an admin may add. Literal addresses are checked here; a host name is checked again
 * for every delivery against the addresses it resolves to then (a name can change).
 */
export function checkWebhookUrl(value: string, allowPrivate: boolean): WebhookUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "not_a_url";
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) return "not_https";
  if (url.username !== "" || url.password !== "") return "has_credentials";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (allowPrivate) return undefined;
  const scope = addressScope(host);
  const internal = scope === "not_an_address" ? isInternalHostName(host) : scope !== "public";
  return internal ? "private_address" : undefined;
}

function isInternalHostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return (
    name === "localhost" || name.endsWith(".localhost") || name.endsWith(".internal") || !name.includes(".")
  );
}

export type AddressScope = "public" | "private" | "loopback" | "link_local" | "reserved" | "not_an_address";

/** Where an IP address (v4 or v6) points: only "public" may receive webhooks by default. */
export function addressScope(address: string): AddressScope {
  const v4 = parseIpv4(address);
  if (v4) return ipv4Scope(v4);
  const v6 = parseIpv6(address);
  if (!v6) return "not_an_address";
  return ipv6Scope(v6);
}

function ipv4Scope([a, b]: number[] & { length: 4 }): AddressScope {
  if (a === 127) return "loopback";
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 100 && b! >= 64 && b! <= 127) return "private"; // carrier-grade NAT
  if (a === 169 && b === 254) return "link_local"; // also cloud metadata services
  if (a === 0 || a! >= 224 || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)))
    return "reserved";
  return "public";
}

function ipv6Scope(words: number[]): AddressScope {
  const [w0, , , , , w5, w6, w7] = words as [number, number, number, number, number, number, number, number];
  const zeroPrefix = (n: number) => words.slice(0, n).every((word) => word === 0);
  if (zeroPrefix(7) && w7 === 1) return "loopback";
  if (zeroPrefix(8)) return "reserved";
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address inside.
  if (
    (zeroPrefix(5) && w5 === 0xffff) ||
    (w0 === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0))
  )
    return ipv4Scope([w6 >> 8, w6 & 0xff, w7 >> 8, w7 & 0xff]);
  if ((w0 & 0xffc0) === 0xfe80) return "link_local";
  if ((w0 & 0xfe00) === 0xfc00) return "private"; // unique local
  if ((w0 & 0xff00) === 0xff00 || (w0 & 0xffc0) === 0xfec0) return "reserved"; // multicast, old site-local
  return "public";
}

function parseIpv4(text: string): (number[] & { length: 4 }) | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? (bytes as number[] & { length: 4 }) : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const address = text.replace(/%.*$/, ""); // a zone id names an interface, not an address
  const halves = address.split("::");
  if (halves.length > 2 || address === "") return undefined;
  const words = (half: string): number[] | undefined => {
    if (half === "") return [];
    const groups = half.split(":");
    const out: number[] = [];
    for (const [i, group] of groups.entries()) {
      if (i === groups.length - 1 && group.includes(".")) {
        const v4 = parseIpv4(group);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(group)) out.push(Number.parseInt(group, 16));
      else return undefined;
    }
    return out;
  };
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

/** The test event an admin sends from `/handoff webhooks`: it goes through the same queue. */
export const WEBHOOK_TEST_EVENT = "ping";
export type WebhookBodyType = WebhookEventType | typeof WEBHOOK_TEST_EVENT;

/**
 * A change to announce, as a service records it in the change's own transaction. `subject`
 * is the deal or project it is about: deliveries to one endpoint go out in order per subject.
 */
export interface WebhookEvent {
  readonly type: WebhookBodyType;
  readonly subject: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

export function dealEvent(type: WebhookEventType, deal: Deal, at: Date): WebhookEvent {
  return { type, subject: `deal:${deal.id}`, data: { ...publicDeal(deal) }, at };
}

export function projectEvent(type: WebhookEventType, project: Project, at: Date): WebhookEvent {
  return { type, subject: `project:${project.id}`, data: { ...publicProject(project) }, at };
}

/** A task's events go in order with its project's. */
export function taskEvent(type: WebhookEventType, task: Task, at: Date): WebhookEvent {
  return { type, subject: `project:${task.projectId}`, data: { ...publicTask(task) }, at };
}

/** The exact text sent (and signed): `{ id, type, created_at, team_id, data }`. */
export function webhookBody(eventId: string, teamId: string, event: WebhookEvent): string {
  const envelope: WebhookEnvelope = {
    id: eventId,
    type: event.type,
    created_at: event.at.toISOString(),
    team_id: teamId,
    data: event.data,
  };
  return JSON.stringify(envelope);
}

/** An endpoint as Handoff keeps it (its secret stays in the database, used only to sign). */
export interface WebhookEndpoint {
  readonly id: string;
  readonly teamId: string;
  readonly number: number;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  readonly enabled: boolean;
  readonly disabledAt: Date | null;
  readonly disabledReason: "admin" | "failing" | null;
  readonly failingSince: Date | null;
  readonly createdById: string;
  readonly createdAt: Date;
}

export type WebhookDeliveryStatus = "pending" | "failed" | "delivered" | "dead";

export interface WebhookDeliverySummary {
  readonly deliveryId: string;
  readonly eventType: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
}
