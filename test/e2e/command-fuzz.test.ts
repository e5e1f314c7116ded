import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/**
 * Bad input: no input produces a non-200, a crash, or a public message. Thousands of random
 * `/deal` and `/pipeline` texts go through the real HTTP endpoint, signed like Slack's.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // A few deals so that references, names and moves hit real rows.
  for (const name of ["Acme renewal", "Globex pilot", "Initech expansion"]) {
    await h.driver.command(People.ana, "/deal", `new ${name}`, { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    await h.driver.submitView(People.ana, {
      Company: name.split(" ")[0]!,
      Amount: "10k",
      "Expected close date": { date: "2027-02-01" },
    });
  }
}, 60_000);
afterAll(() => h?.stop());

const verbs = [
  "",
  "new ",
  "list ",
  "find ",
  "show ",
  "move ",
  "won ",
  "lost ",
  "note ",
  "edit ",
  "help ",
  "move D-1 ",
  "lost D-2 ",
  "note 3 ",
  "move acme ",
];
const nasty = fc.constantFrom(
  "<@U0BEN|ben>",
  "<@U0NOBODY>",
  "<!channel>",
  "<#C0SALES|sales>",
  "<https://example.com|x>",
  "&amp;&lt;&gt;",
  "'; drop table deal; --",
  "%_\\",
  "D-0",
  "D-99999999999",
  "-12k",
  "1e309",
  "NaN",
  "\u0000",
  "\u202e",
  "👩🏽‍💻",
  '"unclosed',
  "“smart”",
  "next friday",
  "end of quarter",
  "2026-02-30",
  "*bold* _it_ ~s~ `c`",
);
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc
    .tuple(
      fc.constantFrom(...verbs),
      fc.array(fc.oneof(nasty, fc.string({ maxLength: 12 })), { maxLength: 6 }),
    )
    .map(([verb, words]) => verb + words.join(" ")),
  fc.string({ unit: "grapheme-ascii", minLength: 4_000, maxLength: 5_000 }),
);

describe("random command text", () => {
  it("always gets a 200 within 3 s, a private answer, and no public message", async () => {
    const publicBefore = h.emulator.messages(Channels.delivery).length;
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/deal", "/pipeline"),
        text,
        fc.constantFrom(People.ana, People.lena),
        async (command, body, user) => {
          const response = await h.driver.command(user, command, body, { channelId: Channels.delivery });
          requests++;
          expect(response.status, `${command} ${JSON.stringify(body)}`).toBe(200);
          expect(response.timedOut).toBe(false);
          if (response.body && typeof response.body === "object") {
            expect((response.body as { response_type?: string }).response_type ?? "ephemeral").toBe(
              "ephemeral",
            );
          }
        },
      ),
      { numRuns: 1_500 },
    );
    expect(requests).toBeGreaterThanOrEqual(1_500);
    await h.app.drainEffects();
    // Public posts may only be deal cards in #sales; the channel where commands ran stays empty.
    expect(h.emulator.messages(Channels.delivery).length).toBe(publicBefore);
    const unexpected = [People.ana, People.lena]
      .flatMap((u) => h.emulator.ephemerals(u))
      .filter((e) => e.text.includes("Something went wrong on our side"));
    expect(h.problems.map((p) => `${p.msg}: ${p.err?.stack ?? ""}`)).toEqual([]);
    expect(unexpected.map((e) => e.text)).toEqual([]);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  }, 300_000);
});
