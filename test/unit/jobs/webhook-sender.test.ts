import type { lookup } from "node:dns";
import { describe, expect, it } from "vitest";
import { httpWebhookSender } from "../../../src/jobs/webhook-sender.ts";
import type { ClaimedWebhookDelivery } from "../../../src/services/ports.ts";

/**
 * The address check at send time: a host name is resolved for each new connection and every
 * address it gives is checked, so a name that pointed to a public address when the endpoint
 * was added cannot be turned toward the internal network later.
 */
function delivery(url: string): ClaimedWebhookDelivery {
  return {
    id: "1",
    deliveryId: "5f0e7a4c-8d2b-4c1e-9f3a-2b6d8e1c4a70",
    eventType: "deal.won",
    body: "{}",
    attempts: 1,
    createdAt: new Date(),
    endpoint: { id: "e", teamId: "T0", url, secret: "s", failingSince: null },
    followed: false,
  };
}

/** A resolver that answers every name with these addresses, and remembers the names asked. */
function resolvingTo(...addresses: string[]) {
  const asked: string[] = [];
  const resolve = ((hostname: string, _options: unknown, callback: (...args: unknown[]) => void) => {
    asked.push(hostname);
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
  }) as unknown as typeof lookup;
  return { resolve, asked };
}

describe("httpWebhookSender without HANDOFF_WEBHOOKS_ALLOW_PRIVATE", () => {
  it("refuses a host name that now resolves to a private address, without connecting", async () => {
    const dns = resolvingTo("10.0.0.5");
    const send = httpWebhookSender({ allowPrivate: false, resolve: dns.resolve, timeoutMs: 2_000 });
    const result = await send(delivery("https://hooks.example.com/in"), new Date());
    expect(dns.asked).toEqual(["hooks.example.com"]);
    expect(result).toEqual({ error: "refused: hooks.example.com resolves to 10.0.0.5, a private address" });
  });

  it("refuses a name with any link-local address among public ones (cloud metadata)", async () => {
    const dns = resolvingTo("93.184.216.34", "169.254.169.254");
    const send = httpWebhookSender({ allowPrivate: false, resolve: dns.resolve, timeoutMs: 2_000 });
    const result = await send(delivery("https://hooks.example.com/in"), new Date());
    expect(result).toEqual({
      error: "refused: hooks.example.com resolves to 169.254.169.254, a link-local address",
    });
  });

  it("refuses a loopback address written in the URL, and plain HTTP", async () => {
    const dns = resolvingTo("93.184.216.34");
    const send = httpWebhookSender({ allowPrivate: false, resolve: dns.resolve, timeoutMs: 2_000 });
    expect(await send(delivery("https://[::1]:8443/in"), new Date())).toEqual({
      error: "refused: private address",
    });
    expect(await send(delivery("http://hooks.example.com/in"), new Date())).toEqual({
      error: "refused: not https",
    });
    expect(dns.asked).toEqual([]);
  });
});
