import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AmountProblem,
  addAmounts,
  CURRENCY_CODES,
  compareAmounts,
  currencyMinorUnits,
  findAmountInText,
  formatMoney,
  isCurrencyCode,
  type Money,
  normaliseAmount,
  parseAmount,
  subtractAmounts,
} from "../../../src/domain/money.ts";

const NORMALISED = /^(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

describe("parseAmount accepts what people type", () => {
  it.each([
    // input, default currency, amount, currency, echo
    ["12k", "USD", "12000", "USD", "USD 12,000"],
    ["12K", "USD", "12000", "USD", "USD 12,000"],
    ["1.5m", "USD", "1500000", "USD", "USD 1,500,000"],
    ["2M", "EUR", "2000000", "EUR", "EUR 2,000,000"],
    ["12 thousand", "USD", "12000", "USD", "USD 12,000"],
    ["1.5 million", "USD", "1500000", "USD", "USD 1,500,000"],
    ["2bn", "USD", "2000000000", "USD", "USD 2,000,000,000"],
    ["1.25B", "USD", "1250000000", "USD", "USD 1,250,000,000"],
    ["$12,000", "EUR", "12000", "USD", "USD 12,000"],
    ["12,000.50", "USD", "12000.5", "USD", "USD 12,000.50"],
    ["12,000.5", "USD", "12000.5", "USD", "USD 12,000.50"],
    ["12 000 EUR", "USD", "12000", "EUR", "EUR 12,000"],
    ["12000 EUR", "USD", "12000", "EUR", "EUR 12,000"],
    ["EUR 12000", "USD", "12000", "EUR", "EUR 12,000"],
    ["EUR12000", "USD", "12000", "EUR", "EUR 12,000"],
    ["eur 12000", "USD", "12000", "EUR", "EUR 12,000"],
    ["€12.000,50", "USD", "12000.5", "EUR", "EUR 12,000.50"],
    ["12.000,50 €", "USD", "12000.5", "EUR", "EUR 12,000.50"],
    ["12 000,50 €", "USD", "12000.5", "EUR", "EUR 12,000.50"],
    ["1.000.000", "EUR", "1000000", "EUR", "EUR 1,000,000"],
    ["1,000,000", "USD", "1000000", "USD", "USD 1,000,000"],
    ["£3k", "USD", "3000", "GBP", "GBP 3,000"],
    ["¥500000", "USD", "500000", "JPY", "JPY 500,000"],
    ["₹1,00,000", "USD", "100000", "INR", "INR 100,000"],
    ["₹1,00,00,000", "USD", "10000000", "INR", "INR 10,000,000"],
    ["12.5k usd", "EUR", "12500", "USD", "USD 12,500"],
    ["1,2m", "USD", "1200000", "USD", "USD 1,200,000"],
    ["1,250k", "USD", "1250000", "USD", "USD 1,250,000"],
    ["1.500k", "USD", "1500", "USD", "USD 1,500"],
    ["12,5", "EUR", "12.5", "EUR", "EUR 12.50"],
    ["12,50 EUR", "USD", "12.5", "EUR", "EUR 12.50"],
    ["12.5", "USD", "12.5", "USD", "USD 12.50"],
    [".5k", "USD", "500", "USD", "USD 500"],
    ["12345,67", "USD", "12345.67", "USD", "USD 12,345.67"],
    ["12.5000", "USD", "12.5", "USD", "USD 12.50"],
    ["0012000", "USD", "12000", "USD", "USD 12,000"],
    ["CHF 500", "USD", "500", "CHF", "CHF 500"],
    ["CHF 1'250'000.50", "USD", "1250000.5", "CHF", "CHF 1,250,000.50"],
    ["12’000 CHF", "USD", "12000", "CHF", "CHF 12,000"],
    ["SEK 12000", "USD", "12000", "SEK", "SEK 12,000"],
    ["KWD 12.500", "USD", "12.5", "KWD", "KWD 12.500"],
    ["KWD 12,500", "USD", "12500", "KWD", "KWD 12,500"],
    ["12.345 KWD", "USD", "12.345", "KWD", "KWD 12.345"],
    ["US$12", "EUR", "12", "USD", "USD 12"],
    ["CA$12k", "USD", "12000", "CAD", "CAD 12,000"],
    ["A$5k", "USD", "5000", "AUD", "AUD 5,000"],
    ["R$ 250", "USD", "250", "BRL", "BRL 250"],
    ["$12k USD", "EUR", "12000", "USD", "USD 12,000"],
    ["12k$", "EUR", "12000", "USD", "USD 12,000"],
    ["  $ 12k  ", "EUR", "12000", "USD", "USD 12,000"],
    ["10000000000000", "USD", "10000000000000", "USD", "USD 10,000,000,000,000"],
    ["0.01", "USD", "0.01", "USD", "USD 0.01"],
    ["12000", "usd", "12000", "USD", "USD 12,000"],
  ])("%j (default %s) → %s %s", (input, defaultCurrency, amount, currency, echo) => {
    expect(parseAmount(input, defaultCurrency)).toEqual({ ok: true, money: { amount, currency }, echo });
  });
});

describe("parseAmount refuses with the problem and what would work", () => {
  it.each<[string, AmountProblem]>([
    ["", { kind: "empty" }],
    ["   ", { kind: "empty" }],
    ["12,34,5", { kind: "unreadable", input: "12,34,5" }],
    ["USD 1_000", { kind: "unreadable", input: "USD 1_000" }],
    ["1e5", { kind: "unreadable", input: "1e5" }],
    ["abc", { kind: "unreadable", input: "abc" }],
    ["twelve", { kind: "unreadable", input: "twelve" }],
    ["12.", { kind: "unreadable", input: "12." }],
    ["12,,000", { kind: "unreadable", input: "12,,000" }],
    ["1,2,3", { kind: "unreadable", input: "1,2,3" }],
    ["12,000.000,5", { kind: "unreadable", input: "12,000.000,5" }],
    ["1 2345", { kind: "unreadable", input: "1 2345" }],
    ["12 000'000", { kind: "unreadable", input: "12 000'000" }],
    ["12%", { kind: "unreadable", input: "12%" }],
    ["9.00'", { kind: "unreadable", input: "9.00'" }],
    ["9,00'", { kind: "unreadable", input: "9,00'" }],
    ["1.23 4", { kind: "unreadable", input: "1.23 4" }],
    ["12k k", { kind: "unreadable", input: "12k k" }],
    ["-5", { kind: "negative" }],
    ["−12k", { kind: "negative" }],
    ["$-5", { kind: "negative" }],
    ["EUR -5", { kind: "negative" }],
    ["0", { kind: "zero" }],
    ["0.00", { kind: "zero" }],
    ["$0k", { kind: "zero" }],
    ["20000000000000", { kind: "too_large", input: "20000000000000" }],
    ["10000000000000.01", { kind: "too_large", input: "10000000000000.01" }],
    ["11000b", { kind: "too_large", input: "11000b" }],
    ["12.345", { kind: "ambiguous_separator", input: "12.345", thousands: "12345", decimal: "12.345" }],
    ["12.000", { kind: "ambiguous_separator", input: "12.000", thousands: "12000", decimal: "12" }],
    ["€12.500", { kind: "ambiguous_separator", input: "€12.500", thousands: "12500", decimal: "12.5" }],
    [
      "12,3456",
      { kind: "too_many_decimals", input: "12,3456", currency: "USD", minorUnits: 2, rounded: "12.35" },
    ],
    [
      "1.234567k",
      { kind: "too_many_decimals", input: "1.234567k", currency: "USD", minorUnits: 2, rounded: "1,234.57" },
    ],
    ["¥500.5", { kind: "no_minor_units", currency: "JPY", rounded: "500" }],
    [
      "12.3456 KWD",
      { kind: "too_many_decimals", input: "12.3456 KWD", currency: "KWD", minorUnits: 3, rounded: "12.346" },
    ],
    ["12 abc", { kind: "unknown_currency", currency: "abc" }],
    ["XYZ 12", { kind: "unknown_currency", currency: "XYZ" }],
    ["kr 500", { kind: "kr_ambiguous" }],
    ["500kr", { kind: "kr_ambiguous" }],
    ["$12 EUR", { kind: "two_currencies", input: "$12 EUR", first: "USD", second: "EUR" }],
    ["EUR", { kind: "no_number", input: "EUR", currency: "EUR" }],
    ["€", { kind: "no_number", input: "€", currency: "EUR" }],
    ["1".repeat(200), { kind: "unreadable", input: "1".repeat(200) }],
  ])("%j", (input, problem) => {
    expect(parseAmount(input, "USD")).toEqual({ ok: false, problem });
  });
});

describe("formatMoney", () => {
  it.each([
    [{ amount: "12000", currency: "USD" }, "$12,000"],
    [{ amount: "1500000.5", currency: "EUR" }, "€1,500,000.50"],
    [{ amount: "12000", currency: "CHF" }, "12,000 CHF"],
    [{ amount: "12000.05", currency: "SEK" }, "12,000.05 SEK"],
    [{ amount: "3000", currency: "GBP" }, "£3,000"],
    [{ amount: "500000", currency: "JPY" }, "¥500,000"],
    [{ amount: "12.5", currency: "KWD" }, "12.500 KWD"],
    [{ amount: "12000", currency: "CAD" }, "CA$12,000"],
    [{ amount: "100000", currency: "INR" }, "₹100,000"],
    [{ amount: "999", currency: "USD" }, "$999"],
    [{ amount: "0", currency: "USD" }, "$0"],
    [{ amount: "-1200", currency: "USD" }, "-$1,200"],
    [{ amount: "-1200", currency: "CHF" }, "-1,200 CHF"],
    [{ amount: "12000.00", currency: "USD" }, "$12,000"],
    [{ amount: "9999999999999.99", currency: "USD" }, "$9,999,999,999,999.99"],
    [{ amount: "10000000000000", currency: "EUR" }, "€10,000,000,000,000"],
    [{ amount: "12000", currency: "XYZ" }, "12,000 XYZ"],
    [{ amount: "12000", currency: "not a code" }, "12,000 not a code"],
  ])("%j → %s", (money, expected) => {
    expect(formatMoney(money)).toBe(expected);
  });

  it.each([
    [{ amount: "12000", currency: "USD" }, "$12k"],
    [{ amount: "1500000", currency: "USD" }, "$1.5M"],
    [{ amount: "1250000", currency: "EUR" }, "€1.25M"],
    [{ amount: "1234567", currency: "USD" }, "$1.23M"],
    [{ amount: "12345", currency: "USD" }, "$12.3k"],
    [{ amount: "123456", currency: "USD" }, "$123k"],
    [{ amount: "1000", currency: "USD" }, "$1k"],
    [{ amount: "9994", currency: "USD" }, "$9.99k"],
    [{ amount: "9995", currency: "USD" }, "$10k"],
    [{ amount: "999950", currency: "USD" }, "$1M"],
    [{ amount: "999.995", currency: "USD" }, "$1k"],
    [{ amount: "950.5", currency: "USD" }, "$950.50"],
    [{ amount: "2000000000", currency: "USD" }, "$2B"],
    [{ amount: "10000000000000", currency: "USD" }, "$10T"],
    [{ amount: "12000", currency: "CHF" }, "12k CHF"],
    [{ amount: "-1500000", currency: "USD" }, "-$1.5M"],
  ])("compact %j → %s", (money, expected) => {
    expect(formatMoney(money, { compact: true })).toBe(expected);
  });

  it("throws on an amount that isn't a decimal (a bug, not user input)", () => {
    expect(() => formatMoney({ amount: "12k", currency: "USD" })).toThrow(RangeError);
  });
});

describe("currency codes", () => {
  it("knows at least 40 common codes with their minor units", () => {
    expect(CURRENCY_CODES.length).toBeGreaterThanOrEqual(40);
    for (const code of CURRENCY_CODES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3]).toContain(currencyMinorUnits(code));
    }
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
  });

  it.each([
    ["USD", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["CHF", 2],
  ])("%s has %i minor units", (code, units) => {
    expect(isCurrencyCode(code)).toBe(true);
    expect(currencyMinorUnits(code)).toBe(units);
  });

  it.each(["usd", "XYZ", "", "US", "USDX", "constructor"])("%j is not a code", (code) => {
    expect(isCurrencyCode(code)).toBe(false);
    expect(currencyMinorUnits(code)).toBeUndefined();
  });
});

