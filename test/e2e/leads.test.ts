import type { EmulatorMessage } from "@handoff/slack-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_TOKEN_PREFIX, issueSecret } from "../../src/domain/api-access.ts";
import { fixedClock } from "../../src/lib/clock.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { addLeadSource } from "../support/lead-sources.ts";
import { blocksText, headerOf, initialValueOf } from "../support/slack-views.ts";

/**
 * Leads in, end to end over HTTP: the real app, the Slack emulator and PostgreSQL. A website
 * form or tool posts to /hooks/leads/<secret>; the lead becomes a deal with a New lead message
 * and Take it, or a note on the deal the same email opened within 30 days.
 */
const DAY = 86_400_000;

function post(h: Harness, secret: string, body: string, contentType: string) {
  return fetch(`${h.baseUrl}/hooks/leads/${secret}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
}

const postJson = (h: Harness, secret: string, lead: unknown) =>
  post(h, secret, JSON.stringify(lead), "application/json");

const leadMessages = (h: Harness): EmulatorMessage[] =>
  h.emulator.messages(Channels.sales).filter((m) => headerOf(m.blocks) === "New lead");

describe("leads from a website form, taken by the first to click", () => {
  const clock = fixedClock(new Date());
  let h: Harness;
  let secret: string;
  beforeAll(async () => {
    h = await startHarness({ clock });
    secret = await addLeadSource(h, "Website form");
  }, 60_000);
  afterAll(() => h?.stop());

  it("a JSON lead becomes a deal in the first stage with its contact and source, and a New lead message with Take it", async () => {
    const response = await postJson(h, secret, {
      name: "Jane Doe",
      company: "Acme",
      email: "jane@acme.example",
      phone: "+1 555 0100",
      message: "We would like a demo for 40 people",
      amount: "12k",
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { deal: Record<string, unknown>; disposition: string };
    expect(body.disposition).toBe("new_deal");
    expect(body.deal).toMatchObject({
      ref: "D-1",
      name: "Jane Doe",
      company: "Acme",
      amount: "12000",
      source: "Website form",
      stage: { name: "Lead", kind: "open" },
      contacts: [{ name: "Jane Doe", email: "jane@acme.example", phone: "+1 555 0100" }],
    });
    await h.app.settle();
    const [message] = leadMessages(h);
    expect(message).toBeDefined();
    const shown = blocksText(message!.blocks);
    expect(shown).toContain("jane@acme.example");
    expect(shown).toContain("We would like a demo for 40 people");
    expect(shown).toContain('"Take it"');
    const deal = await h.db!.prisma.deal.findFirstOrThrow({ where: { number: 1 } });
    expect(deal.awaitingOwner).toBe(true);
    const audit = await h.db!.prisma.auditEvent.findMany({ where: { entityId: deal.id } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["deal.created", "lead.received"]));
  });

  it("Take it by two people at once: one owner, the message says who, the other is told privately", async () => {
    const message = leadMessages(h)[0]!;
    const responses = await Promise.all(
      [People.ana, People.ben].map((user) =>
        h.driver.clickButton(user, { channelId: Channels.sales, ts: message.ts }, "Take it"),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    await h.app.settle();
    const deal = await h.db!.prisma.deal.findFirstOrThrow({ where: { number: 1 } });
    expect([People.ana, People.ben]).toContain(deal.ownerId);
    expect(deal.awaitingOwner).toBe(false);
    const other = deal.ownerId === People.ana ? People.ben : People.ana;
    const told = await h.emulator.waitFor(() =>
      h.emulator.ephemerals(other).find((e) => /already took this lead/.test(e.text)),
    );
    expect(told.text).toContain(`<@${deal.ownerId}>`);
    expect(h.emulator.ephemerals(deal.ownerId)).toEqual([]);
    const updated = blocksText(h.emulator.message(Channels.sales, message.ts)!.blocks);
    expect(updated).toContain(`Taken by <@${deal.ownerId}>`);
    expect(updated).not.toContain('"Take it"');
  });

  it("a website form's form-encoded post works, and the same email within 30 days becomes a note on the open deal", async () => {
    const form = new URLSearchParams({
      name: "Jane Doe",
      company: "",
      email: "  Jane@ACME.example ",
      message: "Any news on the demo?",
      submit: "Send",
    });
    const response = await post(h, secret, form.toString(), "application/x-www-form-urlencoded");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { deal: { ref: string }; disposition: string };
    expect(body).toMatchObject({ disposition: "note", deal: { ref: "D-1" } });
    const notes = await h.db!.prisma.dealNote.findMany({ where: { deal: { number: 1 } } });
    expect(notes.map((n) => n.body).join("\n")).toMatch(/Jane Doe wrote again \(Website form\): Any news/);
    expect(await h.db!.prisma.deal.count()).toBe(1);
    await h.app.settle();
    expect(leadMessages(h)).toHaveLength(1);
  });

  it("the same new email sent twice at once makes one deal and one note", async () => {
    const lead = { name: "Ola Nordmann", email: "ola@fjord.example", message: "Hello" };
    const [a, b] = await Promise.all([postJson(h, secret, lead), postJson(h, secret, lead)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const deals = await h.db!.prisma.deal.findMany({ where: { name: "Ola Nordmann" } });
    expect(deals).toHaveLength(1);
    // Its messages go out before it is removed again (the later tests count deals).
    await h.app.settle();
    await h.db!.prisma.deal.delete({ where: { id: deals[0]!.id } });
  });

  it("after 31 days without a word, the same email is a new deal", async () => {
    clock.advance(31 * DAY);
    const form = new URLSearchParams({ name: "Jane Doe", email: "jane@acme.example" });
    const response = await post(h, secret, form.toString(), "application/x-www-form-urlencoded");
    expect(response.status).toBe(201);
    const body = (await response.json()) as { deal: { ref: string }; disposition: string };
    expect(body.disposition).toBe("new_deal");
    expect(body.deal.ref).not.toBe("D-1");
  });

  it("refuses bad bodies with the right status and a problem+json", async () => {
    const notJson = await post(h, secret, "{name: Jane", "application/json");
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await notJson.json()).toMatchObject({
      status: 400,
      title: expect.any(String),
      type: expect.any(String),
    });

    const noName = await post(
      h,
      secret,
      "company=Acme&email=x%40y.example",
      "application/x-www-form-urlencoded",
    );
    expect(noName.status).toBe(422);
    const problem = (await noName.json()) as {
      detail: string;
      errors: Array<{ path: string; message: string }>;
    };
    expect(problem.errors).toEqual([{ path: "name", message: "is required" }]);
    expect(problem.detail).toContain("name");

    const badEmail = await postJson(h, secret, { name: "Bo", email: "not an email", amount: "12kk" });
    expect(badEmail.status).toBe(422);
    expect(
      ((await badEmail.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path),
    ).toEqual(["email"]);

    const numberName = await postJson(h, secret, { name: 42 });
    expect(((await numberName.json()) as { errors: unknown }).errors).toEqual([
      { path: "name", message: "must be text" },
    ]);
    const list = await postJson(h, secret, [{ name: "Jane" }]);
    expect(list.status).toBe(422);
    expect(((await list.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe("body");

    const huge = await postJson(h, secret, { name: "Big", message: "x".repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ status: 413 });

    const unknown = await postJson(h, `hlh_${"A".repeat(43)}`, { name: "Jane" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ status: 404 });

    expect(await h.db!.prisma.deal.count()).toBe(2);
  });

  it("a browser posting a plain HTML form gets a short page, not the deal's JSON", async () => {
    const browser = (body: string) =>
      fetch(`${h.baseUrl}/hooks/leads/${secret}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        },
        body,
      });
    const sent = await browser("name=Raj+Patel&email=raj%40globex.example&company=Globex");
    expect(sent.status).toBe(201);
    expect(sent.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await sent.text();
    expect(page).toContain("Thank you");
    expect(page).not.toContain("D-3");
    const refused = await browser("company=Globex");
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("name is required");
  });

  it("a revoked source's hook answers 404; only admins manage sources", async () => {
    const refused = await h.command(People.ana, "/handoff", "leads", { channelId: Channels.sales });
    expect(JSON.stringify(refused.body)).toMatch(/can manage lead sources/);
    await h.command(People.admin, "/handoff", "leads", { channelId: Channels.sales });
    await h.driver.clickButton(
      People.admin,
      { ephemeralOf: People.admin, channelId: Channels.sales },
      "Revoke",
    );
    await h.app.settle();
    const source = await h.db!.prisma.leadSource.findFirstOrThrow();
    expect(source.revokedAt).not.toBeNull();
    const response = await postJson(h, secret, { name: "Jane" });
    expect(response.status).toBe(404);
    // Bad input is answered, not logged as a failure.
    expect(h.problems).toEqual([]);
  });
});

