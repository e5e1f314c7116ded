import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_TOKEN_PREFIX, issueSecret } from "../../src/domain/api-access.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText } from "../support/slack-views.ts";

/**
 * End to end over real HTTP: the REST API beside /slack/events, with tokens, problem+json
 * refusals, idempotency, the same gates and Slack effects as the Slack commands, and
 * attribution to the token in history and audit.
 */
const TEAM = "T0HANDOFF";
let h: Harness;
let writeToken = "";
let readToken = "";

async function token(name: string, access: "READ" | "READ_WRITE", createdById: string = People.admin) {
  const issued = issueSecret(API_TOKEN_PREFIX);
  await h.db!.prisma.apiToken.create({
    data: { workspaceId: TEAM, name, access, secretHash: issued.hash, hint: issued.hint, createdById },
  });
  return issued.secret;
}

async function api(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
) {
  const auth: Record<string, string> =
    options.token === null ? {} : { authorization: `Bearer ${options.token ?? writeToken}` };
  const response = await fetch(`${h.baseUrl}${path}`, {
    method,
    headers: {
      ...auth,
      ...(options.body !== undefined || options.raw !== undefined
        ? { "content-type": "application/json" }
        : {}),
      ...options.headers,
    },
    ...(options.raw !== undefined
      ? { body: options.raw }
      : options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    headers: response.headers,
    // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely; their shapes are the assertions
    body: text ? (JSON.parse(text) as Record<string, any>) : undefined,
  };
}

beforeAll(async () => {
  h = await startHarness();
  await h.db!.prisma.workspace.upsert({ where: { id: TEAM }, create: { id: TEAM }, update: {} });
  writeToken = await token("CRM sync", "READ_WRITE");
  readToken = await token("BI export", "READ");
}, 60_000);
afterAll(() => h?.stop());

describe("authentication", () => {
  it("refuses a request without a token, with a wrong one, and with a revoked one: 401 problems", async () => {
    const missing = await api("GET", "/api/v1/deals", { token: null });
    expect(missing.status).toBe(401);
    expect(missing.type).toContain("application/problem+json");
    expect(missing.body).toMatchObject({ status: 401, reason: "api.unauthenticated", title: "Unauthorized" });
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    const wrong = await api("GET", "/api/v1/deals", { token: `hnd_${"x".repeat(43)}` });
    expect(wrong.status).toBe(401);
    const revokedSecret = await token("Old", "READ");
    await h.db!.prisma.apiToken.updateMany({ where: { name: "Old" }, data: { revokedAt: new Date() } });
    const revoked = await api("GET", "/api/v1/deals", { token: revokedSecret });
    expect(revoked.status).toBe(401);
    expect(revoked.body?.detail).toBe("This API token was revoked.");
  });

  it("lets a read token read but not write (403)", async () => {
    expect((await api("GET", "/api/v1/deals", { token: readToken })).status).toBe(200);
    const write = await api("POST", "/api/v1/deals", { token: readToken, body: { name: "No" } });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ reason: "api.read_only" });
  });
});

describe("routes", () => {
  it("answers an unknown route 404 and a wrong method 405, as problems", async () => {
    const unknown = await api("GET", "/api/v1/nothing");
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain("application/problem+json");
    const wrongMethod = await api("DELETE", "/api/v1/deals");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST");
  });
});