describe("exact arithmetic", () => {
  it.each([
    ["0.1", "0.2", "0.3"],
    ["12000", "0.5", "12000.5"],
    ["9999999999999.99", "0.01", "10000000000000"],
    ["1.25", "-1.25", "0"],
    ["-3", "1", "-2"],
  ])("addAmounts(%s, %s) = %s", (a, b, sum) => {
    expect(addAmounts(a, b)).toBe(sum);
  });

  it("subtracts and compares exactly", () => {
    expect(subtractAmounts("10", "12.5")).toBe("-2.5");
    expect(subtractAmounts("0.3", "0.1")).toBe("0.2");
    expect(compareAmounts("12000", "12000.00")).toBe(0);
    expect(compareAmounts("9.99", "10")).toBe(-1);
    expect(compareAmounts("10000000000000", "9999999999999.99")).toBe(1);
    expect(compareAmounts("-5", "1")).toBe(-1);
  });

  it.each([
    ["12000.00", "12000"],
    ["012.50", "12.5"],
    [".5", "0.5"],
    ["+3", "3"],
    ["-0.50", "-0.5"],
    [" 7 ", "7"],
    ["0.000", "0"],
  ])("normaliseAmount(%j) = %s", (input, expected) => {
    expect(normaliseAmount(input)).toBe(expected);
  });

  it.each(["", "abc", "1e5", "1,000", "--1", "."])("normaliseAmount(%j) is undefined", (input) => {
    expect(normaliseAmount(input)).toBeUndefined();
  });

  it("throws RangeError for amounts that aren't decimals", () => {
    expect(() => addAmounts("12k", "1")).toThrow(RangeError);
    expect(() => compareAmounts("1", "")).toThrow(RangeError);
  });
});

