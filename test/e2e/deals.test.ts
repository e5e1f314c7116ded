import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText, headerOf, initialValueOf } from "../support/slack-views.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const lastPrivate = (user: string, channel: string = Channels.sales) =>
  h.emulator.ephemerals(user, channel).at(-1);

async function newDeal(
  user: string,
  text: string,
  values: Record<string, string | { user: string } | { date: string }>,
) {
  const command = await h.command(user, "/deal", `new ${text}`, { channelId: Channels.sales });
  expect(command.status).toBe(200);
  await h.emulator.waitFor(() => h.emulator.openModal(user), { description: "the New deal modal" });
  return h.driver.submitView(user, values);
}

describe("creating a deal", () => {
  it("/deal new opens the New deal form at once, prefilled from the text", async () => {
    const response = await h.command(
      People.ana,
      "/deal",
      "new Acme renewal 12k EUR <@U0BEN|ben> 2027-03-31",
      {
        channelId: Channels.sales,
      },
    );
    expect(response.status).toBe(200);
    expect(response.durationMs).toBeLessThan(3_000);
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    expect(modal.title).toMatchObject({ text: "New deal" });
    expect(initialValueOf(modal, "Deal name")).toBe("Acme renewal");
    expect(initialValueOf(modal, "Amount")).toBe("12000");
    expect(initialValueOf(modal, "Currency")).toBe("EUR");
    expect(initialValueOf(modal, "Owner")).toBe(People.ben);
    expect(initialValueOf(modal, "Expected close date")).toBe("2027-03-31");
    expect(blocksText(modal.blocks)).toContain("EUR 12,000");
  });

  it("shows a malformed amount next to its field and keeps the form open", async () => {
    const response = await h.driver.submitView(People.ana, { Company: "Acme", Amount: "twelve grand" });
    expect(response.outcome.kind).toBe("view_errors");
    const modal = h.emulator.openModal(People.ana);
    expect(Object.values(modal?.errors ?? {}).join(" ")).toMatch(/twelve grand/);
    expect(await h.db!.prisma.deal.count()).toBe(0);
  });

  it("creates D-1 once, even when the same submission arrives twice", async () => {
    const first = await h.driver.submitView(People.ana, {
      Company: "Acme GmbH",
      Amount: "12,500.50 EUR",
      Contacts: "Jane Doe, CTO, jane@acme.example\nOmar Haddad <omar@acme.example>",
    });
    expect(first.outcome.kind).toBe("view_closed");
    // Slack (or a double click) delivering the identical submission again:
    const again = await h.driver.sendRaw({
      body: first.request.body,
      contentType: "application/x-www-form-urlencoded",
    });
    expect(again.status).toBe(200);

    const deals = await h.db!.prisma.deal.findMany({ include: { account: true, stageChanges: true } });
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ number: 1, name: "Acme renewal", ownerId: People.ben, currency: "EUR" });
    expect(deals[0]!.amount?.toFixed()).toBe("12500.5");
    expect(deals[0]!.account?.name).toBe("Acme GmbH");
    expect(deals[0]!.stageChanges).toHaveLength(1);
    expect(await h.db!.prisma.auditEvent.count({ where: { action: "deal.created" } })).toBe(1);

    const confirmation = await h.emulator.waitFor(
      () => lastPrivate(People.ana)?.text.startsWith("Created") && lastPrivate(People.ana),
    );
    expect(confirmation.text).toBe("Created D-1 · Acme renewal");
  });

  it("posts the card in the sales channel", async () => {
    await h.app.drainEffects();
    const cards = h.emulator.messages(Channels.sales);
    expect(cards).toHaveLength(1);
    expect(headerOf(cards[0]!.blocks)).toContain("D-1");
    expect(blocksText(cards[0]!.blocks)).toContain("€12,500.50");
    const stored = await h.db!.prisma.deal.findFirstOrThrow({ where: { number: 1 } });
    expect(stored.cardTs).toBe(cards[0]!.ts);
  });

  it("refuses Qualified without an amount and a close date, next to the field", async () => {
    const response = await newDeal(People.ana, "Globex pilot", { Company: "Globex", Stage: "Qualified" });
    expect(response.outcome.kind).toBe("view_errors");
    expect(Object.values(h.emulator.openModal(People.ana)?.errors ?? {}).join(" ")).toMatch(
      /Qualified needs amount and close date/,
    );
    const fixed = await h.driver.submitView(People.ana, {
      Amount: "$40k",
      "Expected close date": { date: "2027-01-15" },
    });
    expect(fixed.outcome.kind).toBe("view_closed");
    expect(await h.db!.prisma.deal.findFirst({ where: { number: 2 }, select: { name: true } })).toEqual({
      name: "Globex pilot",
    });
  });
});

