import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_CONTACTS, parseContacts } from "../../../src/domain/contacts.ts";
import { contactsProblemText } from "../../../src/slack/field-problems.ts";

/** What the deal form says next to its contacts field. */
function problemText(text: string): string {
  const parsed = parseContacts(text);
  if (parsed.ok) throw new Error(`read: ${JSON.stringify(parsed.contacts)}`);
  return contactsProblemText(parsed.problem);
}

describe("contactsProblemText: contacts the deal form can't read", () => {
  it("refuses more than the maximum, and lines without a name", () => {
    const many = Array.from({ length: MAX_CONTACTS + 1 }, (_, i) => `Person ${i}`).join("\n");
    expect(problemText(many)).toMatch(/Up to 10 contacts/);
    expect(problemText("+44 20 7946 0000")).toMatch(/has no name/);
  });

  it("words each problem in full", () => {
    const many = Array.from({ length: 12 }, (_, i) => `Person ${i}`).join("\n");
    expect(problemText(many)).toBe("Up to 10 contacts, one per line (there are 12).");
    expect(problemText("+44 20 7946 0000")).toBe(
      "“+44 20 7946 0000” has no name — write one contact per line: name, title, email.",
    );
    expect(problemText(`Jane, ${"x".repeat(201)}`)).toBe(
      `“${"x".repeat(30)}…” is too long for a contact (200 characters at most).`,
    );
    const longNumber = `+44 ${"20 7946 ".repeat(8)}0000`;
    expect(problemText(longNumber)).toBe(
      `“${longNumber.slice(0, 40)}” has no name — write one contact per line: name, title, email.`,
    );
  });

  it("always says something for text it can't read", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 3000 }), (text) => {
        const result = parseContacts(text);
        expect(result.ok || contactsProblemText(result.problem).length > 0).toBe(true);
      }),
    );
  });
});