describe("findAmountInText", () => {
  it.each([
    ["Acme renewal 12k @ana next friday", "12k", "12000", "USD"],
    ["Acme $12,000 renewal", "$12,000", "12000", "USD"],
    ["Acme renewal 12000 EUR", "12000 EUR", "12000", "EUR"],
    ["Acme renewal EUR 12 000 in Q1", "EUR 12 000", "12000", "EUR"],
    ["Acme 12.5k usd soon", "12.5k usd", "12500", "USD"],
    ["Acme (£3k)", "£3k", "3000", "GBP"],
    ["Acme deal is 12k.", "12k", "12000", "USD"],
    ["Acme deal 12,000, closing soon", "12,000", "12000", "USD"],
    ["Acme $2k/yr", "$2k", "2000", "USD"],
    ["Acme 300 seats $12k", "$12k", "12000", "USD"],
    ["Acme 4500", "4500", "4500", "USD"],
    ["Acme 2 500k", "500k", "500000", "USD"],
    ["Globex 1.5M", "1.5M", "1500000", "USD"],
    ["Ron 12k", "12k", "12000", "USD"],
    ["Acme 💰12k", "12k", "12000", "USD"],
    // Codes that are words count only in capitals.
    ["try 500 then", "500", "500", "USD"],
    ["TRY 500 then", "TRY 500", "500", "TRY"],
    ["Acme 12k Ron", "12k", "12000", "USD"],
    ["Acme 12k RON", "12k RON", "12000", "RON"],
  ])("%j → %j", (text, slice, amount, currency) => {
    const found = findAmountInText(text, "USD");
    expect(found).toBeDefined();
    expect(text.slice(found!.start, found!.end)).toBe(slice);
    expect(found!.money).toEqual({ amount, currency });
    const reread = parseAmount(slice, "USD");
    expect(reread.ok && reread.echo).toBe(found!.echo);
  });

  it.each([
    "Acme renewal next friday",
    "due 2026-12-01",
    "call 12/01",
    "see D-12 and #12",
    "P-3 T-17 D12",
    "meeting 10:30",
    "20% off",
    "v2 launch",
    "Acme 2026",
    "Acme in 3 100 days",
    "Acme 12 seats",
    "Acme 300 seats",
    "Acme in 120 days",
    "12.01.2026 kickoff",
    "12k-15k range",
    "Acme Ron 12",
    "-12k refund",
    "Acme 12.000",
    "x".repeat(100),
    "",
  ])("%j has no amount", (text) => {
    expect(findAmountInText(text, "USD")).toBeUndefined();
  });

  it("uses the default currency and reports UTF-16 offsets", () => {
    const text = "Ünïcødé 👩‍👩‍👧 deal 12k";
    const found = findAmountInText(text, "EUR");
    expect(found?.money).toEqual({ amount: "12000", currency: "EUR" });
    expect(text.slice(found!.start, found!.end)).toBe("12k");
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

/** Positive decimals up to 1e13 with at most `minor` fraction digits, as plain strings. */
function decimalString(minor: number): fc.Arbitrary<string> {
  const scale = 10n ** BigInt(minor);
  return fc.bigInt(1n, 10_000_000_000_000n * scale).map((units) => {
    const digits = units.toString().padStart(minor + 1, "0");
    if (minor === 0) return digits;
    const fraction = digits.slice(-minor).replace(/0+$/, "");
    return fraction ? `${digits.slice(0, -minor)}.${fraction}` : digits.slice(0, -minor);
  });
}

const currencyAndAmount = fc
  .constantFrom(...CURRENCY_CODES)
  .chain((currency) => decimalString(currencyMinorUnits(currency)!).map((amount) => ({ amount, currency })));

const amountish = fc.string({
  unit: fc.constantFrom(..."0123456789.,' _-−$€£¥₹kKmMbB EURUSDkr\u00a0".split("")),
  maxLength: 40,
});

function isWellFormed(result: ReturnType<typeof parseAmount>): boolean {
  if (!result.ok) return typeof result.problem.kind === "string" && result.problem.kind.length > 0;
  return NORMALISED.test(result.money.amount) && /^[A-Z]{3}$/.test(result.money.currency);
}

describe("properties", () => {
  it("formatMoney and parseAmount round-trip every amount in every currency", () => {
    fc.assert(
      fc.property(currencyAndAmount, (money: Money) => {
        const parsedPlain = parseAmount(money.amount, money.currency);
        expect(parsedPlain).toMatchObject({ ok: true, money });
        for (const formatted of [formatMoney(money), (parsedPlain as { echo: string }).echo]) {
          expect(parseAmount(formatted, "USD")).toMatchObject({ ok: true, money });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("parseAmount never throws and always answers ok or a problem", () => {
    for (const arbitrary of [
      fc.string({ maxLength: 5000 }),
      fc.string({ unit: "binary", maxLength: 5000 }),
      fc.string({ unit: "grapheme", maxLength: 200 }),
      amountish,
    ]) {
      fc.assert(
        fc.property(arbitrary, fc.constantFrom("USD", "EUR", "JPY", "KWD"), (text, currency) => {
          expect(isWellFormed(parseAmount(text, currency))).toBe(true);
        }),
        { numRuns: 300 },
      );
    }
  });

  it("an accepted amount is positive, at most 1e13, and within the currency's minor units", () => {
    fc.assert(
      fc.property(amountish, (text) => {
        const result = parseAmount(text, "USD");
        if (!result.ok) return;
        expect(compareAmounts(result.money.amount, "0")).toBe(1);
        expect(compareAmounts(result.money.amount, "10000000000000")).toBeLessThanOrEqual(0);
        const fraction = result.money.amount.split(".")[1] ?? "";
        expect(fraction.length).toBeLessThanOrEqual(currencyMinorUnits(result.money.currency) ?? 2);
      }),
      { numRuns: 3000 },
    );
  });

  it("findAmountInText never throws, and what it finds reads back the same", () => {
    const prose = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            "Acme",
            "renewal",
            "@ana",
            "D-12",
            "2026-12-01",
            "12/01",
            "next",
            "friday",
            " ",
            "  ",
          ),
          amountish,
          currencyAndAmount.map((money) => formatMoney(money)),
        ),
        { maxLength: 12 },
      )
      .map((words) => words.join(" "));
    for (const arbitrary of [
      prose,
      fc.string({ maxLength: 5000 }),
      fc.string({ unit: "binary", maxLength: 5000 }),
    ]) {
      fc.assert(
        fc.property(arbitrary, (text) => {
          const found = findAmountInText(text, "USD");
          if (!found) return;
          expect(found.start).toBeGreaterThanOrEqual(0);
          expect(found.end).toBeLessThanOrEqual(text.length);
          expect(parseAmount(text.slice(found.start, found.end), "USD")).toEqual({
            ok: true,
            money: found.money,
            echo: found.echo,
          });
        }),
        { numRuns: 300 },
      );
    }
  });

  it("finds a formatted amount placed in prose", () => {
    fc.assert(
      fc.property(currencyAndAmount, (money) => {
        const found = findAmountInText(`Acme renewal ${formatMoney(money)} @ana next friday`, "USD");
        expect(found?.money).toEqual(money);
      }),
      { numRuns: 500 },
    );
  });

  /** A scaled decimal and its exact value as BigInt units at that scale. */
  const scaled = fc
    .tuple(fc.bigInt(-(10n ** 16n), 10n ** 16n), fc.integer({ min: 0, max: 5 }))
    .map(([units, scale]) => {
      const negative = units < 0n;
      const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
      const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
      return { units, scale, text: negative ? `-${text}` : text };
    });

  it("addAmounts and compareAmounts agree with BigInt", () => {
    fc.assert(
      fc.property(scaled, scaled, (a, b) => {
        const scale = Math.max(a.scale, b.scale);
        const x = a.units * 10n ** BigInt(scale - a.scale);
        const y = b.units * 10n ** BigInt(scale - b.scale);
        const sum = addAmounts(a.text, b.text);
        expect(sum).toMatch(/^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/);
        const [whole, fraction = ""] = sum.replace("-", "").split(".");
        const sumUnits = BigInt(`${whole}${fraction.padEnd(scale, "0")}`) * (sum.startsWith("-") ? -1n : 1n);
        expect(sumUnits).toBe(x + y);
        expect(compareAmounts(a.text, b.text)).toBe(x < y ? -1 : x > y ? 1 : 0);
        expect(subtractAmounts(sum, b.text)).toBe(normaliseAmount(a.text));
      }),
      { numRuns: 2000 },
    );
  });
});
