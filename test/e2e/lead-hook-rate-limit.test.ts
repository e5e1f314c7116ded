import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/e2e-harness.ts";
import { addLeadSource } from "../support/lead-sources.ts";

/**
 * The lead hook is a public form target: over HTTP, a client flooding one source is told 429
 * (a page for a browser), while other sources, other clients and unknown secrets are untouched.
 */
const BURST = 3;

let sent = 0;
function postLead(base: string, secret: string, headers: Record<string, string> = {}) {
  sent++;
  return fetch(`${base}/hooks/leads/${secret}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ name: `Visitor ${sent}`, email: `visitor${sent}@example.com` }),
  });
}

describe("the lead hook's rate limit", () => {
  let h: Harness;
  let website: string;
  let zapier: string;
  beforeAll(async () => {
    // A slow refill (one lead every 20 s) so the test's own pace never refills a bucket.
    h = await startHarness({
      env: { HANDOFF_LEAD_HOOK_RATE: "0.05", HANDOFF_LEAD_HOOK_BURST: String(BURST) },
    });
    website = await addLeadSource(h, "Website form");
    zapier = await addLeadSource(h, "Zapier");
  }, 60_000);
  afterAll(() => h?.stop());

  it("takes a burst, then answers 429 problem+json with Retry-After, and stores nothing more", async () => {
    for (let i = 0; i < BURST; i++) expect((await postLead(h.baseUrl, website)).status).toBe(201);

    const refused = await postLead(h.baseUrl, website);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect(await refused.json()).toMatchObject({ status: 429, reason: "rate_limited" });
    expect(await h.db!.prisma.deal.count()).toBe(BURST);
  });

  it("gives a browser posting the form a short page saying to try again shortly", async () => {
    const page = await postLead(h.baseUrl, website, { accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
    expect(page.status).toBe(429);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("retry-after")).not.toBeNull();
    expect(await page.text()).toMatch(/try again/i);
  });

  it("limits each source on its own, and each client address of a source on its own", async () => {
    expect((await postLead(h.baseUrl, zapier)).status).toBe(201);
    // The same app reached over IPv6 loopback: another client address for the same source.
    const otherClient = h.baseUrl.replace("127.0.0.1", "[::1]");
    expect((await postLead(otherClient, website)).status).toBe(201);
  });

  it("never rate-limits an unknown secret: it is refused before any bucket is taken", async () => {
    const unknown = `hlh_${"A".repeat(43)}`;
    for (let i = 0; i < BURST * 3; i++) expect((await postLead(h.baseUrl, unknown)).status).toBe(404);
  });
});
