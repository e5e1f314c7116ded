import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { createSilentLogger } from "../../src/lib/logger.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/start-sandbox.ts";
import type { Screen } from "../../src/sandbox/web/screen.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

/**
 * Files in the sandbox as its page uses them over HTTP: a file attached to a modal stays
 * attached when the modal comes back with errors, and attached or shared files still download
 * after a restart on the same data dir.
 */
let db: TestDatabase;
let dataDir: string;
let sandbox: RunningSandbox;

const ADMIN = "U0ADMIN";
const SALES = "C0SALES";
const HUBSPOT_CSV = path.resolve("test/fixtures/import/hubspot-deals.csv");

const start = () =>
  startSandbox(
    loadConfig({ DATABASE_URL: db.url, PORT: "0", HANDOFF_DATA_DIR: dataDir }),
    createSilentLogger(),
  );

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "handoff-sandbox-files-"));
  sandbox = await start();
});
afterAll(async () => {
  await sandbox?.stop();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const url = (p: string) => new URL(p, sandbox.pageUrl).toString();
async function post(p: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url(`/sandbox/api/${p}`), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, p).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}
/** What the page does when a person attaches a file: its bytes, as theirs; the file's id. */
async function upload(name: string, content: Buffer | string): Promise<string> {
  const query = new URLSearchParams({ user: ADMIN, name });
  const res = await fetch(url(`/sandbox/api/upload?${query}`), {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: content,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { file: { id: string } }).file.id;
}
async function screen(open: string): Promise<Screen> {
  const res = await fetch(url(`/sandbox/api/screen?${new URLSearchParams({ user: ADMIN, open })}`));
  return (await res.json()) as Screen;
}
async function screenWhen(open: string, ready: (s: Screen) => boolean): Promise<Screen> {
  return vi.waitFor(
    async () => {
      const current = await screen(open);
      if (!ready(current)) throw new Error("the screen is not ready yet");
      return current;
    },
    { timeout: 10_000, interval: 50 },
  );
}
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const fileField = (ids: string[] | null) => ({ import_file: { value: ids } });

describe("a file attached to the import modal", () => {
  it("stays attached when the modal comes back with an error, and goes in again until removed", async () => {
    await post("send", { user: ADMIN, channel: SALES, text: "/handoff import" });
    const opened = (await screenWhen(SALES, (s) => s.modal?.title === "Import deals")).modal!;
    const wrongType = await upload("deals.xlsx", "not a spreadsheet");

    await post("submit", { user: ADMIN, viewId: opened.viewId, values: fileField([wrongType]) });
    const refused = (await screenWhen(SALES, (s) => s.modal?.key !== opened.key)).modal!;
    expect(text(refused.html)).toContain("takes csv files, not deals.xlsx");
    // The attached file is drawn beside the picker, with its id for the next submit.
    expect(refused.html).toContain(
      `data-file-id="${wrongType}"><span class="bk-file-name">deals.xlsx</span>`,
    );
    expect(refused.html).toMatch(/data-remove-file/);

    // Submitted again as it is, the same file is checked again (not "required").
    await post("submit", { user: ADMIN, viewId: opened.viewId, values: fileField([wrongType]) });
    expect(text((await screen(SALES)).modal!.html)).toContain("not deals.xlsx");
    // Removed, the field is empty again.
    await post("submit", { user: ADMIN, viewId: opened.viewId, values: fileField(null) });
    const emptied = (await screen(SALES)).modal!;
    expect(text(emptied.html)).toContain("CSV file&quot; is required");
    expect(emptied.html).not.toContain(`data-file-id="${wrongType}"`);

    const csv = await upload("hubspot-deals.csv", await readFile(HUBSPOT_CSV));
    await post("submit", { user: ADMIN, viewId: opened.viewId, values: fileField([csv]) });
    const dm = await screenWhen("dm", (s) => s.modal === null && /6 rows read/.test(text(s.pane.html)));
    expect(text(dm.pane.html)).toContain("hubspot-deals.csv (HubSpot deals export): 6 rows read.");
    const dmId = sandbox.emulator.dmChannelId(ADMIN)!;
    const preview = sandbox.emulator.messages(dmId).at(-1)!;
    await sandbox.driver.clickButton(ADMIN, { channelId: dmId, ts: preview.ts }, "Import");
    await vi.waitFor(async () => expect(await db.prisma.deal.count()).toBeGreaterThan(0), {
      timeout: 10_000,
    });
  });
});

describe("files across a restart", () => {
  it("downloads an attached file and an exported one from their links after a restart", async () => {
    await post("send", { user: ADMIN, channel: SALES, text: "/deal new Globex pilot 20k" });
    await screenWhen(SALES, (s) => s.modal?.title === "New deal");
    await sandbox.driver.submitView(ADMIN, { Company: "Globex" });
    await sandbox.handoff.settle();
    await post("send", { user: ADMIN, channel: SALES, text: "/deal export all" });
    const dm = await screenWhen("dm", (s) => /data-file-id="F[^"]+"[\s\S]*\.csv/.test(s.pane.html));
    const exported = [...dm.pane.html.matchAll(/href="(\/sandbox\/files\/F[A-Z0-9]+)"/g)].map((m) => m[1]!);
    expect(exported).toHaveLength(1);
    const attached = await upload("attached.csv", await readFile(HUBSPOT_CSV));
    const links = [...exported, `/sandbox/files/${attached}`];
    const before = await Promise.all(links.map(async (link) => (await fetch(url(link))).text()));
    expect(before[0]).toContain("Globex pilot");

    await sandbox.stop();
    sandbox = await start();

    const after = await screen("dm");
    for (const link of exported) expect(after.pane.html).toContain(`href="${link}"`);
    for (const [index, link] of links.entries()) {
      const res = await fetch(url(link));
      expect(res.status, link).toBe(200);
      expect(await res.text()).toBe(before[index]);
    }
    // Slack serves it to the app again too (what the import downloads).
    expect(sandbox.emulator.fileContent(attached)).toEqual(await readFile(HUBSPOT_CSV));
  });
});