describe("finding and showing deals", () => {
  it.each([["D-1"], ["1"], ["show d-1"], ["renewal"], ["acme"]])(
    "/deal %s shows the card privately",
    async (text) => {
      await h.command(People.maya, "/deal", text, { channelId: Channels.sales });
      expect(headerOf(lastPrivate(People.maya)?.blocks)).toBe("D-1 · Acme renewal");
    },
  );

  it("names the candidates when the text is ambiguous", async () => {
    await newDeal(People.ana, "Acme expansion", { Company: "Acme GmbH" });
    await h.command(People.maya, "/deal", "acme", { channelId: Channels.sales });
    const answer = lastPrivate(People.maya);
    expect(answer?.text).toMatch(/matches 2 deals/);
    expect(blocksText(answer?.blocks)).toContain("D-3");
  });

  it("finds a deal by one of its contacts", async () => {
    await h.command(People.maya, "/deal", "find omar", { channelId: Channels.sales });
    expect(blocksText(lastPrivate(People.maya)?.blocks)).toContain("D-1");
    const contacts = await h.db!.prisma.contact.findMany({
      orderBy: { name: "asc" },
      select: { name: true, title: true, email: true },
    });
    expect(contacts).toEqual([
      { name: "Jane Doe", title: "CTO", email: "jane@acme.example" },
      { name: "Omar Haddad", title: null, email: "omar@acme.example" },
    ]);
  });

  it("says when nothing matches", async () => {
    await h.command(People.maya, "/deal", "D-99", { channelId: Channels.sales });
    expect(lastPrivate(People.maya)?.text).toMatch(/no deal D-99/);
    await h.command(People.maya, "/deal", "find zzzz", { channelId: Channels.sales });
    expect(blocksText(lastPrivate(People.maya)?.blocks)).toMatch(/No deal, company or contact matches/);
  });

  it("/deal list shows my open deals, /deal list all everyone's", async () => {
    await h.command(People.ana, "/deal", "list", { channelId: Channels.sales });
    const mine = blocksText(lastPrivate(People.ana)?.blocks);
    expect(mine).toContain("D-2");
    expect(mine).not.toContain("D-1"); // Ben owns D-1
    await h.command(People.ana, "/deal", "list all", { channelId: Channels.sales });
    const all = blocksText(lastPrivate(People.ana)?.blocks);
    expect(all).toContain("D-1");
    expect(all).toContain("D-3");
    await h.command(People.ana, "/deal", "list <@U0BEN|ben>", { channelId: Channels.sales });
    expect(blocksText(lastPrivate(People.ana)?.blocks)).toContain("D-1");
    await h.command(People.ana, "/deal", "list qualified", { channelId: Channels.sales });
    const qualified = blocksText(lastPrivate(People.ana)?.blocks);
    expect(qualified).toContain("D-2");
    expect(qualified).not.toContain("D-3");
  });
});

