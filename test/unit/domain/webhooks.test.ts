import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  addressScope,
  checkWebhookUrl,
  deliveryOutcome,
  isWebhookEventType,
  nextWebhookAttempt,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_EVENT_TYPES,
} from "../../../src/domain/webhooks.ts";

const SECRET = "whsec_test";
const BODY = '{"id":"evt_1","type":"deal.won"}';

describe("webhook signatures", () => {
  it("signs t.<raw body> with HMAC-SHA256, as the README tells receivers to check", () => {
    const expected = createHmac("sha256", SECRET).update(`1700000000.${BODY}`).digest("hex");
    expect(signWebhook(SECRET, 1_700_000_000, BODY)).toBe(`t=1700000000,v1=${expected}`);
  });

  it("accepts its own signature within five minutes, and one of several v1 values (rotation)", () => {
    const header = signWebhook(SECRET, 1_700_000_000, BODY);
    expect(verifyWebhookSignature(header, SECRET, BODY, 1_700_000_299)).toEqual({ ok: true });
    const rotated = `${signWebhook("old-secret", 1_700_000_000, BODY)},${header.split(",")[1]}`;
    expect(verifyWebhookSignature(rotated, SECRET, BODY, 1_700_000_000)).toEqual({ ok: true });
  });

  it("refuses another body, another secret, an old timestamp and malformed headers", () => {
    const header = signWebhook(SECRET, 1_700_000_000, BODY);
    const at = 1_700_000_010;
    expect(verifyWebhookSignature(header, SECRET, `${BODY} `, at)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature(header, "other", BODY, at)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature(header, SECRET, BODY, 1_700_000_301)).toEqual({
      ok: false,
      reason: "too_old",
    });
    for (const malformed of ["", "t=1700000000", "v1=abc", "t=x,v1=00", `t=1,t=2,${header.split(",")[1]}`])
      expect(verifyWebhookSignature(malformed, SECRET, BODY, at)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyWebhookSignature("t=1700000000,v1=zz", SECRET, BODY, at)).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });
});

describe("webhook events and deliveries", () => {
  it("knows the nine events", () => {
    expect(WEBHOOK_EVENT_TYPES).toHaveLength(9);
    expect(isWebhookEventType("deal.won")).toBe(true);
    expect(isWebhookEventType("deal.deleted")).toBe(false);
  });

  it("counts any 2xx as delivered, 410 as the endpoint gone, everything else as a retry", () => {
    expect([200, 204, 299].map(deliveryOutcome)).toEqual(["delivered", "delivered", "delivered"]);
    expect(deliveryOutcome(410)).toBe("endpoint_gone");
    expect([301, 400, 404, 429, 500, 503].map(deliveryOutcome)).toEqual(Array(6).fill("retry"));
  });

  it("backs off from seconds to an hour, and gives up after 24 hours of failures", () => {
    const since = new Date("2026-12-04T00:00:00Z");
    const delay = (attempts: number, now = since) => {
      const next = nextWebhookAttempt(attempts, since, now, 0.5);
      return "retryAt" in next ? (next.retryAt.getTime() - now.getTime()) / 1000 : "give up";
    };
    expect([1, 2, 3, 8, 20].map((n) => delay(n))).toEqual([10, 30, 60, 3600, 3600]);
    expect(delay(30, new Date("2026-12-04T22:59:00Z"))).toBe(3600);
    expect(delay(31, new Date("2026-12-04T23:30:00Z"))).toBe("give up");
    // jitter spreads retries by ±20 %
    const early = nextWebhookAttempt(1, since, since, 0);
    const late = nextWebhookAttempt(1, since, since, 1);
    expect("retryAt" in early && early.retryAt.getTime() - since.getTime()).toBe(8_000);
    expect("retryAt" in late && late.retryAt.getTime() - since.getTime()).toBe(12_000);
  });
});

describe("webhook addresses", () => {
  it("classifies IPv4 and IPv6 addresses, including IPv4 inside IPv6", () => {
    const cases: Record<string, string> = {
      "93.184.216.34": "public",
      "127.0.0.1": "loopback",
      "10.1.2.3": "private",
      "172.16.0.1": "private",
      "172.32.0.1": "public",
      "192.168.1.1": "private",
      "100.64.0.1": "private",
      "169.254.169.254": "link_local",
      "0.0.0.0": "reserved",
      "224.0.0.1": "reserved",
      "255.255.255.255": "reserved",
      "::1": "loopback",
      "::": "reserved",
      "fe80::1%eth0": "link_local",
      "fd12:3456::1": "private",
      "ff02::1": "reserved",
      "2606:4700:4700::1111": "public",
      "::ffff:127.0.0.1": "loopback",
      "::ffff:7f00:1": "loopback",
      "64:ff9b::a9fe:a9fe": "link_local",
      "256.1.1.1": "not_an_address",
      "01.2.3.4": "not_an_address",
      "1:2:3:4:5:6:7:8:9": "not_an_address",
      "1::2::3": "not_an_address",
      "example.com": "not_an_address",
    };
    for (const [address, scope] of Object.entries(cases))
      expect([address, addressScope(address)]).toEqual([address, scope]);
  });

  it("takes public HTTPS URLs and refuses the rest by default, naming why", () => {
    expect(checkWebhookUrl("https://hooks.example.com/handoff", false)).toBeUndefined();
    expect(checkWebhookUrl("https://[2606:4700:4700::1111]/x", false)).toBeUndefined();
    expect(checkWebhookUrl("not a url", false)).toBe("not_a_url");
    expect(checkWebhookUrl("http://hooks.example.com/", false)).toBe("not_https");
    expect(checkWebhookUrl("https://user:pw@hooks.example.com/", false)).toBe("has_credentials");
    for (const url of [
      "https://127.0.0.1/",
      "https://localhost:8443/",
      "https://api.localhost/",
      "https://[::1]/",
      "https://169.254.169.254/latest",
      "https://metadata.google.internal/",
      "https://receiver/",
    ])
      expect([url, checkWebhookUrl(url, false)]).toEqual([url, "private_address"]);
  });

  it("takes private and plain-HTTP addresses when HANDOFF_WEBHOOKS_ALLOW_PRIVATE is on", () => {
    expect(checkWebhookUrl("http://127.0.0.1:4000/hook", true)).toBeUndefined();
    expect(checkWebhookUrl("ftp://127.0.0.1/", true)).toBe("not_https");
  });
});
