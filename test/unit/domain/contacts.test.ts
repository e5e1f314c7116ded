import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatContact, MAX_CONTACTS, parseContacts, sameContacts } from "../../../src/domain/contacts.ts";

describe("parseContacts", () => {
  it.each([
    ["Jane Doe, CTO, jane@acme.com", { name: "Jane Doe", title: "CTO", email: "jane@acme.com", phone: null }],
    ["Jane Doe <Jane@Acme.com>", { name: "Jane Doe", title: null, email: "jane@acme.com", phone: null }],
    ["jane@acme.com, Jane Doe", { name: "Jane Doe", title: null, email: "jane@acme.com", phone: null }],
    [
      "Raj Iyer; +44 20 7946 0000; Head of IT",
      { name: "Raj Iyer", title: "Head of IT", email: null, phone: "+44 20 7946 0000" },
    ],
    ["ops@acme.com", { name: "ops", title: null, email: "ops@acme.com", phone: null }],
  ])("reads %j", (line, expected) => {
    expect(parseContacts(line)).toEqual({ ok: true, contacts: [expected] });
  });

  it("reads one contact per line and skips blank lines", () => {
    const parsed = parseContacts("Jane Doe, CTO\n\n  Omar Haddad  \n");
    expect(parsed.ok && parsed.contacts.map((c) => c.name)).toEqual(["Jane Doe", "Omar Haddad"]);
  });

  it("refuses more than the maximum, and lines without a name", () => {
    const many = Array.from({ length: MAX_CONTACTS + 1 }, (_, i) => `Person ${i}`).join("\n");
    expect(parseContacts(many)).toEqual({ ok: false, problem: { kind: "too_many", limit: 10, count: 11 } });
    expect(parseContacts("+44 20 7946 0000")).toEqual({
      ok: false,
      problem: { kind: "no_name", line: "+44 20 7946 0000" },
    });
    expect(parseContacts(`Jane ${"x".repeat(200)}`)).toEqual({
      ok: false,
      problem: { kind: "part_too_long", part: `Jane ${"x".repeat(200)}`, limit: 200 },
    });
  });

  it("reads back what formatContact writes", () => {
    const parsed = parseContacts("Jane Doe, CTO, jane@acme.com, +1 555 0100");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const again = parseContacts(parsed.contacts.map(formatContact).join("\n"));
    expect(again.ok && sameContacts(again.contacts, parsed.contacts)).toBe(true);
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 3000 }), (text) => {
        const result = parseContacts(text);
        expect(result.ok || result.problem.kind.length > 0).toBe(true);
      }),
    );
  });
});
