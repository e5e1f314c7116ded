import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { createSilentLogger } from "../../src/lib/logger.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/start-sandbox.ts";
import type { Screen } from "../../src/sandbox/web/screen.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

/**
 * The sandbox's server side, as its page uses it: the screen each person sees, what they do
 * sent through the real app, live change events, bad requests, demo data, and a restart that
 * keeps the workspace.
 */
let db: TestDatabase;
let dataDir: string;
let sandbox: RunningSandbox;

const start = () =>
  startSandbox(
    loadConfig({ DATABASE_URL: db.url, PORT: "0", HANDOFF_DATA_DIR: dataDir }),
    createSilentLogger(),
  );

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "handoff-sandbox-e2e-"));
  sandbox = await start();
});
afterAll(async () => {
  await sandbox?.stop();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const url = (p: string) => new URL(p, sandbox.pageUrl).toString();
async function post(p: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url(`/sandbox/api/${p}`), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
async function screen(user: string, open: string, thread?: string): Promise<Screen> {
  const query = new URLSearchParams({ user, open, ...(thread ? { thread } : {}) });
  const res = await fetch(url(`/sandbox/api/screen?${query}`));
  expect(res.status).toBe(200);
  return (await res.json()) as Screen;
}
/** The screen once `ready` says it shows what the app has done by now. */
async function screenWhen(user: string, open: string, ready: (s: Screen) => boolean): Promise<Screen> {
  return vi.waitFor(
    async () => {
      const current = await screen(user, open);
      if (!ready(current)) throw new Error(`${user}'s screen is not ready yet`);
      return current;
    },
    { timeout: 5000, interval: 50 },
  );
}
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the page", () => {
  it("is served on the app's port, beside /slack/events and /healthz", async () => {
    const page = await fetch(sandbox.pageUrl);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain('<script type="module" src="/sandbox/app.js">');
    for (const asset of ["/sandbox/app.js", "/sandbox/page.css", "/sandbox/blocks.css"]) {
      expect((await fetch(url(asset))).status, asset).toBe(200);
    }
    expect((await fetch(url("/healthz"))).status).toBe(200);
    const commands = (await (await fetch(url("/sandbox/api/commands"))).json()) as {
      commands: Array<{ command: string }>;
    };
    expect(commands.commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(["/deal", "/pipeline", "/project", "/tasks", "/digest", "/handoff"]),
    );
  });

  it("shows each person the four channels and the app", async () => {
    const ana = await screen("U0ANA", "C0SALES");
    expect(ana.channels.map((c) => c.name)).toEqual(["delivery", "digest", "sales", "wins"]);
    expect(ana.people.map((p) => p.name)).toContain("Maya Chen");
    expect(ana.appDm.name).toBe("Handoff");
    expect(ana.empty).toBe(true);
  });
});

describe("doing things", () => {
  it("sends a slash command signed to the app; the answer is private to its person", async () => {
    expect((await post("send", { user: "U0ANA", channel: "C0SALES", text: "/deal help" })).status).toBe(200);
    await sandbox.handoff.settle();
    expect(text((await screen("U0ANA", "C0SALES")).pane.html)).toMatch(/\/deal new.*Only visible to you/);
    expect(text((await screen("U0BEN", "C0SALES")).pane.html)).not.toMatch(/\/deal new/);
  });

  it("escapes @people in command text as Slack does, so the app reads the owner", async () => {
    await post("send", {
      user: "U0ANA",
      channel: "C0SALES",
      text: "/deal new Globex pilot 20k @ben in 3 weeks",
    });
    const { modal } = await screenWhen("U0ANA", "C0SALES", (s) => s.modal !== null);
    expect(modal?.title).toBe("New deal");
    expect(modal?.html).toMatch(/<option value="U0BEN" selected/);
  });

  it("shows Slack's own required-field error next to the field, sending nothing", async () => {
    const modal = (await screen("U0ANA", "C0SALES")).modal!;
    const answer = await post("submit", { user: "U0ANA", viewId: modal.viewId, values: {} });
    expect(answer.status).toBe(200);
    const after = (await screen("U0ANA", "C0SALES")).modal!;
    expect(after.key).not.toBe(modal.key);
    expect(after.html).toMatch(/bk-error[^>]*>[^<]*required/);
    expect(await db.prisma.deal.count()).toBe(0);
  });

  it("keeps what was typed when Slack's own check stops the submit", async () => {
    const modal = (await screen("U0ANA", "C0SALES")).modal!;
    const typed = {
      deal_name: { value: "Globex pilot" },
      deal_company: { value: "" },
      deal_amount: { value: "21k" },
      deal_next_step: { value: "Send the security questionnaire" },
      deal_contacts: { value: "Hank Scorpio, CEO" },
    };
    expect((await post("submit", { user: "U0ANA", viewId: modal.viewId, values: typed })).status).toBe(200);
    const after = (await screen("U0ANA", "C0SALES")).modal!;
    expect(after.html).toMatch(/bk-error[^>]*>[^<]*required/);
    for (const value of ["21k", "Send the security questionnaire", "Hank Scorpio, CEO"]) {
      expect(after.html, value).toContain(value);
    }
    expect(await db.prisma.deal.count()).toBe(0);
  });

  it("submits the modal by block and action id; the card appears in #sales", async () => {
    const modal = (await screen("U0ANA", "C0SALES")).modal!;
    const company = /data-block-id="([^"]*company[^"]*)"[^>]*data-action-id="([^"]+)"/.exec(modal.html);
    expect(company).not.toBeNull();
    const answer = await post("submit", {
      user: "U0ANA",
      viewId: modal.viewId,
      values: { [company![1]!]: { [company![2]!]: "Globex" } },
    });
    expect(answer).toEqual({ status: 200, body: { ok: true } });
    await sandbox.handoff.settle();
    const sales = await screen("U0ANA", "C0SALES");
    expect(sales.modal).toBeNull();
    expect(text(sales.pane.html)).toContain("D-1 · Globex pilot");
    expect((await db.prisma.deal.findFirstOrThrow()).ownerId).toBe("U0BEN");
  });

  it("uses a select in a message by block and action id", async () => {
    const card = sandbox.emulator.messages("C0SALES")[0]!;
    const select = JSON.stringify(card.blocks).match(
      /"block_id":"([^"]+)","elements":\[\{"type":"static_select","action_id":"([^"]+)"/,
    );
    expect(select).not.toBeNull();
    const demo = (await db.prisma.stage.findFirstOrThrow({ where: { key: "demo" } })).id;
    const answer = await post("action", {
      user: "U0BEN",
      surface: { kind: "message", channel: "C0SALES", ts: card.ts },
      blockId: select![1],
      actionId: select![2],
      value: String(demo),
    });
    expect(answer).toEqual({ status: 200, body: { ok: true } });
    await sandbox.handoff.settle();
    expect((await db.prisma.deal.findFirstOrThrow({ include: { stage: true } })).stage.key).toBe("demo");
  });

  it("tells the person, not the app, about a command that does not exist", async () => {
    const answer = await post("send", { user: "U0ANA", channel: "C0SALES", text: "/dael list" });
    expect(answer.body.notice).toMatch(/\/dael is not a valid command/);
  });

  it("refuses bad requests with a specific message and changes nothing", async () => {
    expect((await post("send", "{not json")).status).toBe(400);
    const missing = await post("send", { user: "U0ANA", channel: "C0SALES" });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/text/);
    const stale = await post("submit", { user: "U0ANA", viewId: "V_GONE", values: {} });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/no modal open|no longer open/);
    const nowhere = await post("action", {
      user: "U0ANA",
      surface: { kind: "message", channel: "C0SALES", ts: "1.000001" },
      blockId: "x",
      actionId: "y",
    });
    expect(nowhere.status).toBe(409);
    expect((await fetch(url("/sandbox/api/screen?user=U0NOBODY"))).status).toBe(404);
  });

  it("streams every change to open pages", async () => {
    const controller = new AbortController();
    const res = await fetch(url("/sandbox/api/events"), { signal: controller.signal });
    const reader = res.body!.getReader();
    await post("send", { user: "U0MAYA", channel: "C0DIGEST", text: "hello team" });
    let received = "";
    while (!received.includes("event: change")) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(received).toMatch(/event: change\ndata: \{"type":"message_posted","channel":"C0DIGEST"/);
  });
});