describe("moving deals", () => {
  it("moves by stage prefix, updates the card in place and replies in its thread", async () => {
    const card = h.emulator.messages(Channels.sales)[0]!;
    await h.command(People.ben, "/deal", "move D-1 prop", { channelId: Channels.sales });
    expect(lastPrivate(People.ben)?.text).toMatch(/Moved D-1 · Acme renewal from \*Lead\* to \*Proposal\*/);
    await h.app.drainEffects();
    const updated = h.emulator.message(Channels.sales, card.ts)!;
    expect(updated.edited).toBeDefined();
    expect(blocksText(updated.blocks)).toContain("Proposal");
    const replies = h.emulator.messages(Channels.sales, { threadTs: card.ts });
    expect(replies.at(-1)?.text).toMatch(/moved \*Lead → Proposal\* by <@U0BEN>/);
    expect(h.emulator.messages(Channels.sales)).toHaveLength(3); // one card per deal, nothing else in the channel
  });

  it("refuses people who are not the owner, a manager or an admin, naming who can", async () => {
    await h.command(People.lena, "/deal", "move D-1 demo", { channelId: Channels.sales });
    expect(lastPrivate(People.lena)?.text).toBe(
      "Only <@U0BEN> (the owner), managers and admins can change D-1.",
    );
    await h.command(People.maya, "/deal", "move D-1 negotiation", { channelId: Channels.sales });
    expect(lastPrivate(People.maya)?.text).toMatch(/to \*Negotiation\*/);
  });

  it("explains unknown stages and missing details", async () => {
    await h.command(People.ana, "/deal", "move D-3 closing", { channelId: Channels.sales });
    expect(lastPrivate(People.ana)?.text).toMatch(/no stage called "closing".*Lead, Qualified/);
    await h.command(People.ana, "/deal", "move D-3 demo", { channelId: Channels.sales });
    expect(lastPrivate(People.ana)?.text).toMatch(/Demo needs amount and close date on D-3/);
    await h.command(People.ana, "/deal", "move D-3", { channelId: Channels.sales });
    expect(lastPrivate(People.ana)?.text).toMatch(/Usage: `\/deal move &lt;deal&gt; &lt;stage&gt;`/);
  });

  it("applies two simultaneous moves one after the other, recording both", async () => {
    const [a, b] = await Promise.all([
      h.command(People.ana, "/deal", "move D-2 demo", { channelId: Channels.sales }),
      h.command(People.maya, "/deal", "move D-2 proposal", { channelId: Channels.sales }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const changes = await h.db!.prisma.dealStageChange.findMany({
      where: { deal: { number: 2 } },
      orderBy: { id: "asc" },
      include: { fromStage: true, toStage: true },
    });
    const path = changes.map((c) => `${c.fromStage?.key ?? "∅"}→${c.toStage.key}`);
    expect(path).toHaveLength(3);
    expect(path[0]).toBe("∅→qualified");
    // Each move starts where the previous one ended: nothing is lost or overwritten.
    expect(changes[2]!.fromStageId).toBe(changes[1]!.toStageId);
    const final = await h.db!.prisma.deal.findFirstOrThrow({
      where: { number: 2 },
      include: { stage: true },
    });
    expect(final.stageId).toBe(changes[2]!.toStageId);
    await h.app.drainEffects();
    const card = h.emulator.messages(Channels.sales).find((m) => headerOf(m.blocks)?.startsWith("D-2"))!;
    expect(blocksText(card.blocks)).toContain(final.stage.name);
  });

  it("moves from the card's stage select and redraws the private card", async () => {
    await h.command(People.ana, "/deal", "D-2", { channelId: Channels.sales });
    const response = await h.driver.selectOption(
      People.ana,
      { ephemeralOf: People.ana, channelId: Channels.sales },
      /stage/i,
      "Negotiation",
    );
    expect(response.status).toBe(200);
    await h.emulator.waitFor(() => blocksText(lastPrivate(People.ana)?.blocks).includes("Negotiation · 80%"));
  });
});

describe("lost, notes and edits", () => {
  it("/deal lost with a reason marks it lost; without one asks for it", async () => {
    await h.command(People.ana, "/deal", "lost D-3", { channelId: Channels.sales });
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    expect(modal.title).toMatchObject({ text: "Deal lost" });
    const empty = await h.driver.submitView(People.ana, {}).catch((error: Error) => error);
    expect(String(empty)).toMatch(/Reason/);
    await h.driver.submitView(People.ana, { Reason: "Chose a competitor" });
    const deal = await h.db!.prisma.deal.findFirstOrThrow({ where: { number: 3 }, include: { stage: true } });
    expect(deal.stage.key).toBe("lost");
    expect(deal.lostReason).toBe("Chose a competitor");
  });

  it("a note is added once even when Slack retries the command", async () => {
    const first = await h.command(People.ben, "/deal", "note D-1 sent the security questionnaire", {
      channelId: Channels.sales,
    });
    await h.driver.sendRaw({
      body: first.request.body,
      contentType: "application/x-www-form-urlencoded",
      retryNum: 1,
      retryReason: "http_timeout",
    });
    await h.app.settle();
    expect(await h.db!.prisma.dealNote.count({ where: { deal: { number: 1 } } })).toBe(1);
    const card = h.emulator.messages(Channels.sales)[0]!;
    expect(h.emulator.messages(Channels.sales, { threadTs: card.ts }).at(-1)?.text).toMatch(
      /security questionnaire/,
    );
  });

  it("Edit from the card saves the form and says what changed", async () => {
    await h.command(People.ben, "/deal", "D-1", { channelId: Channels.sales });
    await h.driver.clickButton(People.ben, { ephemeralOf: People.ben, channelId: Channels.sales }, "Edit");
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.ben));
    expect(modal.title).toMatchObject({ text: "Edit deal" });
    expect(initialValueOf(modal, "Deal name")).toBe("Acme renewal");
    const saved = await h.driver.submitView(People.ben, { "Next step": "Legal review", Amount: "14k" });
    expect(saved.outcome).toEqual({ kind: "view_closed", viewId: modal.id });
    // The confirmation follows the ack (the modal closes first).
    const confirmation = await h.emulator.waitFor(
      () => lastPrivate(People.ben)?.text.startsWith("Saved") && lastPrivate(People.ben),
    );
    expect(confirmation.text).toBe("Saved D-1: amount, next step.");
    const deal = await h.db!.prisma.deal.findFirstOrThrow({ where: { number: 1 } });
    expect(deal.amount?.toFixed()).toBe("14000");
    expect(deal.currency).toBe("EUR");
    const audit = await h.db!.prisma.auditEvent.findFirstOrThrow({
      where: { action: "deal.edited" },
      orderBy: { id: "desc" },
    });
    expect(audit.before).toMatchObject({ amount: "12500.5" });
    expect(audit.after).toMatchObject({ amount: "14000", nextStep: "Legal review" });
  });
});

describe("/deal history", () => {
  it("shows the deal's changes privately, newest first: who, when, what, before → after", async () => {
    await h.command(People.ana, "/deal", "history D-1", { channelId: Channels.sales });
    const answer = lastPrivate(People.ana)!;
    const text = blocksText(answer.blocks);
    expect(text).toContain("D-1 · Acme renewal — history");
    expect(text).toMatch(/<@U0BEN>.*edited[\s\S]*amount: 12500\.5 → 14000[\s\S]*next step: — → Legal review/);
    expect(text).toMatch(/created/);
    expect(text.indexOf("edited")).toBeLessThan(text.lastIndexOf("created"));
    expect(h.emulator.messages(Channels.sales).some((m) => /history/.test(m.text))).toBe(false);
  });

  it("without a deal says how to ask", async () => {
    await h.command(People.ana, "/deal", "history", { channelId: Channels.sales });
    expect(lastPrivate(People.ana)?.text).toMatch(/\/deal history D-12/);
  });
});

describe("/pipeline", () => {
  it("summarises privately and shares in the channel on request", async () => {
    const response = await h.command(People.maya, "/pipeline", "", { channelId: Channels.sales });
    expect(response.status).toBe(200);
    const summary = lastPrivate(People.maya);
    expect(blocksText(summary?.blocks)).toMatch(/Negotiation/);
    const before = h.emulator.messages(Channels.sales).length;
    await h.driver.clickButton(
      People.maya,
      { ephemeralOf: People.maya, channelId: Channels.sales },
      "Share in channel",
    );
    const shared = await h.emulator.waitFor(
      () => h.emulator.messages(Channels.sales).length > before && h.emulator.messages(Channels.sales).at(-1),
    );
    expect(blocksText(shared.blocks)).toContain("Shared by <@U0MAYA>");
  });

  it("/pipeline mine and @user narrow it; other words are explained", async () => {
    await h.command(People.ana, "/pipeline", "mine", { channelId: Channels.sales });
    expect(lastPrivate(People.ana)?.text).toMatch(/Pipeline/);
    await h.command(People.ana, "/pipeline", "everything", { channelId: Channels.sales });
    expect(lastPrivate(People.ana)?.text).toMatch(/takes `mine` or a person/);
  });
});

describe("the whole journey", () => {
  it("logged no error along the way", () => {
    expect(h.problems.map((p) => p.msg)).toEqual([]);
  });
});
