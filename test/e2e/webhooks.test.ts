import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyWebhookSignature, WEBHOOK_EVENT_TYPES } from "../../src/domain/webhooks.ts";
import { fixedClock } from "../../src/lib/clock.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { type ReceivedWebhook, WebhookReceiver } from "../support/webhook-receiver.ts";

/**
 * Webhooks out, end to end: changes made in Slack reach a real HTTP receiver on 127.0.0.1,
 * signed, in order per deal, at least once, through outages, until 24 hours of failures.
 */
const SECRET = "whsec_e2e_0123456789abcdef";
const clock = fixedClock("2026-12-07T09:00:00.000Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let h: Harness;
let receiver: WebhookReceiver;
let teamId: string;

beforeAll(async () => {
  h = await startHarness({ clock, env: { HANDOFF_WEBHOOKS_ALLOW_PRIVATE: "true" } });
  receiver = await WebhookReceiver.start(() => clock.now().getTime());
  await h.command(People.ana, "/deal", "list", { channelId: Channels.sales });
  teamId = (await h.db!.prisma.workspace.findFirstOrThrow()).id;
}, 60_000);
afterAll(async () => {
  await receiver?.stop();
  await h?.stop();
});

const DEAL_EVENTS = ["deal.created", "deal.updated", "deal.stage_changed", "deal.won", "deal.lost"];
let endpoints = 0;
/** An endpoint as `/handoff webhooks` stores it, to this test's receiver. */
async function addEndpoint(url = receiver.url, events = DEAL_EVENTS): Promise<string> {
  endpoints += 1;
  const row = await h.db!.prisma.webhookEndpoint.create({
    data: {
      workspaceId: teamId,
      number: endpoints,
      url,
      events: [...events],
      secret: SECRET,
      createdById: People.admin,
    },
  });
  return row.id;
}

/** Creates a deal through the New deal form; its ref. */
async function newDeal(name: string): Promise<string> {
  await h.command(People.ana, "/deal", `new ${name} 48k <@U0ANA|ana> 2027-01-29`, {
    channelId: Channels.sales,
  });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
  await h.driver.submitView(People.ana, { Company: name });
  await h.app.settle();
  const deal = await h.db!.prisma.deal.findFirstOrThrow({ where: { name }, orderBy: { number: "desc" } });
  return `D-${deal.number}`;
}

/** The deal the outage, 410 and 24-hour tests move about. */
let globex = "";

const bodyOf = (r: ReceivedWebhook) =>
  JSON.parse(r.body) as {
    id: string;
    type: string;
    created_at: string;
    team_id: string;
    data: { ref: string; stage: { name: string } };
  };

/** Polls an async condition (the emulator's waitFor takes a synchronous one). */
async function eventually(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectSigned(r: ReceivedWebhook): void {
  const check = verifyWebhookSignature(String(r.headers["handoff-signature"]), SECRET, r.body, r.receivedAt);
  expect(check).toEqual({ ok: true });
}

describe("a change made in Slack", () => {
  // Each test starts with no endpoint and a receiver that says 200 (a failed test leaves none behind).
  beforeEach(async () => {
    await h.db!.prisma.webhookEndpoint.deleteMany();
    receiver.received.length = 0;
    receiver.answer = () => 200;
  });

  it("reaches the receiver as a signed POST with the event's headers and body", async () => {
    const endpointId = await addEndpoint();
    await newDeal("Initech");
    await h.command(People.ana, "/deal", "move D-1 qualified", { channelId: Channels.sales });
    await h.app.drainWebhooks();

    const got = receiver.delivered();
    expect(got.map((r) => bodyOf(r).type)).toEqual(["deal.created", "deal.stage_changed"]);
    const moved = got[1]!;
    expectSigned(moved);
    expect(moved.headers["content-type"]).toBe("application/json");
    expect(moved.headers["user-agent"]).toBe("Handoff-Webhooks");
    expect(moved.headers["handoff-event"]).toBe("deal.stage_changed");
    const body = bodyOf(moved);
    expect(Object.keys(body)).toEqual(["id", "type", "created_at", "team_id", "data"]);
    expect(body).toMatchObject({ team_id: teamId, created_at: clock.now().toISOString() });
    expect(body.data).toMatchObject({ ref: "D-1", stage: { name: "Qualified" } });
    const stored = await h.db!.prisma.webhookDelivery.findMany({
      where: { endpointId },
      orderBy: { id: "asc" },
    });
    expect(stored.map((d) => d.status)).toEqual(["DELIVERED", "DELIVERED"]);
    expect(moved.headers["handoff-delivery"]).toBe(stored[1]!.deliveryId);
    expect(body.id).toBe(stored[1]!.eventId);
    // Tampering with the body breaks the signature.
    expect(
      verifyWebhookSignature(
        String(moved.headers["handoff-signature"]),
        SECRET,
        moved.body.replace("Qualified", "Won"),
        Math.floor(clock.now().getTime() / 1000),
      ),
    ).toEqual({ ok: false, reason: "mismatch" });
    await h.db!.prisma.webhookEndpoint.delete({ where: { id: endpointId } });
  });

  it("covers every event type of a deal's life, from created to its project completed", async () => {
    receiver.received.length = 0;
    receiver.answer = () => 200;
    const endpointId = await addEndpoint(receiver.url, [...WEBHOOK_EVENT_TYPES]);
    const umbrella = await newDeal("Umbrella");
    await h.command(People.ana, "/deal", `edit ${umbrella}`, { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    await h.driver.submitView(People.ana, { "Next step": "Call back in spring" });
    await h.command(People.ana, "/deal", `lost ${umbrella} chose a competitor`, {
      channelId: Channels.sales,
    });
    const stark = await newDeal("Stark");
    await h.command(People.ana, "/deal", `won ${stark}`, { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    await h.driver.submitView(People.ana, {
      "Customer goals": "Onboard 40 people",
      "Commitments made": "SSO on day one",
      "Key contacts": "Pepper Potts, COO",
      "Delivery lead": { user: People.dev },
    });
    await h.app.settle();
    const tasks = await h.db!.prisma.task.findMany({ orderBy: { position: "asc" } });
    for (const task of tasks) {
      await h.app.settle();
      const row = await h.db!.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
      const message = () => h.emulator.message(Channels.delivery, row.messageTs!)!;
      if (!row.assigneeId)
        await h.driver.clickButton(People.dev, { channelId: Channels.delivery, ts: message().ts }, "Claim");
      await h.app.settle();
      await h.driver.clickButton(People.dev, { channelId: Channels.delivery, ts: message().ts }, "Mark done");
    }
    await h.app.settle();
    await h.app.drainWebhooks();

    const events = receiver.delivered().map(bodyOf);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(WEBHOOK_EVENT_TYPES));
    const of = (ref: string) => events.filter((e) => e.data.ref === ref).map((e) => e.type);
    expect(of(umbrella)).toEqual(["deal.created", "deal.updated", "deal.stage_changed", "deal.lost"]);
    expect(of(stark)).toEqual(["deal.created", "deal.stage_changed", "deal.won"]);
    const project = events.filter((e) => e.type.startsWith("project.") || e.type.startsWith("task."));
    expect(project[0]?.type).toBe("project.created");
    expect(project.at(-1)?.type).toBe("project.completed");
    expect(project.filter((e) => e.type === "task.completed")).toHaveLength(tasks.length);
    for (const r of receiver.delivered()) expectSigned(r);
    await h.db!.prisma.webhookEndpoint.delete({ where: { id: endpointId } });
  }, 60_000);

  it("is delivered, in order and once per delivery id, after the receiver was down for an hour", async () => {
    receiver.received.length = 0;
    const endpointId = await addEndpoint();
    receiver.answer = () => 500;
    globex = await newDeal("Globex");
    for (const stage of ["qualified", "demo", "proposal"]) {
      await h.command(People.ana, "/deal", `move ${globex} ${stage}`, { channelId: Channels.sales });
      clock.advance(MINUTE);
    }
    for (let waited = 0; waited < HOUR; waited += 5 * MINUTE) {
      clock.advance(5 * MINUTE);
      await h.app.drainWebhooks();
    }
    expect(receiver.delivered()).toHaveLength(0);
    expect(receiver.received.length).toBeGreaterThan(3);
    receiver.answer = () => 200;
    for (let waited = 0; waited < 2 * HOUR; waited += 5 * MINUTE) {
      clock.advance(5 * MINUTE);
      await h.app.drainWebhooks();
    }

    const got = receiver.delivered();
    expect(got.map((r) => `${bodyOf(r).type} ${bodyOf(r).data.stage.name}`)).toEqual([
      "deal.created Lead",
      "deal.stage_changed Qualified",
      "deal.stage_changed Demo",
      "deal.stage_changed Proposal",
    ]);
    const ids = got.map((r) => r.headers["handoff-delivery"]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of got) expectSigned(r);
    const stored = await h.db!.prisma.webhookDelivery.findMany({ where: { endpointId } });
    expect(stored.every((d) => d.status === "DELIVERED")).toBe(true);
    const endpoint = await h.db!.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expect(endpoint).toMatchObject({ enabled: true, failingSince: null });
    await h.db!.prisma.webhookEndpoint.delete({ where: { id: endpointId } });
  });

  it("stops going to an endpoint that answers 410 Gone: the endpoint is removed", async () => {
    receiver.received.length = 0;
    const endpointId = await addEndpoint();
    receiver.answer = () => 410;
    await h.command(People.ana, "/deal", `move ${globex} negotiation`, { channelId: Channels.sales });
    await h.command(People.ana, "/deal", `move ${globex} proposal`, { channelId: Channels.sales });
    clock.advance(HOUR);
    await h.app.drainWebhooks();

    expect(receiver.received.map((r) => r.body)).toHaveLength(1);
    expect(await h.db!.prisma.webhookEndpoint.findUnique({ where: { id: endpointId } })).toBeNull();
    expect(
      await h.db!.prisma.auditEvent.count({
        where: { action: "webhook.removed_gone", entityId: endpointId },
      }),
    ).toBe(1);
  });

  it("disables an endpoint after 24 hours of failures and tells the admins by DM", async () => {
    receiver.received.length = 0;
    const endpointId = await addEndpoint();
    receiver.answer = () => 503;
    await h.command(People.ana, "/deal", `move ${globex} negotiation`, { channelId: Channels.sales });
    // The last retry inside the 24 hours may fall in the 23rd: until then it stays enabled.
    for (let waited = 0; waited < 22 * HOUR; waited += HOUR) {
      clock.advance(HOUR);
      await h.app.drainWebhooks();
    }
    expect(
      (await h.db!.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).enabled,
    ).toBe(true);
    for (let waited = 0; waited < 4 * HOUR; waited += HOUR) {
      clock.advance(HOUR);
      await h.app.drainWebhooks();
    }
    await h.app.settle();

    const endpoint = await h.db!.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: "failing" });
    const dm = h.emulator.messages(h.emulator.dmChannelId(People.admin)!).at(-1);
    expect(dm?.text).toMatch(
      new RegExp(`Webhook W-\\d+ was disabled: ${receiver.url} failed every delivery for 24 hours`),
    );
    // Nothing more is sent to it; its event waits, not lost.
    const tries = receiver.received.length;
    clock.advance(2 * HOUR);
    await h.app.drainWebhooks();
    expect(receiver.received).toHaveLength(tries);
    expect(await h.db!.prisma.webhookDelivery.count({ where: { endpointId, status: "FAILED" } })).toBe(1);

    // The receiver is fixed and an admin clicks Enable: the waiting event goes out at once.
    receiver.answer = () => 200;
    await h.command(People.admin, "/handoff", "webhooks", { channelId: Channels.sales });
    await h.driver.clickButton(
      People.admin,
      { ephemeralOf: People.admin, channelId: Channels.sales },
      "Enable",
    );
    await eventually(
      async () =>
        (await h.db!.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).enabled,
    );
    await h.app.drainWebhooks();
    expect(receiver.delivered().map((r) => bodyOf(r).type)).toEqual(["deal.stage_changed"]);
    expect(await h.db!.prisma.webhookDelivery.count({ where: { endpointId, status: "DELIVERED" } })).toBe(1);
  });
});

describe("/handoff webhooks", () => {
  const lastPrivate = (user: string) => h.emulator.ephemerals(user, Channels.sales).at(-1);
  const list = { ephemeralOf: People.admin, channelId: Channels.sales };
  beforeAll(() => h.db!.prisma.webhookEndpoint.deleteMany());

  it("is for admins: anyone else is told who to ask", async () => {
    await h.command(People.ana, "/handoff", "webhooks", { channelId: Channels.sales });
    expect(lastPrivate(People.ana)?.text).toBe("Only Handoff admins can manage webhooks. Ask <@U0ADMIN>.");
  });

  it("adds an endpoint from the form, says what is wrong next to the URL, and shows the secret once", async () => {
    await h.command(People.admin, "/handoff", "webhooks", { channelId: Channels.sales });
    await h.driver.clickButton(People.admin, list, "Add endpoint");
    await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    const badUrl = await h.driver.submitView(People.admin, {
      URL: "hooks.example.com",
      Events: ["deal.won"],
    });
    expect(badUrl.outcome.kind).toBe("view_errors");
    expect(h.emulator.openModal(People.admin)?.errors?.webhook_url).toMatch(/is not a web address/);

    const added = await h.driver.submitView(People.admin, {
      URL: receiver.url,
      Events: ["deal.won", "deal.stage_changed"],
    });
    expect(added.outcome.kind).toBe("view_closed");
    const shown = await h.emulator.waitFor(
      () => lastPrivate(People.admin)?.text.includes("Added") && lastPrivate(People.admin),
    );
    const secret = JSON.stringify(shown.blocks).match(/whsec_[0-9a-f]{48}/)?.[0];
    const stored = await h.db!.prisma.webhookEndpoint.findFirstOrThrow({
      where: { url: receiver.url, enabled: true },
    });
    expect(secret).toBe(stored.secret);
    expect(stored.events).toEqual(["deal.won", "deal.stage_changed"]);
    expect(
      await h.db!.prisma.auditEvent.count({ where: { action: "webhook.added", entityId: stored.id } }),
    ).toBe(1);
    // Listed again later, the secret is not in it.
    await h.command(People.admin, "/handoff", "webhooks", { channelId: Channels.sales });
    expect(JSON.stringify(lastPrivate(People.admin)?.blocks)).not.toContain("whsec_");
  });

  it("sends a test event through the queue, signed, and says it was received", async () => {
    receiver.received.length = 0;
    receiver.answer = () => 204;
    const stored = await h.db!.prisma.webhookEndpoint.findFirstOrThrow({
      where: { url: receiver.url, enabled: true },
    });
    await h.command(People.admin, "/handoff", "webhooks", { channelId: Channels.sales });
    await h.driver.clickButton(People.admin, list, "Send test event", { blockId: undefined });
    const said = await h.emulator.waitFor(
      () => lastPrivate(People.admin)?.text.includes("received the test event") && lastPrivate(People.admin),
    );
    expect(said.text).toMatch(/^✅ W-\d+ received the test event \(HTTP 204\)\.$/);
    expect(receiver.received).toHaveLength(1);
    const ping = receiver.received[0]!;
    expect(ping.headers["handoff-event"]).toBe("ping");
    expect(
      verifyWebhookSignature(
        String(ping.headers["handoff-signature"]),
        stored.secret,
        ping.body,
        ping.receivedAt,
      ),
    ).toEqual({ ok: true });
  });

  it("disables, enables and deletes an endpoint, each audited", async () => {
    const stored = await h.db!.prisma.webhookEndpoint.findFirstOrThrow({
      where: { url: receiver.url, enabled: true },
    });
    await h.command(People.admin, "/handoff", "webhooks", { channelId: Channels.sales });
    await h.driver.clickButton(People.admin, list, "Disable");
    await h.emulator.waitFor(() => lastPrivate(People.admin)?.text.includes("is disabled"));
    expect((await h.db!.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: stored.id } })).enabled).toBe(
      false,
    );
    await h.command(People.admin, "/handoff", "webhooks", { channelId: Channels.sales });
    await h.driver.clickButton(People.admin, list, "Enable");
    await eventually(
      async () =>
        (await h.db!.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: stored.id } })).enabled,
    );
    await h.command(People.admin, "/handoff", "webhooks", { channelId: Channels.sales });
    await h.driver.clickButton(People.admin, list, "Delete");
    await eventually(
      async () => (await h.db!.prisma.webhookEndpoint.count({ where: { id: stored.id } })) === 0,
    );
    const actions = await h.db!.prisma.auditEvent.findMany({
      where: { entityId: stored.id },
      orderBy: { id: "asc" },
    });
    expect(actions.map((a) => `${a.action} ${a.actorId}`)).toEqual([
      `webhook.added ${People.admin}`,
      `webhook.tested ${People.admin}`,
      `webhook.disabled ${People.admin}`,
      `webhook.enabled ${People.admin}`,
      `webhook.deleted ${People.admin}`,
    ]);
  });
});