describe("leads with HANDOFF_LEAD_OWNERS", () => {
  let h: Harness;
  let secret: string;
  beforeAll(async () => {
    h = await startHarness({
      env: { HANDOFF_LEAD_OWNERS: `${People.ana},${People.ben},${People.maya}` },
    });
    secret = await addLeadSource(h, "Zapier");
  }, 60_000);
  afterAll(() => h?.stop());

  it("gives four leads in turn to three owners, naming each on the message, without Take it", async () => {
    for (const n of [1, 2, 3, 4]) {
      const response = await postJson(h, secret, { name: `Lead ${n}`, email: `lead${n}@example.com` });
      expect(response.status).toBe(201);
    }
    const deals = await h.db!.prisma.deal.findMany({ orderBy: { number: "asc" } });
    expect(deals.map((d) => d.ownerId)).toEqual([People.ana, People.ben, People.maya, People.ana]);
    expect(deals.every((d) => !d.awaitingOwner)).toBe(true);
    await h.app.settle();
    const messages = leadMessages(h);
    expect(messages).toHaveLength(4);
    for (const [i, message] of messages.entries()) {
      const shown = blocksText(message.blocks);
      expect(shown).toContain(`Assigned to <@${deals[i]!.ownerId}>`);
      expect(shown).not.toContain('"Take it"');
    }
    const dm = (user: string) => h.emulator.messages(h.emulator.openDm(user)).map((m) => m.text);
    expect(dm(People.ana)).toEqual([
      "A new lead is yours: Lead 1 (D-1)",
      "A new lead is yours: Lead 4 (D-4)",
    ]);
    expect(dm(People.ben)).toEqual(["A new lead is yours: Lead 2 (D-2)"]);
    expect(dm(People.maya)).toEqual(["A new lead is yours: Lead 3 (D-3)"]);
  });
});

