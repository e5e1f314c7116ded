import { describe, expect, it } from "vitest";
import { LeadHookLimits, TokenBuckets } from "../../../src/api/rate-limit.ts";

describe("TokenBuckets", () => {
  it("allows the burst, then says how many seconds until the next request, per token", () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take("a"))).toEqual([0, 0, 0]);
    expect(buckets.take("a")).toBe(1);
    expect(buckets.take("b")).toBe(0); // another token has its own bucket
    now = 500; // half a second refills one request at 2/s
    expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBe(1);
  });

  it("waits longer when the rate is below one a second", () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 0.2, burst: 1 }, () => now);
    expect(buckets.take("a")).toBe(0);
    expect(buckets.take("a")).toBe(5);
    now = 5_000;
    expect(buckets.take("a")).toBe(0);
  });
});

describe("LeadHookLimits", () => {
  it("limits each client of a source, and the source as a whole at ten clients' worth", () => {
    const limits = new LeadHookLimits({ perSecond: 1, burst: 2 }, () => 0);
    expect([1, 2, 3].map(() => limits.take("website", "203.0.113.1"))).toEqual([0, 0, 1]);
    expect(limits.take("zapier", "203.0.113.1")).toBe(0); // another source: its own buckets
    // Nine more clients of the website take the rest of its twenty; the eleventh client is refused.
    for (let client = 2; client <= 10; client++)
      expect([1, 2].map(() => limits.take("website", `203.0.113.${client}`))).toEqual([0, 0]);
    expect(limits.take("website", "203.0.113.11")).toBe(1);
  });
});
