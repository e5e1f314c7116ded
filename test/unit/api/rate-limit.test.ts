import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../../../src/api/rate-limit.ts";

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
