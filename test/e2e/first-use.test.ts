import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText, headerOf } from "../support/slack-views.ts";

/** What a new team hits in its first hour (issue 16), through the real app and the emulator. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const lastPrivate = (user: string, channel: string = Channels.sales) =>
  h.emulator.ephemerals(user, channel).at(-1);

async function newDeal(user: string, text: string, values: Record<string, string>) {
  await h.command(user, "/deal", `new ${text}`, { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(user), { description: "the New deal modal" });
  const response = await h.driver.submitView(user, values);
  expect(response.outcome.kind).toBe("view_closed");
}

describe("a word that matches several deals", () => {
  beforeAll(async () => {
    await newDeal(People.ben, "Acme renewal", { Company: "Acme" });
    await newDeal(People.ana, "Acme renewal", { Company: "Acme Holdings" });
  });

  it("/deal acme asks which one, the person's own deal first, though one company is named exactly so", async () => {
    await h.command(People.ana, "/deal", "acme", { channelId: Channels.sales });
    const answer = await h.emulator.waitFor(() => lastPrivate(People.ana));
    expect(headerOf(answer.blocks)).toBeUndefined();
    expect(answer.text).toMatch(/matches 2 deals — which one\?/);
    const text = blocksText(answer.blocks);
    expect(text.indexOf("D-2")).toBeGreaterThan(-1);
    expect(text.indexOf("D-2")).toBeLessThan(text.indexOf("D-1"));
  });

  it("/deal move acme demo asks too, instead of refusing someone else's deal", async () => {
    const before = h.emulator.ephemerals(People.ana, Channels.sales).length;
    await h.command(People.ana, "/deal", "move acme demo", { channelId: Channels.sales });
    const answer = await h.emulator.waitFor(
      () => h.emulator.ephemerals(People.ana, Channels.sales).length > before && lastPrivate(People.ana),
    );
    expect(answer.text).toMatch(/matches 2 deals — which one\?/);
    const stages = await h.db!.prisma.deal.findMany({ select: { stage: { select: { name: true } } } });
    expect(stages.map((d) => d.stage.name)).not.toContain("Demo");
  });
});
