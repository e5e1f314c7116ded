import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAmount } from "../../../src/domain/money.ts";
import { amountProblemText } from "../../../src/slack/field-problems.ts";

describe("parseAmount refuses with a message saying what would work", () => {
  it.each([
    ["", "Enter an amount — for example 12000, 12k, $12,000 or 12000 EUR."],
    ["   ", "Enter an amount"],
    ["12,34,5", `"12,34,5" isn't an amount I can read — try 12000, 12k, $12,000 or 12000 EUR.`],
    ["USD 1_000", `"USD 1_000" isn't an amount I can read`],
    ["1e5", "isn't an amount I can read"],
    ["abc", `"abc" isn't an amount I can read`],
    ["twelve", "isn't an amount I can read"],
    ["12.", "isn't an amount I can read"],
    ["12,,000", "isn't an amount I can read"],
    ["1,2,3", "isn't an amount I can read"],
    ["12,000.000,5", "isn't an amount I can read"],
    ["1 2345", "isn't an amount I can read"],
    ["12 000'000", "isn't an amount I can read"],
    ["12%", "isn't an amount I can read"],
    ["9.00'", "isn't an amount I can read"], // found by fuzzing: once reached BigInt and threw
    ["9,00'", "isn't an amount I can read"],
    ["1.23 4", "isn't an amount I can read"],
    ["12k k", "isn't an amount I can read"],
    ["-5", "can't be negative"],
    ["−12k", "can't be negative"],
    ["$-5", "can't be negative"],
    ["EUR -5", "can't be negative"],
    ["0", "must be more than zero"],
    ["0.00", "must be more than zero"],
    ["$0k", "must be more than zero"],
    ["20000000000000", "more than 10,000,000,000,000"],
    ["10000000000000.01", "more than 10,000,000,000,000"],
    ["11000b", "more than 10,000,000,000,000"],
    ["12.345", `"12.345" could mean 12345 or 12.345 — write 12345 or 12.345 instead.`],
    ["12.000", `"12.000" could mean 12000 or 12`],
    ["€12.500", `"€12.500" could mean 12500 or 12.5`],
    ["12,3456", "more decimals than USD uses (2) — round it, like 12.35"],
    ["1.234567k", "more decimals than USD uses (2) — round it, like 1,234.57"],
    ["¥500.5", "JPY has no cents — use a whole number, like 500."],
    ["12.3456 KWD", "more decimals than KWD uses (3)"],
    ["12 abc", `I don't know the currency "abc" — use an ISO code like USD, EUR, GBP or CHF.`],
    ["XYZ 12", `I don't know the currency "XYZ"`],
    ["kr 500", `"kr" could be SEK, NOK, DKK or ISK`],
    ["500kr", `"kr" could be SEK, NOK, DKK or ISK`],
    ["$12 EUR", "names two currencies (USD and EUR) — keep one."],
    ["EUR", `"EUR" has no number — try EUR 12000.`],
    ["€", `"€" has no number — try EUR 12000.`],
    ["1".repeat(200), "isn't an amount I can read"],
  ])("%j", (input, message) => {
    const result = parseAmount(input, "USD");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(amountProblemText(result.problem)).toContain(message);
  });

  it("quotes long input shortened, not whole", () => {
    const result = parseAmount(`12 ${"x".repeat(70)}`, "USD");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(amountProblemText(result.problem).length).toBeLessThan(120);
  });
});

describe("amountProblemText: every problem in words", () => {
  it("words the rounding suggestions in full", () => {
    const wordsOf = (input: string) => {
      const result = parseAmount(input, "USD");
      if (result.ok) throw new Error(`read ${input}`);
      return amountProblemText(result.problem);
    };
    expect(wordsOf("1.234567k")).toBe(
      '"1.234567k" has more decimals than USD uses (2) — round it, like 1,234.57.',
    );
    expect(wordsOf("¥500.5")).toBe("JPY has no cents — use a whole number, like 500.");
    expect(wordsOf("0")).toBe(
      "The amount must be more than zero — for example 12000, 12k, $12,000 or 12000 EUR.",
    );
    expect(wordsOf("-5")).toBe("An amount can't be negative — enter what the deal is worth, like 12000.");
  });

  it("always says something for text that is not an amount", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.constantFrom("USD", "JPY", "KWD"), (text, currency) => {
        const result = parseAmount(text, currency);
        if (!result.ok) expect(amountProblemText(result.problem).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
