import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readDealPrefill } from "../../../src/domain/deal-prefill.ts";

/** Wednesday 2 Dec 2026: "friday" is 4 Dec, "next friday" 11 Dec. */
const OPTIONS = { defaultCurrency: "USD", today: "2026-12-02" };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("readDealPrefill", () => {
  it("reads name, amount, owner and date from `Acme renewal 12k @ana next friday`", () => {
    expect(readDealPrefill("Acme renewal 12k <@U0ANA|ana> next friday", OPTIONS)).toEqual({
      name: "Acme renewal",
      amount: "12000",
      currency: "USD",
      closeDate: "2026-12-11",
      ownerId: "U0ANA",
      echo: [
        { field: "owner", userId: "U0ANA" },
        { field: "amount", value: "USD 12,000" },
        { field: "closeDate", value: "Fri 11 Dec 2026" },
      ],
    });
  });

  it("reads the pieces in any order, the mention with or without a label", () => {
    expect(readDealPrefill("<@U0ANA> Acme renewal €12,500.50 5 Dec", OPTIONS)).toEqual({
      name: "Acme renewal",
      amount: "12500.5",
      currency: "EUR",
      closeDate: "2026-12-05",
      ownerId: "U0ANA",
      echo: [
        { field: "owner", userId: "U0ANA" },
        { field: "amount", value: "EUR 12,500.50" },
        { field: "closeDate", value: "Sat 5 Dec 2026" },
      ],
    });
  });

  it.each([
    ["Acme 12000 EUR", "12000", "EUR", "EUR 12,000"],
    ["Acme £3k", "3000", "GBP", "GBP 3,000"],
    ["Acme $12,000", "12000", "USD", "USD 12,000"],
    ["Acme 12,000 USD", "12000", "USD", "USD 12,000"],
  ])("takes the currency from the amount: %j", (text, amount, currency, value) => {
    const prefill = readDealPrefill(text, { ...OPTIONS, defaultCurrency: "CHF" });
    expect(prefill).toEqual({ name: "Acme", amount, currency, echo: [{ field: "amount", value }] });
  });

  it("uses the default currency for an amount without one, and when there is no amount", () => {
    expect(readDealPrefill("Acme 12k", { ...OPTIONS, defaultCurrency: "CHF" })).toEqual({
      name: "Acme",
      amount: "12000",
      currency: "CHF",
      echo: [{ field: "amount", value: "CHF 12,000" }],
    });
    expect(readDealPrefill("Acme renewal", { ...OPTIONS, defaultCurrency: "JPY" })).toEqual({
      name: "Acme renewal",
      currency: "JPY",
      echo: [],
    });
  });

  it("reads a date alone (ISO and relative)", () => {
    expect(readDealPrefill("Globex 2026-12-31", OPTIONS)).toEqual({
      name: "Globex",
      currency: "USD",
      closeDate: "2026-12-31",
      echo: [{ field: "closeDate", value: "Thu 31 Dec 2026" }],
    });
    expect(readDealPrefill("Globex friday", OPTIONS)).toMatchObject({
      name: "Globex",
      closeDate: "2026-12-04",
    });
  });

  it("leaves counts, years and references in the name", () => {
    expect(readDealPrefill("Acme 2027 renewal", OPTIONS)).toEqual({
      name: "Acme 2027 renewal",
      currency: "USD",
      echo: [],
    });
    expect(readDealPrefill("Acme friday 300 seats", OPTIONS)).toEqual({
      name: "Acme 300 seats",
      currency: "USD",
      closeDate: "2026-12-04",
      echo: [{ field: "closeDate", value: "Fri 4 Dec 2026" }],
    });
  });

  it.each([
    [
      "Zeta pilot 12kk 31/02",
      "Zeta pilot",
      [
        ["12kk", "amount"],
        ["31/02", "date"],
      ],
    ],
    ["Zeta 2027-02-30 rollout", "Zeta rollout", [["2027-02-30", "date"]]],
    ["Zeta (1.2.3k) pilot", "Zeta pilot", [["1.2.3k", "amount"]]],
    ["Zeta $12x pilot", "Zeta pilot", [["$12x", "amount"]]],
  ])("leaves an unreadable amount or date out of the name and names it: %j", (text, name, unreadable) => {
    const prefill = readDealPrefill(text, OPTIONS);
    expect(prefill.name).toBe(name);
    expect(prefill.amount).toBeUndefined();
    expect(prefill.closeDate).toBeUndefined();
    expect(prefill.unreadable).toEqual(unreadable.map(([token, as]) => ({ token, as })));
  });

  it.each(["Zeta 5G pilot", "Zeta 3rd phase", "Zeta v2.1 rollout", "Zeta phase 2.1", "Zeta 12/2027"])(
    "keeps words that only contain digits in the name: %j",
    (text) => {
      const prefill = readDealPrefill(text, OPTIONS);
      expect(prefill.name).toBe(text);
      expect(prefill.unreadable).toBeUndefined();
    },
  );

  it("takes the first mention as owner and keeps no Slack token in the name", () => {
    const prefill = readDealPrefill(
      "Acme <@U0ANA|ana> with <@U0BOB|bob> see <https://x.example|the deck> <#C1|sales>",
      OPTIONS,
    );
    expect(prefill.ownerId).toBe("U0ANA");
    expect(prefill.name).toBe("Acme with see");
    expect(prefill.echo).toEqual([{ field: "owner", userId: "U0ANA" }]);
  });

  it("unescapes Slack's &amp; &lt; &gt; in the name, once", () => {
    expect(readDealPrefill("R&amp;D &lt;EU&gt; deal &amp;lt; 3k", OPTIONS)).toEqual({
      name: "R&D <EU> deal &lt;",
      amount: "3000",
      currency: "USD",
      echo: [{ field: "amount", value: "USD 3,000" }],
    });
  });

  it("leaves the name out when nothing is left (empty text, only a mention)", () => {
    expect(readDealPrefill("", OPTIONS)).toEqual({ currency: "USD", echo: [] });
    expect(readDealPrefill("   ", OPTIONS)).toEqual({ currency: "USD", echo: [] });
    const onlyOwner = readDealPrefill("<@U0ANA|ana>", OPTIONS);
    expect(onlyOwner).toEqual({
      currency: "USD",
      ownerId: "U0ANA",
      echo: [{ field: "owner", userId: "U0ANA" }],
    });
    expect("name" in onlyOwner).toBe(false);
  });

  it("collapses spacing in what is left", () => {
    expect(readDealPrefill("  Acme \t  big\n\nrenewal  12k  ", OPTIONS).name).toBe("Acme big renewal");
  });

  it("cuts the name to 200 characters", () => {
    expect(readDealPrefill("a".repeat(250), OPTIONS).name).toBe("a".repeat(200));
    expect(readDealPrefill("a".repeat(200), OPTIONS).name).toBe("a".repeat(200));
  });

  it("never cuts a surrogate pair in half", () => {
    const emoji = readDealPrefill("😀".repeat(300), OPTIONS).name!;
    expect(Array.from(emoji)).toHaveLength(200);
    expect(emoji).toBe("😀".repeat(200));
    expect(emoji).not.toMatch(LONE_SURROGATE);

    // Offset by one unit, so a cut at 200 UTF-16 units would land inside a pair.
    const offset = readDealPrefill(`a${"😀".repeat(300)}`, OPTIONS).name!;
    expect(offset).toBe(`a${"😀".repeat(199)}`);
    expect(offset).not.toMatch(LONE_SURROGATE);
  });

  it("never throws, and keeps its promises for any text", () => {
    const pieces = fc.string({
      unit: fc.constantFrom(
        "12k ",
        "$",
        "€",
        " EUR",
        "next ",
        "friday ",
        "<@U0ANA|ana> ",
        "<@U1>",
        "<https://x|y>",
        "&amp;",
        "&lt;",
        "5 Dec ",
        "2026-12-01 ",
        " ",
        "x",
        "😀",
        "👩🏽‍💻",
      ),
      maxLength: 300,
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 500 }),
          fc.string({ unit: "binary", maxLength: 500 }),
          fc.string({ minLength: 5_000, maxLength: 5_000 }),
          pieces,
        ),
        fc.constantFrom("USD", "EUR", "JPY"),
        (text, defaultCurrency) => {
          const prefill = readDealPrefill(text, { ...OPTIONS, defaultCurrency });
          expect(prefill.currency).toMatch(/^[A-Z]{3}$/);
          if (prefill.amount === undefined) expect(prefill.currency).toBe(defaultCurrency);
          if (prefill.name !== undefined) {
            expect(prefill.name).not.toBe("");
            expect(prefill.name).toBe(prefill.name.trim());
            expect(Array.from(prefill.name).length).toBeLessThanOrEqual(200);
            expect(prefill.name).not.toMatch(/\s\s/);
            if (!LONE_SURROGATE.test(text)) expect(prefill.name).not.toMatch(LONE_SURROGATE);
          }
          if (prefill.ownerId !== undefined)
            expect(prefill.echo).toContainEqual({ field: "owner", userId: prefill.ownerId });
          if (prefill.closeDate !== undefined) expect(prefill.closeDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          const expectedEchoes =
            Number(prefill.ownerId !== undefined) +
            Number(prefill.amount !== undefined) +
            Number(prefill.closeDate !== undefined);
          expect(prefill.echo).toHaveLength(expectedEchoes);
        },
      ),
      { numRuns: 300 },
    );
  });
});
