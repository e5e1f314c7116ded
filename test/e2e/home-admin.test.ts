import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminField } from "../../src/slack/ids.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { forgeViewSubmission } from "../support/forged.ts";
import { blocksText, headerOf, initialValueOf } from "../support/slack-views.ts";

/**
 * End to end: the App Home shows my deals and tasks and follows my changes;
 * admins change settings and stages in Slack, and everyone else is refused privately.
 */
let h: Harness;
const NEW_WINS = "C0CELEBRATE";

async function newDeal(user: string, text: string, values: Record<string, string | { date: string }> = {}) {
  await h.command(user, "/deal", `new ${text}`, { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(user), { description: "the New deal modal" });
  const done = await h.driver.submitView(user, values);
  expect(done.outcome.kind).toBe("view_closed");
}

async function win(user: string, ref: string) {
  await h.command(user, "/deal", `won ${ref}`, { channelId: Channels.sales });
  await h.emulator.waitFor(
    () => blocksText(h.emulator.openModal(user)?.title).includes("Deal won — handoff"),
    {
      description: "the handoff modal",
    },
  );
  const done = await h.driver.submitView(user, {
    "Customer goals": "Go live this quarter",
    "Commitments made": "SSO on day one",
    "Key contacts": "Jane Doe, CTO",
  });
  expect(done.outcome.kind).toBe("view_closed");
  await h.app.settle();
}

const home = (user: string) => h.emulator.homeView(user);
const homeText = (user: string) => blocksText(home(user)?.blocks);
const dmOf = (user: string) => h.emulator.messages(h.emulator.openDm(user));
const lastPrivate = (user: string, channel: string) => h.emulator.ephemerals(user, channel).at(-1);

beforeAll(async () => {
  h = await startHarness();
  h.emulator.addChannel({
    id: NEW_WINS,
    name: "celebrate",
    members: Object.values(People),
    bot_is_member: true,
    purpose: "Wins, loudly",
  });
  // Ana: D-1 closing later, D-2 overdue (most urgent), D-3 won and handed over; Ben: D-4.
  await newDeal(People.ana, "Globex expansion 20k 2027-06-30", { Company: "Globex" });
  await newDeal(People.ana, "Initech pilot 8k 2027-01-31", { Company: "Initech" });
  // Overdue: its close date has passed since (the form refuses a day already past).
  await h.db!.prisma.deal.updateMany({
    where: { name: "Initech pilot" },
    data: { expectedCloseDate: new Date("2020-01-31") },
  });
  await newDeal(People.ana, "Umbrella rollout 50k 2027-03-31", { Company: "Umbrella" });
  await newDeal(People.ben, "Stark renewal 5k 2027-02-28", { Company: "Stark" });
  await win(People.ana, "D-3");
  // Ana claims the first task of the new project.
  const parent = h.emulator.messages(Channels.delivery)[0]!;
  const handoffCall = h.emulator
    .messages(Channels.delivery, { threadTs: parent.ts })
    .find((m) => /^T-\d+ Handoff call —/.test(m.text))!;
  await h.driver.clickButton(People.ana, { channelId: Channels.delivery, ts: handoffCall.ts }, "Claim");
  await h.app.settle();
}, 90_000);
afterAll(() => h?.stop());

describe("App Home", () => {
  it("shows my open deals, most urgent first, and my open tasks when I open it", async () => {
    const response = await h.driver.appHomeOpened(People.ana);
    expect(response.status).toBe(200);
    await h.app.settle();
    const text = homeText(People.ana);
    expect(text).toContain("Your open deals");
    const overdue = text.indexOf("*D-2* Initech pilot");
    const later = text.indexOf("*D-1* Globex expansion");
    expect(overdue).toBeGreaterThan(-1);
    expect(later).toBeGreaterThan(overdue);
    expect(text).not.toContain("D-3"); // won: no longer open
    expect(text).not.toContain("D-4"); // Ben's
    expect(text).toMatch(/T-\d+\* Handoff call/);
    expect(text).toContain("Mark done");
    expect(home(People.ana)!.blocks.length).toBeLessThanOrEqual(100);
  });

  it("New deal opens the New deal form, owned by me; creating refreshes my Home", async () => {
    const response = await h.driver.clickButton(People.ana, { view: "home" }, "New deal");
    expect(response.status).toBe(200);
    expect(response.durationMs).toBeLessThan(3_000);
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    expect(modal.title).toMatchObject({ text: "New deal" });
    expect(initialValueOf(modal, "Owner")).toBe(People.ana);
    const done = await h.driver.submitView(People.ana, { "Deal name": "Hooli trial", Company: "Hooli" });
    expect(done.outcome.kind).toBe("view_closed");
    await h.app.settle();
    expect(homeText(People.ana)).toContain("*D-5* Hooli trial");
    // Told privately in a DM (a Home has no channel).
    expect(dmOf(People.ana).at(-1)?.text).toBe("Created D-5 · Hooli trial");
  });

  it("is refreshed after I move a deal", async () => {
    expect(homeText(People.ana)).toMatch(/\*D-1\* Globex expansion — Globex · \$20,000 · Lead/);
    await h.command(People.ana, "/deal", "move D-1 demo", { channelId: Channels.sales });
    await h.app.settle();
    expect(homeText(People.ana)).toMatch(/\*D-1\* Globex expansion — Globex · \$20,000 · Demo/);
  });

  it("Open sends the deal's card in a DM", async () => {
    await h.driver.clickButton(People.ana, { view: "home" }, "Open", {
      blockId: String(
        (home(People.ana)!.blocks as Array<{ block_id?: string }>).find((b) =>
          blocksText(b).includes("*D-1*"),
        )?.block_id,
      ),
    });
    const card = await h.emulator.waitFor(() =>
      dmOf(People.ana).find((m) => headerOf(m.blocks)?.startsWith("D-1")),
    );
    expect(headerOf(card.blocks)).toBe("D-1 · Globex expansion");
  });

  it("Pipeline and Open tasks show on the Home itself, where the click happened", async () => {
    const dmBefore = dmOf(People.ana).length;
    await h.driver.clickButton(People.ana, { view: "home" }, "Pipeline");
    await h.emulator.waitFor(() => homeText(People.ana).includes("*Open pipeline*"));
    expect(homeText(People.ana)).toContain("Your open deals"); // the Home stays the Home
    await h.driver.clickButton(People.ana, { view: "home" }, "Open tasks");
    await h.emulator.waitFor(() => homeText(People.ana).includes("Open tasks nobody has claimed"));
    expect(homeText(People.ana)).not.toContain("*Open pipeline*");
    expect(dmOf(People.ana).length).toBe(dmBefore);
    expect(home(People.ana)!.blocks.length).toBeLessThanOrEqual(100);
  });

  it("Mark done finishes my task and drops it from my Home", async () => {
    await h.driver.clickButton(People.ana, { view: "home" }, "Mark done");
    await h.app.settle();
    const task = await h.db!.prisma.task.findFirstOrThrow({ where: { title: "Handoff call" } });
    expect(task.status).toBe("DONE");
    expect(homeText(People.ana)).not.toContain("Handoff call");
    expect(homeText(People.ana)).toContain("You have no open tasks");
  });
});

describe("a private card drawn before the deal was won", () => {
  it("Lost on it redraws it as the deal is now (no Won, no Lost), saying why, and opens nothing", async () => {
    const card = h.emulator
      .ephemerals(People.ana, Channels.sales)
      .find((e) => blocksText(e.blocks).includes("Created *D-3*"))!;
    expect(blocksText(card.blocks)).toContain('"Lost"');
    const where = { ephemeralOf: People.ana, channelId: Channels.sales, ts: card.ts };
    await h.driver.clickButton(People.ana, where, "Lost");
    await h.app.settle();
    const now = h.emulator.ephemerals(People.ana, Channels.sales).find((e) => e.ts === card.ts)!;
    expect(blocksText(now.blocks)).toContain("D-3 is won and handed over to delivery");
    expect(blocksText(now.blocks)).not.toMatch(/"Won"|"Lost"/);
    expect(h.emulator.openModal(People.ana)).toBeUndefined();
  });
});

describe("App Home for someone who never opened it", () => {
  it("is not published on their changes, then kept up to date once they open it", async () => {
    // Ben owns a deal from the start and has changed things, but never looked at his Home.
    await h.command(People.ben, "/deal", "new Vandelay import 30k 2027-02-15", { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ben));
    await h.driver.submitView(People.ben, { Company: "Vandelay" });
    await h.app.settle();
    expect(home(People.ben)).toBeUndefined();
    expect(h.emulator.callsTo("views.publish").filter((c) => c.args.user_id === People.ben)).toEqual([]);

    await h.driver.appHomeOpened(People.ben);
    await h.app.settle();
    expect(homeText(People.ben)).toMatch(/Vandelay import — Vandelay · \$30,000 · Lead/);

    const deal = await h.db!.prisma.deal.findFirstOrThrow({ where: { name: "Vandelay import" } });
    await h.command(People.ben, "/deal", `move D-${deal.number} demo`, { channelId: Channels.sales });
    await h.app.settle();
    expect(homeText(People.ben)).toMatch(/Vandelay import — Vandelay · \$30,000 · Demo/);
  });
});

describe("/handoff settings", () => {
  it("shows a manager and a member the settings read-only, privately, naming the admins; opens nothing", async () => {
    for (const person of [People.maya, People.ben]) {
      const response = await h.command(person, "/handoff", "settings", { channelId: Channels.sales });
      expect(response.status).toBe(200);
      const shown = blocksText(lastPrivate(person, Channels.sales)?.blocks);
      expect(shown).toContain("Handoff settings");
      expect(shown).toContain(`<#${Channels.sales}>`);
      expect(shown).toContain("UTC");
      expect(shown).toContain(`<@${People.maya}>`); // the managers
      expect(shown).toMatch(/Only admins can change these.*<@U0ADMIN>/);
      expect(h.emulator.openModal(person)).toBeUndefined();
    }
    expect(h.emulator.messages(Channels.sales).some((m) => /admins/.test(m.text))).toBe(false);
  });

  it("shows an unknown time zone next to its field and keeps the form open", async () => {
    await h.command(People.admin, "/handoff", "settings", { channelId: Channels.sales });
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    expect(modal.title).toMatchObject({ text: "Handoff settings" });
    expect(initialValueOf(modal, "Time zone")).toBe("UTC");
    const response = await h.driver.submitView(People.admin, { "Time zone": "Mars/Olympus" });
    expect(response.outcome.kind).toBe("view_errors");
    expect(Object.values(h.emulator.openModal(People.admin)?.errors ?? {}).join(" ")).toContain(
      "Mars/Olympus",
    );
  });

  it("an admin moves the wins channel; the next win is announced there, and the save is audited", async () => {
    const done = await h.driver.submitView(People.admin, {
      "Time zone": "Europe/Berlin",
      "Wins channel": NEW_WINS,
    });
    expect(done.outcome.kind).toBe("view_closed");
    await h.app.settle();
    expect(lastPrivate(People.admin, Channels.sales)?.text).toBe(
      "Saved the settings: wins channel, time zone.",
    );
    const audit = await h.db!.prisma.auditEvent.findFirstOrThrow({
      where: { action: "workspace.settings_changed" },
    });
    expect(audit).toMatchObject({
      actorId: People.admin,
      before: { winsChannel: Channels.wins, timeZone: "UTC" },
      after: { winsChannel: NEW_WINS, timeZone: "Europe/Berlin" },
    });

    const winsBefore = h.emulator.messages(Channels.wins).length;
    await win(People.ben, "D-4");
    expect(
      h.emulator
        .messages(NEW_WINS)
        .map((m) => m.text)
        .join("\n"),
    ).toMatch(/Stark/);
    expect(h.emulator.messages(Channels.wins)).toHaveLength(winsBefore);
  });
});

describe("/handoff audit", () => {
  it("shows a manager the latest changes, by person; refuses a member, naming the admin", async () => {
    await h.command(People.maya, "/handoff", `audit <@${People.ana}|ana>`, { channelId: Channels.sales });
    const shown = blocksText(lastPrivate(People.maya, Channels.sales)?.blocks);
    expect(shown).toContain("Audit log");
    expect(shown).toMatch(/<@U0ANA> · `deal\.created` · deal Globex expansion/);
    expect(shown).not.toContain("<@U0BEN> ·");
    await h.command(People.ben, "/handoff", "audit", { channelId: Channels.sales });
    expect(lastPrivate(People.ben, Channels.sales)?.text).toBe(
      "Only Handoff admins and managers can read the audit log. Ask <@U0ADMIN>.",
    );
  });
});

describe("/handoff settings: the weekly digest's schedule", () => {
  it("moves the default weekly digest to another day and time", async () => {
    await h.app.runScheduledJobs(); // makes the default weekly subscription for the digest channel
    await h.command(People.admin, "/handoff", "settings", { channelId: Channels.sales });
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    expect(initialValueOf(modal, "Weekly digest time")).toBe("09:00");
    const done = await h.driver.submitView(People.admin, {
      "Weekly digest day": "Friday",
      "Weekly digest time": "16:30",
    });
    expect(done.outcome.kind).toBe("view_closed");
    await h.app.settle();
    expect(lastPrivate(People.admin, Channels.sales)?.text).toBe(
      "Saved the settings: weekly digest schedule.",
    );
    const subscription = await h.db!.prisma.digestSubscription.findFirstOrThrow({
      where: { defaultKey: { not: null } },
    });
    expect(subscription).toMatchObject({ dayOfWeek: 5, time: "16:30" });
  });

  it("refuses a forged time 25:99 next to the field, and the settings still open afterwards", async () => {
    await h.command(People.admin, "/handoff", "settings", { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    const { status, ack } = await forgeViewSubmission(h, People.admin, {
      [AdminField.DigestTime]: { type: "timepicker", selected_time: "25:99" },
    });
    expect(status).toBe(200);
    expect(ack?.response_action).toBe("errors");
    expect(ack?.errors?.[AdminField.DigestTime]).toMatch(/Pick a time/);
    const subscription = await h.db!.prisma.digestSubscription.findFirstOrThrow({
      where: { defaultKey: { not: null } },
    });
    expect(subscription.time).toBe("16:30");
    await h.driver.closeView(People.admin);
  });

  it("opens the settings even when a bad time was stored before, so admins are never locked out", async () => {
    await h.db!.prisma.digestSubscription.updateMany({
      where: { defaultKey: { not: null } },
      data: { time: "25:99", dayOfWeek: 9 },
    });
    await h.command(People.admin, "/handoff", "settings", { channelId: Channels.sales });
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    expect((modal.title as { text: string }).text).toBe("Handoff settings");
    // Slack refuses the whole view (invalid_blocks) for an initial_time that is not a time.
    expect(String(initialValueOf(modal, "Weekly digest time") ?? "")).toMatch(/^(|([01]\d|2[0-3]):[0-5]\d)$/);
    expect(h.problems).toEqual([]);
    // Saving with a time picked repairs it.
    const done = await h.driver.submitView(People.admin, {
      "Weekly digest day": "Monday",
      "Weekly digest time": "09:00",
    });
    expect(done.outcome.kind).toBe("view_closed");
    await h.app.settle();
    const subscription = await h.db!.prisma.digestSubscription.findFirstOrThrow({
      where: { defaultKey: { not: null } },
    });
    expect(subscription).toMatchObject({ dayOfWeek: 1, time: "09:00" });
  });
});

describe("/handoff stages", () => {
  it("lists the stages for anyone; a member gets no Edit button", async () => {
    await h.command(People.ben, "/handoff", "stages", { channelId: Channels.sales });
    const reply = lastPrivate(People.ben, Channels.sales);
    expect(blocksText(reply?.blocks)).toContain("*4. Proposal* — open · 60% · stale after 10 days");
    expect(blocksText(reply?.blocks)).not.toContain("Edit stages");
  });

  it("an admin renames a stage; `/deal move` then uses the new name and the card shows it", async () => {
    const dm = h.emulator.openDm(People.admin);
    await h.command(People.admin, "/handoff", "stages", { channelId: dm });
    await h.driver.clickButton(People.admin, { ephemeralOf: People.admin, channelId: dm }, "Edit stages");
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    expect(modal.title).toMatchObject({ text: "Edit stages" });
    expect(initialValueOf(modal, "Proposal — probability %")).toBe("60");

    const clash = await h.driver.submitView(People.admin, { "Proposal — name": "demo" });
    expect(clash.outcome.kind).toBe("view_errors");
    expect(Object.values(h.emulator.openModal(People.admin)?.errors ?? {})).toContain(
      "Demo is already called that.",
    );

    const saved = await h.driver.submitView(People.admin, {
      "Proposal — name": "Offer sent",
      "Proposal — probability %": "65",
    });
    expect(saved.outcome.kind).toBe("view_closed");
    const confirmation = await h.emulator.waitFor(() =>
      h.emulator.ephemerals(People.admin, dm).find((e) => e.text.startsWith("Saved 1 stage.")),
    );
    expect(blocksText(confirmation.blocks)).toContain("*4. Offer sent* — open · 65%");

    await h.command(People.ana, "/deal", "move D-1 offer", { channelId: Channels.sales });
    await h.app.settle();
    const deal = await h.db!.prisma.deal.findFirstOrThrow({ where: { number: 1 }, include: { stage: true } });
    expect(deal.stage).toMatchObject({ key: "proposal", name: "Offer sent" });
    const card = h.emulator
      .messages(Channels.sales)
      .find((m) => headerOf(m.blocks) === "D-1 · Globex expansion")!;
    expect(h.emulator.messages(Channels.sales, { threadTs: card.ts }).at(-1)?.text).toContain("Offer sent");
    expect(homeText(People.ana)).toMatch(/\*D-1\* Globex expansion — Globex · \$20,000 · Offer sent/);
  });
});

describe("/handoff", () => {
  it("help stays; an unknown word is explained privately", async () => {
    await h.command(People.lena, "/handoff", "help", { channelId: Channels.delivery });
    expect(blocksText(lastPrivate(People.lena, Channels.delivery)?.blocks)).toContain("/handoff stages");
    await h.command(People.lena, "/handoff", "frobnicate", { channelId: Channels.delivery });
    expect(lastPrivate(People.lena, Channels.delivery)?.text).toMatch(/isn't a Handoff command/);
  });

  it("logged no error along the way", () => {
    expect(h.problems).toEqual([]);
  });
});
