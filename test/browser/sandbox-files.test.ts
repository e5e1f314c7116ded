import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { createSilentLogger } from "../../src/lib/logger.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/start-sandbox.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

/**
 * Files on the sandbox page, in a real (headless) Chromium: an admin attaches a CSV in the
 * import modal and gets the preview in their DM; the deals export arrives in the DM as a file
 * the page lets them download.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const HUBSPOT_CSV = path.resolve("test/fixtures/import/hubspot-deals.csv");

if (!hasChromium) {
  process.stderr.write(
    `\n  Browser tests SKIPPED: no Chromium at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).\n\n`,
  );
}

describe.skipIf(!hasChromium)("files on the sandbox page", () => {
  let db: TestDatabase;
  let dataDir: string;
  let sandbox: RunningSandbox;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), "handoff-sandbox-"));
    const config = loadConfig({ DATABASE_URL: db.url, PORT: "0", HANDOFF_DATA_DIR: dataDir });
    sandbox = await startSandbox(config, createSilentLogger(), { stateFile: false });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(sandbox.pageUrl);
    await page.waitForSelector("body[data-ready]");
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const modal = () => page.locator("#modal");
  const composer = () => page.locator("#composer-input");
  const dm = () => page.locator("#pane-body");

  const POLL = { timeout: 15_000, interval: 100 };
  async function shows(locator: Locator, text?: string) {
    await locator.waitFor({ state: "visible", timeout: POLL.timeout });
    if (text !== undefined) await expect.poll(() => locator.innerText(), POLL).toContain(text);
  }

  async function type(text: string) {
    await composer().fill(text);
    await composer().press("Enter");
  }

  async function openDm() {
    await page.locator("#app-list button").click();
    await page.locator('#app-tabs button[data-tab="messages"]').click();
    await page.waitForSelector("#composer:not([hidden])");
  }

  it("an admin's refused file stays attached through the error until removed; the CSV gives the preview", async () => {
    const select = page.locator("#person-select");
    const sam = await select.locator("option", { hasText: "Sam Admin" }).getAttribute("value");
    await select.selectOption(sam!);
    await page.waitForSelector(`body[data-viewer="${sam}"]`);
    await page.locator("#channel-list button", { hasText: "# sales" }).click();
    await type("/handoff import");
    await shows(modal().locator("#modal-title"), "Import deals");

    const picker = modal().locator('input[type="file"]');
    expect(await picker.getAttribute("accept")).toBe(".csv");
    const submit = async () => {
      const answered = page.waitForResponse((r) => r.url().endsWith("/sandbox/api/submit"));
      await modal().locator("#modal-submit").click();
      await answered;
    };
    const error = () => modal().locator(".bk-error");
    const attached = () => modal().locator(".bk-attached-file");

    // The wrong file: Slack refuses it beside the field, and keeps it attached there.
    await picker.setInputFiles({
      name: "deals.xlsx",
      mimeType: "application/zip",
      buffer: Buffer.from("PK"),
    });
    await submit();
    await shows(error(), "takes csv files, not deals.xlsx");
    await shows(attached(), "deals.xlsx");
    // Submitted again without choosing anything, the same file goes in again.
    await submit();
    expect(sandbox.emulator.openModal(sam!)?.errors?.import_file).toContain("not deals.xlsx");
    await shows(attached(), "deals.xlsx");
    // Removed, nothing is attached any more.
    await attached().locator("button", { hasText: "Remove" }).click();
    expect(await attached().count()).toBe(0);
    await submit();
    await shows(error(), "is required");

    await picker.setInputFiles(HUBSPOT_CSV);
    await modal().locator("#modal-submit").click();
    await page.locator("#modal-layer").waitFor({ state: "hidden", timeout: POLL.timeout });

    await openDm();
    const preview = dm().locator(".msg").filter({ hasText: "HubSpot deals export" }).last();
    await shows(preview, "hubspot-deals.csv (HubSpot deals export): 6 rows read.");
    await preview.locator("button", { hasText: "Import" }).click();
    await expect.poll(() => preview.locator("button").count(), POLL).toBe(0);
  });

  it("the deals export arrives in the DM as a CSV the page downloads", async () => {
    await type("/deal export all");
    const file = dm().locator(".bk-file").filter({ hasText: ".csv" }).last();
    await shows(file, "CSV");
    const href = await file.locator("a").getAttribute("href");
    expect(href).toMatch(/^\/sandbox\/files\/F/);
    const content = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(content.replace(/^\uFEFF/, "")).toMatch(/^Reference,Name/);
    expect(content).toContain("Zürich Versicherung pilot");
    const unknown = await page.evaluate(async () => (await fetch("/sandbox/files/F0NOPE")).status);
    expect(unknown).toBe(404);
    expect(pageErrors).toEqual([]);
  });

  it("takes uploads only as the page sends them: raw bytes, from its own origin", async () => {
    const before = sandbox.emulator.files().length;
    const upload = (headers: Record<string, string>) =>
      fetch(new URL("/sandbox/api/upload?user=U0ADMIN&name=forged.csv", sandbox.pageUrl), {
        method: "POST",
        headers,
        body: "Name\nForged\n",
      });
    expect((await upload({ "content-type": "text/plain" })).status).toBe(415);
    const foreign = { "content-type": "application/octet-stream", origin: "https://evil.example" };
    expect((await upload(foreign)).status).toBe(403);
    expect(sandbox.emulator.files()).toHaveLength(before);
  });
});