let dealRef = "";
describe("deals", () => {
  it("creates a deal attributed to the token; its card goes to the sales channel", async () => {
    const created = await api("POST", "/api/v1/deals", {
      body: {
        name: "Initech rollout",
        company: "Initech",
        amount: "12000",
        currency: "EUR",
        owner_id: People.ana,
        contacts: [{ name: "Peter Gibbons", email: "peter@initech.example" }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Initech rollout",
      company: "Initech",
      amount: "12000",
      owner_id: People.ana,
      awaiting_owner: false,
    });
    dealRef = created.body!.ref;
    await h.app.settle();
    expect(blocksText(h.emulator.messages(Channels.sales).at(-1)?.blocks)).toContain("Initech rollout");
    const audit = await h.db!.prisma.auditEvent.findFirstOrThrow({ where: { action: "deal.created" } });
    expect(audit.actorId).toBe(People.admin);
    expect(audit.via).toMatchObject({ name: "CRM sync" });
  });

  it("refuses unknown fields, malformed JSON and a body over 1 MB", async () => {
    const unknown = await api("POST", "/api/v1/deals", { body: { name: "X", colour: "red" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body?.errors).toEqual([{ path: "colour", message: "is not a field of this request" }]);
    const nested = await api("POST", "/api/v1/deals", {
      body: { name: "X", contacts: [{ name: "A", age: 3 }] },
    });
    expect(nested.body?.errors).toEqual([
      { path: "contacts.0.age", message: "is not a field of this request" },
    ]);
    const malformed = await api("POST", "/api/v1/deals", { raw: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ reason: "request.malformed_json" });
    const huge = await api("POST", "/api/v1/deals", { raw: JSON.stringify({ name: "x".repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
  });

  it("refuses what the service refuses, with the field's path", async () => {
    const badOwner = await api("POST", "/api/v1/deals", { body: { name: "Bot deal", owner_id: "U0NOBODY" } });
    expect(badOwner.status).toBe(422);
    expect(badOwner.body?.errors?.[0]).toMatchObject({ path: "owner_id" });
  });

  it("gets a deal by ref or id, and 404 for one that does not exist", async () => {
    const byRef = await api("GET", `/api/v1/deals/${dealRef}`);
    expect(byRef.status).toBe(200);
    expect((await api("GET", `/api/v1/deals/${byRef.body!.id}`)).body?.ref).toBe(dealRef);
    const missing = await api("GET", "/api/v1/deals/D-999");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ reason: "deal.not_found", detail: "There is no deal D-999." });
  });

  it("lists deals with filters and a keyset cursor", async () => {
    for (const name of ["Globex", "Umbrella", "Hooli"])
      expect((await api("POST", "/api/v1/deals", { body: { name, owner_id: People.ben } })).status).toBe(201);
    const first = await api("GET", "/api/v1/deals?limit=2");
    expect(first.body?.data).toHaveLength(2);
    expect(first.body?.next_cursor).toEqual(expect.any(String));
    const second = await api("GET", `/api/v1/deals?limit=2&cursor=${first.body!.next_cursor}`);
    expect(second.body?.data).toHaveLength(2);
    expect(second.body?.next_cursor).toBeNull();
    const names = [...first.body!.data, ...second.body!.data].map((d: { name: string }) => d.name);
    expect(new Set(names).size).toBe(4);
    // The list reads deals its own way (one statement): each is what GET of it answers.
    const listed = [...first.body!.data, ...second.body!.data].find(
      (d: { ref: string }) => d.ref === dealRef,
    );
    expect(listed).toEqual((await api("GET", `/api/v1/deals/${dealRef}`)).body);
    const bens = await api("GET", `/api/v1/deals?owner=${People.ben}`);
    expect(bens.body?.data.map((d: { name: string }) => d.name).sort()).toEqual([
      "Globex",
      "Hooli",
      "Umbrella",
    ]);
    const leads = await api(
      "GET",
      `/api/v1/deals?stage=lead&updated_since=${encodeURIComponent("2000-01-01T00:00:00Z")}`,
    );
    expect(leads.body?.data).toHaveLength(4);
    expect((await api("GET", "/api/v1/deals?stage=Demo")).body?.data).toEqual([]);
    const badLimit = await api("GET", "/api/v1/deals?limit=500");
    expect(badLimit.status).toBe(400);
    expect(badLimit.body?.errors?.[0]).toMatchObject({ path: "limit" });
    const badCursor = await api("GET", "/api/v1/deals?cursor=nonsense!");
    expect(badCursor.body?.errors?.[0]).toMatchObject({ path: "cursor" });
  });

  it("patches only the fields sent; concurrent patches all land in the audit", async () => {
    const patched = await api("PATCH", `/api/v1/deals/${dealRef}`, {
      body: { next_step: "Send the proposal" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ next_step: "Send the proposal", amount: "12000" });
    const steps = Array.from({ length: 8 }, (_, i) => `Step ${i}`);
    const answers = await Promise.all(
      steps.map((step) => api("PATCH", `/api/v1/deals/${dealRef}`, { body: { next_step: step } })),
    );
    expect(answers.map((a) => a.status)).toEqual(steps.map(() => 200));
    const deal = await h.db!.prisma.deal.findFirstOrThrow({ where: { name: "Initech rollout" } });
    const edits = await h.db!.prisma.auditEvent.findMany({
      where: { action: "deal.edited", entityId: deal.id },
    });
    const recorded = edits.map((e) => (e.after as { nextStep?: string }).nextStep);
    for (const step of steps) expect(recorded).toContain(step);
  });

  it("honours Idempotency-Key: a repeat gets the first answer, another body with it a 422, concurrent repeats run once", async () => {
    const headers = { "idempotency-key": "create-stark-1" };
    const body = { name: "Stark Industries", owner_id: People.ana };
    const first = await api("POST", "/api/v1/deals", { body, headers });
    const again = await api("POST", "/api/v1/deals", { body, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await api("POST", "/api/v1/deals", { body: { ...body, name: "Other" }, headers });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ reason: "api.idempotency_key_reused" });
    const concurrent = await Promise.all(
      Array.from({ length: 6 }, () =>
        api("POST", "/api/v1/deals", { body: { name: "Wayne" }, headers: { "idempotency-key": "wayne-1" } }),
      ),
    );
    expect(new Set(concurrent.map((c) => c.body?.id)).size).toBe(1);
    expect(await h.db!.prisma.deal.count({ where: { name: "Wayne" } })).toBe(1);
    expect(await h.db!.prisma.deal.count({ where: { name: "Stark Industries" } })).toBe(1);
  });

  it("answers 429 with Retry-After when a token goes over its rate", async () => {
    const burst = await token("Burst", "READ");
    const answers = await Promise.all(
      Array.from({ length: 70 }, () => api("GET", "/api/v1/deals?limit=1", { token: burst })),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body).toMatchObject({ reason: "rate_limited" });
  });
});

describe("moves", () => {
  it("moves with the same gates; Lost needs lost_reason; history says via the token", async () => {
    const gated = await api("POST", `/api/v1/deals/${dealRef}/move`, { body: { stage: "Demo" } });
    expect(gated.status).toBe(422);
    expect(gated.body).toMatchObject({
      reason: "deal.move_needs_details",
      errors: [{ path: "expected_close_date", message: expect.any(String) }],
    });
    await api("PATCH", `/api/v1/deals/${dealRef}`, { body: { expected_close_date: "2026-12-31" } });
    const moved = await api("POST", `/api/v1/deals/${dealRef}/move`, { body: { stage: "Demo" } });
    expect(moved.status).toBe(200);
    expect(moved.body?.stage).toMatchObject({ name: "Demo" });
    await h.app.settle();
    const card = h.emulator
      .messages(Channels.sales)
      .find((m) => blocksText(m.blocks).includes("Initech rollout"))!;
    const replies = h.emulator.messages(Channels.sales, { threadTs: card.ts });
    expect(replies.map((r) => r.text).join("\n")).toContain("via API token *CRM sync*");
    const lost = await api("POST", "/api/v1/deals/D-2/move", { body: { stage: "Lost" } });
    expect(lost.status).toBe(422);
    expect(lost.body?.errors).toEqual([expect.objectContaining({ path: "lost_reason" })]);
  });

  it("a move to Won keeps the handoff: the owner is asked by DM, and the form opens the project", async () => {
    const noAmount = await api("POST", "/api/v1/deals/D-2/move", { body: { stage: "Won" } });
    expect(noAmount.status).toBe(422);
    expect(noAmount.body).toMatchObject({ reason: "deal.win_needs_details" });
    const marked = await api("POST", `/api/v1/deals/${dealRef}/move`, { body: { stage: "Won" } });
    expect(marked.status).toBe(200);
    expect(marked.body?.stage).toMatchObject({ kind: "won" });
    await h.app.settle();
    const dm = h.emulator.openDm(People.ana);
    const ask = h.emulator.messages(dm).at(-1)!;
    expect(ask.text).toBe(`${dealRef} was marked won by CRM sync — complete the handoff`);
    await h.driver.clickButton(People.ana, { channelId: dm, ts: ask.ts }, "Complete the handoff");
    await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    await h.driver.submitView(People.ana, {
      "Customer goals": "Go live in January",
      "Commitments made": "SSO on day one",
    });
    await h.app.settle();
    const project = await h.db!.prisma.project.findFirstOrThrow();
    expect(project.name).toBe("Initech onboarding");
    const projects = await api("GET", "/api/v1/projects");
    expect(projects.body?.data[0]).toMatchObject({ deal_ref: dealRef });
  });
});

describe("notes, accounts, contacts, tasks", () => {
  it("adds and lists a deal's notes", async () => {
    const added = await api("POST", "/api/v1/deals/D-2/notes", { body: { body: "Called, wants a demo" } });
    expect(added.status).toBe(201);
    const notes = await api("GET", "/api/v1/deals/D-2/notes");
    expect(notes.body?.data[0]).toMatchObject({ body: "Called, wants a demo", author_id: People.admin });
  });

  it("lists accounts and contacts", async () => {
    const accounts = await api("GET", "/api/v1/accounts");
    expect(accounts.body?.data.map((a: { name: string }) => a.name)).toContain("Initech");
    const contacts = await api("GET", "/api/v1/contacts");
    expect(contacts.body?.data[0]).toMatchObject({ name: "Peter Gibbons", email: "peter@initech.example" });
  });

  it("completes a ready task by ref", async () => {
    const tasks = await api("GET", "/api/v1/tasks?limit=200");
    const ready = tasks.body!.data.find((t: { depends_on: string[] }) => t.depends_on.length === 0);
    const done = await api("POST", `/api/v1/tasks/${ready.ref}/complete`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ ref: ready.ref, done: true, completed_by_id: People.admin });
    const audit = await h.db!.prisma.auditEvent.findFirstOrThrow({ where: { action: "task.done" } });
    expect(audit.via).toMatchObject({ name: "CRM sync" });
  });
});

describe("leads and CSV through the API", () => {
  it("POST /api/v1/leads makes a lead's deal (201) with a New lead message; the same email again is a note (200)", async () => {
    const lead = { name: "Jane Doe", company: "Umbrella", email: "jane@umbrella.example", amount: "12k" };
    const refused = await api("POST", "/api/v1/leads", { token: readToken, body: lead });
    expect(refused.status).toBe(403);
    const created = await api("POST", "/api/v1/leads", { body: lead });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      disposition: "new_deal",
      deal: {
        name: "Jane Doe",
        company: "Umbrella",
        source: "CRM sync",
        stage: { kind: "open" },
        awaiting_owner: true,
      },
    });
    // Nobody has taken it yet, and every answer about it says so: by ref, and in the list.
    const ref = created.body!.deal.ref;
    const byRef = await api("GET", `/api/v1/deals/${ref}`);
    expect(byRef.body).toMatchObject({ ref, awaiting_owner: true, owner_id: created.body!.deal.owner_id });
    const listed = await api("GET", "/api/v1/deals?stage=lead&limit=200");
    expect(listed.body?.data.find((d: { ref: string }) => d.ref === ref)).toEqual(byRef.body);
    await h.app.settle();
    const announced = h.emulator
      .messages(Channels.sales)
      .filter((m) => blocksText(m.blocks).includes("New lead") && blocksText(m.blocks).includes("Jane Doe"));
    expect(announced).toHaveLength(1);
    const again = await api("POST", "/api/v1/leads", { body: { ...lead, message: "Any news?" } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ disposition: "note", deal: { ref: created.body!.deal.ref } });
    const invalid = await api("POST", "/api/v1/leads", { body: { company: "No name" } });
    expect(invalid.status).toBe(422);
    expect(invalid.body?.errors).toEqual([{ path: "name", message: "is required" }]);
  });

  it("GET /api/v1/deals?format=csv answers Handoff's export file, filtered like the JSON list", async () => {
    const all = await fetch(`${h.baseUrl}/api/v1/deals?format=csv`, {
      headers: { authorization: `Bearer ${readToken}` },
    });
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(all.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
    const text = await all.text();
    const [header, ...rows] = text.trim().split("\r\n");
    expect(header).toMatch(/^Reference,Name,Company,Stage/);
    const listed = await api("GET", "/api/v1/deals?limit=200", { token: readToken });
    expect(rows).toHaveLength(listed.body!.data.length);
    const won = await fetch(`${h.baseUrl}/api/v1/deals?format=csv&stage=won`, {
      headers: { authorization: `Bearer ${readToken}` },
    });
    const wonRows = (await won.text()).trim().split("\r\n").slice(1);
    expect(wonRows.length).toBeLessThan(rows.length);
    for (const row of wonRows) expect(row).toContain("Won");
  });
});
