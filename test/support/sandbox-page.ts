import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { createSilentLogger } from "../../src/lib/logger.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/start-sandbox.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

/**
 * The sandbox page in a real (headless) Chromium, and the few moves a person makes on it, for the
 * browser tests: switch who is looking, type in the composer, wait until something is on screen.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  process.stderr.write(
    `\n  Browser tests SKIPPED: no Chromium at ${CHROMIUM}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).\n\n`,
  );
}

export interface SandboxInBrowser {
  readonly sandbox: RunningSandbox;
  readonly page: Page;
  /** Where the sandbox keeps its files; removed by close(). */
  readonly dataDir: string;
  /** Uncaught errors of the page's own script. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/** A fresh database and sandbox (no state file), its page open and ready at desktop size. */
export async function openSandboxInBrowser(): Promise<SandboxInBrowser> {
  const opened: { db?: TestDatabase; dataDir?: string; sandbox?: RunningSandbox; browser?: Browser } = {};
  const close = async () => {
    await opened.browser?.close();
    await opened.sandbox?.stop();
    await opened.db?.drop();
    if (opened.dataDir) await rm(opened.dataDir, { recursive: true, force: true });
  };
  try {
    opened.db = await createTestDatabase();
    opened.dataDir = await mkdtemp(path.join(tmpdir(), "handoff-sandbox-"));
    const config = loadConfig({ DATABASE_URL: opened.db.url, PORT: "0", HANDOFF_DATA_DIR: opened.dataDir });
    opened.sandbox = await startSandbox(config, createSilentLogger(), { stateFile: false });
    opened.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    const page = await opened.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(opened.sandbox.pageUrl);
    await page.waitForSelector("body[data-ready]");
    return { sandbox: opened.sandbox, page, dataDir: opened.dataDir, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

// playwright-core has no web-first assertions: wait for the element, then poll its text.
export const POLL = { timeout: 15_000, interval: 100 } as const;

/**
 * What a person does and sees on the page. `page` is read at each call, so the helpers can be
 * made before the browser opens (in a describe block, with the page set in beforeAll).
 */
export function sandboxPageHelpers(page: () => Page) {
  const composer = () => page().locator("#composer-input");
  const modal = () => page().locator("#modal");

  /** The visible element, and (when given) its text containing or matching `text`. */
  async function shows(locator: Locator, text?: string | RegExp) {
    await locator.waitFor({ state: "visible", timeout: POLL.timeout });
    if (text === undefined) return;
    const read = () => locator.innerText();
    if (typeof text === "string") await expect.poll(read, POLL).toContain(text);
    else await expect.poll(read, POLL).toMatch(text);
  }

  return {
    composer,
    modal,
    shows,
    channel: (name: string) => page().locator("#channel-list button", { hasText: `# ${name}` }),
    messages: () => page().locator("#pane-body .msg"),
    /** The input group of the open modal labelled `label`. */
    modalInput: (label: string) =>
      modal()
        .locator(".bk-input")
        .filter({ has: page().locator(".bk-label", { hasText: label }) }),
    gone: (locator: Locator) => locator.waitFor({ state: "hidden", timeout: POLL.timeout }),
    none: (locator: Locator) => expect.poll(() => locator.count(), POLL).toBe(0),

    /** Looks at the workspace as `name`, once their screen has arrived (not just the switch). */
    async viewAs(name: string) {
      const select = page().locator("#person-select");
      const value = await select.locator("option", { hasText: name }).getAttribute("value");
      await select.selectOption(value!);
      await page().waitForSelector(`body[data-viewer="${value}"]`);
    },

    /** Types `text` in the composer and sends it. */
    async type(text: string) {
      await composer().fill(text);
      await composer().press("Enter");
    },
  };
}