describe("only the sandbox's own page may use it", () => {
  /** A raw request, so Host, Origin and Sec-Fetch-Site are exactly what a browser would send. */
  function raw(
    method: "GET" | "POST",
    p: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<{ status: number; body: string }> {
    const { port } = new URL(sandbox.pageUrl);
    return new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: Number(port), method, path: p, headers }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end(body);
    });
  }
  const self = () => new URL(sandbox.pageUrl).host;
  const hello = (text: string) => JSON.stringify({ user: "U0MAYA", channel: "C0DIGEST", text });
  const posted = (text: string) => sandbox.emulator.messages("C0DIGEST").some((m) => m.text === text);

  it("listens on 127.0.0.1 only", () => {
    expect(sandbox.handoff.host).toBe("127.0.0.1");
  });

  it.each([
    ["a text/plain POST (what a form or no-cors fetch sends)", { "content-type": "text/plain" }, 415],
    [
      "a POST from another web page (Origin)",
      { "content-type": "application/json", origin: "https://evil.example" },
      403,
    ],
    [
      "a POST marked cross-site by the browser",
      { "content-type": "application/json", "sec-fetch-site": "cross-site" },
      403,
    ],
    [
      "a POST from a sandboxed frame (Origin: null)",
      { "content-type": "application/json", origin: "null" },
      403,
    ],
    [
      "a POST through a rebound DNS name (Host is not loopback)",
      { "content-type": "application/json", host: "evil.example:80", origin: "http://evil.example:80" },
      403,
    ],
  ])("refuses %s and does nothing", async (_name, headers, status) => {
    const text = `forged ${status} ${JSON.stringify(headers)}`;
    const answer = await raw("POST", "/sandbox/api/send", headers, hello(text));
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body).ok).toBe(false);
    await sandbox.handoff.settle();
    expect(posted(text)).toBe(false);
  });

  it("refuses to show a screen to a rebound DNS name", async () => {
    const answer = await raw("GET", "/sandbox/api/screen?user=U0MAYA&open=C0DIGEST", {
      host: "evil.example",
    });
    expect(answer.status).toBe(403);
  });

  it("accepts the page's own JSON POST (what was refused above is the difference)", async () => {
    const text = "from the page itself";
    const answer = await raw(
      "POST",
      "/sandbox/api/send",
      {
        "content-type": "application/json",
        host: self(),
        origin: `http://${self()}`,
        "sec-fetch-site": "same-origin",
      },
      hello(text),
    );
    expect(answer.status).toBe(200);
    await sandbox.handoff.settle();
    expect(posted(text)).toBe(true);
  });
});