describe("without HANDOFF_WEBHOOKS_ALLOW_PRIVATE", () => {
  let strict: Harness;
  beforeAll(async () => {
    strict = await startHarness({ clock });
    await strict.command(People.ana, "/deal", "list", { channelId: Channels.sales });
  }, 60_000);
  afterAll(() => strict?.stop());

  it("sends nothing to 127.0.0.1, even when such a URL got into the database", async () => {
    // HTTPS, so what refuses it is the address (the check at send time), not the scheme.
    receiver.received.length = 0;
    const workspace = await strict.db!.prisma.workspace.findFirstOrThrow();
    const endpoint = await strict.db!.prisma.webhookEndpoint.create({
      data: {
        workspaceId: workspace.id,
        number: 1,
        url: `https://127.0.0.1:${receiver.port}/hooks`,
        events: ["deal.created"],
        secret: SECRET,
        createdById: People.admin,
      },
    });
    await strict.command(People.ana, "/deal", "new Hooli 5k <@U0ANA|ana> 2027-01-29", {
      channelId: Channels.sales,
    });
    await strict.emulator.waitFor(() => strict.emulator.openModal(People.ana));
    await strict.driver.submitView(People.ana, { Company: "Hooli" });
    await strict.app.settle();
    await strict.app.drainWebhooks();

    expect(receiver.received).toHaveLength(0);
    const delivery = await strict.db!.prisma.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id },
    });
    expect(delivery).toMatchObject({ status: "FAILED", lastStatus: null });
    expect(delivery.lastError).toMatch(/refused: private address/);
  });

  it("refuses a loopback URL in the Add endpoint form, next to the field", async () => {
    await strict.command(People.admin, "/handoff", "webhooks", { channelId: Channels.sales });
    await strict.driver.clickButton(
      People.admin,
      { ephemeralOf: People.admin, channelId: Channels.sales },
      "Add endpoint",
    );
    await strict.emulator.waitFor(() => strict.emulator.openModal(People.admin));
    const refused = await strict.driver.submitView(People.admin, {
      URL: "https://127.0.0.1:8443/hook",
      Events: ["deal.won"],
    });
    expect(refused.outcome.kind).toBe("view_errors");
    expect(strict.emulator.openModal(People.admin)?.errors?.webhook_url).toMatch(
      /“https:\/\/127\.0\.0\.1:8443\/hook” points to a private, loopback or link-local address/,
    );
    expect(await strict.db!.prisma.webhookEndpoint.count({ where: { url: { contains: "8443" } } })).toBe(0);
  });
});

