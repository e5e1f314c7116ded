import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readDealPrefill } from "../../../../src/domain/deal-prefill.ts";
import { prefillEchoWords } from "../../../../src/slack/views/deal-modals.ts";

/** Wednesday 2 Dec 2026: "friday" is 4 Dec, "next friday" 11 Dec. */
const OPTIONS = { defaultCurrency: "USD", today: "2026-12-02" };

/** What the New deal form repeats back from `/deal new <text>`. */
const echoOf = (text: string, options = OPTIONS) => prefillEchoWords(readDealPrefill(text, options).echo);

describe("prefillEchoWords: what /deal new read, repeated back", () => {
  it("names the owner, amount and close date of `Acme renewal 12k @ana next friday`", () => {
    expect(echoOf("Acme renewal 12k <@U0ANA|ana> next friday")).toEqual([
      "owner <@U0ANA>",
      "amount USD 12,000",
      "close date Fri 11 Dec 2026",
    ]);
    expect(echoOf("<@U0ANA> Acme renewal €12,500.50 5 Dec")).toEqual([
      "owner <@U0ANA>",
      "amount EUR 12,500.50",
      "close date Sat 5 Dec 2026",
    ]);
  });

  it.each([
    ["Acme 12000 EUR", "amount EUR 12,000"],
    ["Acme £3k", "amount GBP 3,000"],
    ["Acme $12,000", "amount USD 12,000"],
    ["Acme 12,000 USD", "amount USD 12,000"],
  ])("writes the amount with its currency code: %j", (text, echo) => {
    expect(echoOf(text, { ...OPTIONS, defaultCurrency: "CHF" })).toEqual([echo]);
  });

  it("uses the default currency, and echoes a date alone", () => {
    expect(echoOf("Acme 12k", { ...OPTIONS, defaultCurrency: "CHF" })).toEqual(["amount CHF 12,000"]);
    expect(echoOf("Globex 2026-12-31")).toEqual(["close date Thu 31 Dec 2026"]);
    expect(echoOf("Acme friday 300 seats")).toEqual(["close date Fri 4 Dec 2026"]);
    expect(echoOf("R&amp;D &lt;EU&gt; deal &amp;lt; 3k")).toEqual(["amount USD 3,000"]);
  });

  it("names only the first mention, as the owner, and nothing when nothing was read", () => {
    expect(
      echoOf("Acme <@U0ANA|ana> with <@U0BOB|bob> see <https://x.example|the deck> <#C1|sales>"),
    ).toEqual(["owner <@U0ANA>"]);
    expect(echoOf("<@U0ANA|ana>")).toEqual(["owner <@U0ANA>"]);
    expect(echoOf("Acme renewal")).toEqual([]);
  });

  it("echoes the owner as a mention for any text", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom("<@U0ANA|ana> ", "<@W0BEN> ", "12k ", "friday ", "x", " "),
          maxLength: 40,
        }),
        (text) => {
          const prefill = readDealPrefill(text, OPTIONS);
          const words = prefillEchoWords(prefill.echo);
          if (prefill.ownerId !== undefined) expect(words).toContain(`owner <@${prefill.ownerId}>`);
          expect(words).toHaveLength(prefill.echo.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