describe("a lead nobody has taken yet", () => {
  const clock = fixedClock("2026-11-20T09:00:00Z");
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ clock });
    const secret = await addLeadSource(h, "Website form");
    await postJson(h, secret, { name: "Untaken Lead", email: "untaken@example.com" });
    await postJson(h, secret, { name: "Taken Lead", email: "taken@example.com" });
    await h.app.settle();
    const taken = leadMessages(h).find((m) => m.text.includes("Taken Lead"))!;
    await h.driver.clickButton(People.ben, { channelId: Channels.sales, ts: taken.ts }, "Take it");
    await h.app.settle();
  }, 60_000);
  afterAll(() => h?.stop());

  it("is skipped by the stale-deal nudge (the app holds it: there is nobody to nudge)", async () => {
    clock.set("2026-11-30T09:00:00Z");
    await h.app.runScheduledJobs();
    await h.app.settle();
    const dm = (user: string) => h.emulator.messages(h.emulator.openDm(user)).map((m) => m.text);
    expect(dm(People.ben)).toEqual(["D-2 has gone quiet"]);
    const untaken = await h.db!.prisma.deal.findFirstOrThrow({ where: { name: "Untaken Lead" } });
    expect(untaken.awaitingOwner).toBe(true);
    const toApp = h.emulator
      .callsTo("chat.postMessage")
      .filter((c) => (c.args as { channel?: string }).channel === untaken.ownerId);
    expect(toApp).toEqual([]);
    expect(h.problems).toEqual([]);
  });

  it("is left out of a channel's daily digest, which would otherwise DM the app itself", async () => {
    await h.command(People.ana, "/digest", "subscribe daily 09:30", { channelId: Channels.sales });
    clock.set("2026-11-30T09:31:00Z");
    await h.app.runScheduledJobs();
    await h.app.settle();
    const dms = h.emulator.callsTo("chat.postMessage").map((c) => (c.args as { channel?: string }).channel);
    expect(dms).toContain(People.ben);
    const untaken = await h.db!.prisma.deal.findFirstOrThrow({ where: { name: "Untaken Lead" } });
    expect(dms).not.toContain(untaken.ownerId);
    expect(h.problems).toEqual([]);
  });

  it("reads as not taken on its card, in /deal list all and in the weekly digest, never as the app's", async () => {
    const untaken = await h.db!.prisma.deal.findFirstOrThrow({ where: { name: "Untaken Lead" } });
    const ref = `D-${untaken.number}`;
    const app = `<@${untaken.ownerId}>`;
    const card = h.emulator
      .messages(Channels.sales)
      .find((m) => headerOf(m.blocks) === `${ref} · Untaken Lead`);
    expect(blocksText(card?.blocks)).toContain(`nobody yet — new lead, *Take it* in <#${Channels.sales}>`);
    expect(blocksText(card?.blocks)).not.toContain(app);

    const lastPrivate = () => h.emulator.ephemerals(People.ana, Channels.sales).at(-1);
    await h.command(People.ana, "/deal", ref, { channelId: Channels.sales });
    const privateCard = blocksText(lastPrivate()?.blocks);
    expect(privateCard).toContain(`Nobody has taken this lead yet (*Take it* in <#${Channels.sales}>)`);
    expect(privateCard).not.toContain(app);

    await h.command(People.ana, "/deal", "list all", { channelId: Channels.sales });
    const listed = blocksText(lastPrivate()?.blocks);
    expect(listed).toMatch(new RegExp(`\\*${ref}\\* Untaken Lead — .* · _not taken yet_`));
    expect(listed).not.toContain(app);

    // Ten days quiet in Lead, which goes stale after seven.
    clock.set("2026-11-30T09:31:00Z");
    await h.command(People.ana, "/digest", "now weekly", { channelId: Channels.sales });
    const digest = blocksText(lastPrivate()?.blocks);
    expect(digest).toMatch(new RegExp(`\\*${ref}\\* Untaken Lead — Lead, 10 days quiet · _not taken yet_`));
    expect(digest).not.toContain(app);
    expect(h.problems).toEqual([]);
  });

  it("cannot be won until someone owns it, in Slack or through the API", async () => {
    const untaken = await h.db!.prisma.deal.findFirstOrThrow({ where: { name: "Untaken Lead" } });
    const ref = `D-${untaken.number}`;
    await h.db!.prisma.deal.update({
      where: { id: untaken.id },
      data: { amount: "5000", expectedCloseDate: new Date("2026-12-31") },
    });
    h.emulator.closeAllModals(People.admin);
    await h.command(People.admin, "/deal", `move ${ref} won`, { channelId: Channels.sales });
    const refusal = h.emulator.ephemerals(People.admin, Channels.sales).at(-1);
    expect(refusal?.text).toContain(`${ref} is a new lead nobody has taken yet`);
    expect(h.emulator.openModal(People.admin)).toBeUndefined();

    const issued = issueSecret(API_TOKEN_PREFIX);
    await h.db!.prisma.apiToken.create({
      data: {
        workspaceId: untaken.workspaceId,
        name: "CRM sync",
        access: "READ_WRITE",
        secretHash: issued.hash,
        hint: issued.hint,
        createdById: People.admin,
      },
    });
    const response = await fetch(`${h.baseUrl}/api/v1/deals/${ref}/move`, {
      method: "POST",
      headers: { authorization: `Bearer ${issued.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ stage: "Won" }),
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { reason?: string }).reason).toBe("deal.win_needs_owner");
    const after = await h.db!.prisma.deal.findUniqueOrThrow({
      where: { id: untaken.id },
      include: { stage: true },
    });
    expect(after.stage.kind).toBe("OPEN");
    await h.app.settle();
    const dmsToApp = h.emulator
      .callsTo("chat.postMessage")
      .filter((c) => (c.args as { channel?: string }).channel === untaken.ownerId);
    expect(dmsToApp).toEqual([]);
  });

  it("its Edit form shows no owner, and saved without one it stays there for the taking", async () => {
    const untaken = await h.db!.prisma.deal.findFirstOrThrow({ where: { name: "Untaken Lead" } });
    h.emulator.closeAllModals(People.admin);
    await h.command(People.admin, "/deal", `edit D-${untaken.number}`, { channelId: Channels.sales });
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    expect(initialValueOf(modal, "Owner")).toBeUndefined();
    const saved = await h.driver.submitView(People.admin, {
      Company: "Untaken Co",
      "Next step": "Call back on Monday",
    });
    expect(saved.outcome.kind).toBe("view_closed");
    await h.app.settle();
    const deal = await h.db!.prisma.deal.findUniqueOrThrow({ where: { id: untaken.id } });
    expect(deal.nextStep).toBe("Call back on Monday");
    expect(deal.awaitingOwner).toBe(true);
    expect(deal.ownerId).toBe(untaken.ownerId);
  });

  it("given an owner in the Edit form, it is no longer there for the taking", async () => {
    const untaken = await h.db!.prisma.deal.findFirstOrThrow({ where: { name: "Untaken Lead" } });
    await h.command(People.admin, "/deal", `edit D-${untaken.number}`, { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    await h.driver.submitView(People.admin, { Company: "Untaken Co", Owner: { user: People.ana } });
    await h.app.settle();
    const message = leadMessages(h).find((m) => m.text.includes("Untaken Lead"))!;
    await h.driver.clickButton(People.ben, { channelId: Channels.sales, ts: message.ts }, "Take it");
    await h.app.settle();
    const deal = await h.db!.prisma.deal.findUniqueOrThrow({ where: { id: untaken.id } });
    expect(deal.ownerId).toBe(People.ana);
    expect(deal.awaitingOwner).toBe(false);
    const told = await h.emulator.waitFor(() =>
      h.emulator.ephemerals(People.ben).find((e) => /already took this lead/.test(e.text)),
    );
    expect(told.text).toContain(`<@${People.ana}>`);
    const redrawn = blocksText(h.emulator.message(Channels.sales, message.ts)!.blocks);
    expect(redrawn).not.toContain('"Take it"');
    expect(redrawn).toContain(`<@${People.ana}>`);
  });
});
