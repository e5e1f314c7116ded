import { describe, expect, it } from "vitest";
import {
  accessAllows,
  bearerToken,
  decodeCursor,
  encodeCursor,
  hashSecret,
  issueSecret,
} from "../../../src/domain/api-access.ts";
import { emailKey, leadDisposition, looksLikeEmail, nextLeadOwner } from "../../../src/domain/leads.ts";

describe("API tokens", () => {
  it("issues a prefixed 256-bit token, keeping only its hash and a hint", () => {
    const issued = issueSecret("hnd_");
    expect(issued.secret).toMatch(/^hnd_[A-Za-z0-9_-]{43}$/);
    expect(issued.hash).toBe(hashSecret(issued.secret));
    expect(issued.hash).not.toContain(issued.secret.slice(4));
    expect(issued.hint).toBe(issued.secret.slice(-4));
    expect(issueSecret("hnd_").secret).not.toBe(issued.secret);
  });

  it("reads a Bearer header, telling a missing token from a malformed one", () => {
    const { secret } = issueSecret("hnd_");
    expect(bearerToken(`Bearer ${secret}`)).toEqual({ token: secret });
    expect(bearerToken(`bearer ${secret} `)).toEqual({ token: secret });
    expect(bearerToken(undefined)).toEqual({ problem: "missing" });
    expect(bearerToken(" ")).toEqual({ problem: "missing" });
    for (const header of [
      secret,
      `Basic ${secret}`,
      "Bearer hnd_short",
      `Bearer ${secret}x`,
      `Bearer hlh_${secret.slice(4)}`,
    ])
      expect(bearerToken(header)).toEqual({ problem: "malformed" });
  });

  it("lets read tokens read and only read-write tokens change", () => {
    expect(accessAllows("read", "GET")).toBe(true);
    expect(accessAllows("read", "post")).toBe(false);
    expect(accessAllows("read", "PATCH")).toBe(false);
    expect(accessAllows("read_write", "DELETE")).toBe(true);
  });
});

describe("list cursors", () => {
  it("round-trips and refuses anything it did not make", () => {
    const cursor = { updatedAt: new Date("2026-12-04T10:00:00.123Z"), id: "c0a5c1fe" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const bad of [
      "",
      "not base64!",
      forged({ id: "x" }),
      forged(["2026-13-40T00:00:00.000Z", "x"]),
      forged(["2026-12-04", "x"]),
      forged(["2026-12-04T10:00:00.123Z", ""]),
      forged(["2026-12-04T10:00:00.123Z", 5]),
      "x".repeat(500),
    ])
      expect(decodeCursor(bad)).toBeUndefined();
  });
});

describe("leads", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

  it("makes a repeat within 30 days a note on the most recent open deal, else a new deal", () => {
    expect(leadDisposition([], now)).toEqual({ kind: "new_deal" });
    expect(leadDisposition([{ dealId: "old", lastLeadAt: daysAgo(31) }], now)).toEqual({ kind: "new_deal" });
    expect(
      leadDisposition(
        [
          { dealId: "a", lastLeadAt: daysAgo(20) },
          { dealId: "b", lastLeadAt: daysAgo(2) },
          { dealId: "c", lastLeadAt: daysAgo(30) },
        ],
        now,
      ),
    ).toEqual({ kind: "note", dealId: "b" });
  });

  it("compares emails without case or spaces and refuses what is not one", () => {
    expect(emailKey("  Ana@Example.COM ")).toBe("ana@example.com");
    expect(looksLikeEmail("ana@example.com")).toBe(true);
    for (const bad of [
      "ana",
      "ana@",
      "@example.com",
      "ana@example",
      "a b@example.com",
      `${"a".repeat(250)}@x.io`,
    ])
      expect([bad, looksLikeEmail(bad)]).toEqual([bad, false]);
  });

  it("hands leads out in turn, starting again when the last owner left the list", () => {
    const owners = ["U1", "U2", "U3"];
    expect(nextLeadOwner(owners, undefined)).toBe("U1");
    expect(nextLeadOwner(owners, "U1")).toBe("U2");
    expect(nextLeadOwner(owners, "U3")).toBe("U1");
    expect(nextLeadOwner(owners, "U9")).toBe("U1");
    expect(nextLeadOwner([], "U1")).toBeUndefined();
  });
});