describe("demo data and restarts", () => {
  it("seeds a believable workspace through the app, once", { timeout: 120_000 }, async () => {
    // A workspace with deals already gets none.
    expect(await sandbox.seedDemo()).toMatch(/already has deals/);
    await sandbox.stop();
    await db.drop();
    db = await createTestDatabase();
    await rm(dataDir, { recursive: true, force: true });
    sandbox = await start();

    expect(await sandbox.seedDemo()).toMatch(/12 deals/);
    const deals = await db.prisma.deal.findMany({ include: { stage: true } });
    expect(deals).toHaveLength(12);
    expect(new Set(deals.map((d) => d.stage.key))).toEqual(
      new Set(["lead", "qualified", "demo", "proposal", "negotiation", "won", "lost"]),
    );
    // Made over the past weeks, not all today: some have gone quiet, the open ones close ahead.
    const daysAgo = (at: Date) => Math.floor((Date.now() - at.getTime()) / 86_400_000);
    const created = new Set(deals.map((d) => daysAgo(d.createdAt)));
    expect(created.size).toBeGreaterThanOrEqual(6);
    expect(Math.max(...created)).toBeGreaterThanOrEqual(21);
    expect(deals.filter((d) => daysAgo(d.lastActivityAt) >= 14).length).toBeGreaterThanOrEqual(2);
    const today = new Date().toISOString().slice(0, 10);
    for (const deal of deals.filter((d) => d.stage.kind === "OPEN")) {
      expect(deal.expectedCloseDate!.toISOString().slice(0, 10) >= today, deal.name).toBe(true);
    }
    const tasks = await db.prisma.task.findMany();
    expect(tasks.filter((t) => t.status === "DONE")).toHaveLength(8);
    expect(tasks.filter((t) => t.status === "OPEN" && t.assigneeId !== null).length).toBeGreaterThan(0);
    const delivery = await screen("U0DEV", "C0DELIVERY");
    expect(text(delivery.pane.html)).toContain("8/17");
    expect(await db.prisma.leadSource.count()).toBe(1);
    const sales = await screen("U0ADMIN", "C0SALES");
    expect(text(sales.pane.html)).toMatch(/hooks\/leads\/hlh_[A-Za-z0-9_-]{43}/);
  });

  it("makes a read-write API token; the page's API panel lists curl commands that work", async () => {
    const panel = (await (await fetch(url("/sandbox/api/api-token"))).json()) as {
      token: string;
      curls: string[];
    };
    expect(panel.token).toMatch(/^hnd_/);
    expect(panel.curls.join("\n")).toContain(`Authorization: Bearer ${panel.token}`);
    // The first curl, as a terminal would send it.
    const [, header, address] = /-H "([^"]+)" "([^"]+)"/.exec(panel.curls[0]!)!;
    const [name, value] = header!.split(": ");
    const listed = await fetch(address!, { headers: { [name!]: value! } });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: unknown[] }).data).toHaveLength(5);
    const stored = await db.prisma.apiToken.findFirstOrThrow();
    expect(stored).toMatchObject({ name: "Sandbox demo", access: "READ_WRITE", createdById: "U0ADMIN" });
  });

  it("keeps the Slack side across a restart, so cards still update in place", async () => {
    const before = sandbox.emulator.messages("C0SALES").length;
    const everything = sandbox.emulator.snapshot().messages.C0SALES!.length;
    await sandbox.stop();
    const saved = JSON.parse(await readFile(path.join(dataDir, "sandbox-slack.json"), "utf8")) as {
      messages: Record<string, unknown[]>;
    };
    expect(saved.messages.C0SALES).toHaveLength(everything);

    sandbox = await start();
    expect(sandbox.emulator.messages("C0SALES")).toHaveLength(before);
    const panel = (await (await fetch(url("/sandbox/api/api-token"))).json()) as { curls: string[] };
    expect(panel.curls).not.toHaveLength(0); // the demo's token outlives the restart
    await post("send", { user: "U0BEN", channel: "C0SALES", text: "/deal move D-10 qualified" });
    await sandbox.handoff.settle();
    const card = sandbox.emulator.messages("C0SALES").find((m) => /D-10 · Tyrell/.test(m.text));
    expect(card?.edited).toBeDefined();
    expect(JSON.stringify(card?.blocks)).toContain("Qualified");
    expect(sandbox.emulator.messages("C0SALES")).toHaveLength(before);
  });
});