describe("a lead nobody has taken yet", () => {
  it("is announced as awaiting its owner, then as taken when someone clicks Take it", async () => {
    await h.db!.prisma.webhookEndpoint.deleteMany();
    receiver.received.length = 0;
    receiver.answer = () => 200;
    await addEndpoint();
    const added = await h.command(People.admin, "/handoff", "leads add Website form", {
      channelId: Channels.sales,
    });
    const source = /hlh_[A-Za-z0-9_-]{43}/.exec(JSON.stringify(added.body))?.[0];
    const posted = await fetch(`${h.baseUrl}/hooks/leads/${source}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Wanda Lead", email: "wanda@lead.example" }),
    });
    expect(posted.status).toBe(201);
    await h.app.settle();
    await h.app.drainWebhooks();
    const created = receiver.delivered().map(bodyOf);
    expect(created.map((b) => b.type)).toEqual(["deal.created"]);
    expect(created[0]!.data).toMatchObject({ name: "Wanda Lead", awaiting_owner: true });

    const message = h.emulator
      .messages(Channels.sales)
      .find((m) => m.text.startsWith("New lead: Wanda Lead"))!;
    await h.driver.clickButton(People.ben, { channelId: Channels.sales, ts: message.ts }, "Take it");
    await h.app.settle();
    await h.app.drainWebhooks();
    const taken = receiver.delivered().map(bodyOf).slice(1);
    expect(taken.map((b) => b.type)).toEqual(["deal.updated"]);
    expect(taken[0]!.data).toMatchObject({ owner_id: People.ben, awaiting_owner: false });
  });
});
