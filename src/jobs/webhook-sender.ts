import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { addressScope, checkWebhookUrl, signWebhook } from "../domain/webhooks.ts";
import type { ClaimedWebhookDelivery } from "../services/ports.ts";

/** What one POST came to: the receiver's status, or why none came (timeout, refused, private address). */
export type WebhookPostResult = { readonly status: number } | { readonly error: string };

export type SendWebhook = (delivery: ClaimedWebhookDelivery, at: Date) => Promise<WebhookPostResult>;

export interface WebhookSenderOptions {
  /** HANDOFF_WEBHOOKS_ALLOW_PRIVATE: private, loopback and link-local receivers are allowed. */
  readonly allowPrivate: boolean;
  readonly timeoutMs?: number;
  /** How host names are resolved (dns.lookup); tests give names their own addresses. */
  readonly resolve?: typeof dnsLookup;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
const USER_AGENT = "Handoff-Webhooks";

/**
 * POSTs a delivery, signed for the moment it leaves. The URL was checked when it was added;
 * its host name is checked again here against the addresses it resolves to now, and the
 * connection goes to the address that was checked (a name can change between the two).
 */
export function httpWebhookSender(options: WebhookSenderOptions): SendWebhook {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };
  const lookup = options.allowPrivate ? undefined : publicOnlyLookup(options.resolve ?? dnsLookup);
  return (delivery, at) =>
    new Promise<WebhookPostResult>((resolve) => {
      const problem = checkWebhookUrl(delivery.endpoint.url, options.allowPrivate);
      if (problem) return resolve({ error: `refused: ${problem.replaceAll("_", " ")}` });
      const url = new URL(delivery.endpoint.url);
      const client = url.protocol === "https:" ? https : http;
      const body = Buffer.from(delivery.body, "utf8");
      const timestamp = Math.floor(at.getTime() / 1000);
      let settled = false;
      const finish = (result: WebhookPostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const request = client.request(url, {
        method: "POST",
        agent: url.protocol === "https:" ? agents.https : agents.http,
        ...(lookup ? { lookup } : {}),
        headers: {
          "Content-Type": "application/json",
          "Content-Length": body.length,
          "User-Agent": USER_AGENT,
          "Handoff-Event": delivery.eventType,
          "Handoff-Delivery": delivery.deliveryId,
          "Handoff-Signature": signWebhook(delivery.endpoint.secret, timestamp, delivery.body),
        },
      });
      const timer = setTimeout(() => {
        request.destroy();
        finish({ error: `no answer within ${Math.round(timeoutMs / 1000)} s` });
      }, timeoutMs);
      request.on("response", (response) => {
        response.resume(); // the body is not read, but the socket is kept for the next delivery
        finish({ status: response.statusCode ?? 0 });
      });
      request.on("error", (error) => finish({ error: error.message }));
      request.end(body);
    });
}

/** A lookup that fails for a name resolving to any private, loopback or link-local address. */
const publicOnlyLookup =
  (resolve: typeof dnsLookup): LookupFunction =>
  (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const refused = addresses.find((a) => addressScope(a.address) !== "public");
      if (refused || addresses.length === 0) {
        const reason = new Error(
          `refused: ${hostname} resolves to ${refused?.address ?? "nothing"}, a ${
            refused ? addressScope(refused.address).replaceAll("_", "-") : "missing"
          } address`,
        );
        return callback(reason as NodeJS.ErrnoException, "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
