import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hasChromium,
  openSandboxInBrowser,
  POLL,
  type SandboxInBrowser,
  sandboxPageHelpers,
} from "../support/sandbox-page.ts";

/**
 * The sandbox as a person uses it, in a real (headless) Chromium: a rep creates a deal through
 * the modal, moves it and wins it; a delivery person claims and finishes a task in the project
 * thread; a manager reads the digest. Every screen visited is checked for raw JSON and
 * unrendered blocks. The README's screenshot is taken from this run.
 */

/** The README's picture is retaken only when asked: a test run leaves tracked files alone. */
const screenshotPath = (scratch: string) =>
  process.env.UPDATE_SCREENSHOT ? path.resolve("docs/sandbox.png") : path.join(scratch, "sandbox.png");

describe.skipIf(!hasChromium)("the sandbox in a browser", () => {
  let opened: SandboxInBrowser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    opened = await openSandboxInBrowser();
    ({ page, pageErrors } = opened);
  });

  afterAll(async () => {
    await opened?.close();
  });

  const { channel, composer, modal, messages, modalInput, shows, gone, none, viewAs, type } =
    sandboxPageHelpers(() => page);
  // The channel's deal card, not the private copy the rep got when creating it.
  const dealCard = () =>
    page.locator("#pane-body .msg:not(.ephemeral)").filter({ hasText: "D-1 · Initech rollout" });

  /** Nothing on screen is raw JSON or a block the page could not draw. */
  async function expectOnlyRenderedBlocks() {
    await none(page.locator(".bk-unknown"));
    const text = await page.locator("body").innerText();
    expect(text).not.toMatch(/\{\s*"(type|blocks|text|elements)"\s*:/);
    expect(text).not.toMatch(/\[object Object\]|undefined|NaN/);
  }

  it("shows the workspace: channels, people, the app, and says it is a sandbox", async () => {
    await shows(page.locator(".sandbox-badge"), "Sandbox");
    for (const name of ["sales", "wins", "delivery", "digest"]) await shows(channel(name));
    const people = await page.locator("#person-select option").allTextContents();
    expect(people.join("|")).toMatch(/Ana Ruiz.*Ben Okafor.*Maya Chen.*Dev Patel.*Lena Vogel.*Sam Admin/);
    await shows(page.locator("#demo-button"));
  });

  it("a rep creates a deal through the New deal modal", async () => {
    await viewAs("Ana Ruiz");
    await channel("sales").click();
    await composer().fill("/de");
    await shows(page.locator("#command-hints"), "/deal");
    await type("/deal new Initech rollout 48k in 3 weeks");

    await shows(modal().locator("#modal-title"), "New deal");
    await expect
      .poll(() => modalInput("Deal name").locator("input").inputValue(), POLL)
      .toBe("Initech rollout");
    // Slack's client refuses an empty required field, next to it.
    await modal().locator("#modal-submit").click();
    await shows(modalInput("Company").locator(".bk-error"));
    await modalInput("Company").locator("input").fill("Initech");
    await modalInput("Contacts").locator("textarea").fill("Peter Gibbons, IT lead, peter@initech.example");
    await modal().locator("#modal-submit").click();
    await gone(page.locator("#modal-layer"));

    const card = dealCard();
    await shows(card);
    await shows(card, "$48,000");
    await shows(card.locator("button", { hasText: "Won" }));
    await expectOnlyRenderedBlocks();
  });

  it("moves the deal with the card's stage menu and with /deal move", async () => {
    const card = dealCard();
    await card.locator("select.bk-select").selectOption({ label: "Demo" });
    await shows(card.locator(".bk-field", { hasText: "Stage" }), "Demo");

    await type("/deal move D-1 proposal");
    await shows(card.locator(".bk-field", { hasText: "Stage" }), "Proposal");
    // The answer is private: an ephemeral only Ana sees.
    await shows(page.locator(".msg.ephemeral", { hasText: "Proposal" }).last(), "Only visible to you");
    await card.locator(".thread-link").click();
    await shows(page.locator("#thread-body"), "Demo → Proposal");
    await page.locator("#thread-close").click();
  });

  it("wins the deal through the handoff modal; the project opens in #delivery", async () => {
    const card = dealCard();
    await card.locator("button", { hasText: "Won" }).click();
    await shows(modal().locator("#modal-title"), "Deal won — handoff");
    await modalInput("Customer goals").locator("textarea").fill("Onboard 400 staff in six weeks");
    await modalInput("Commitments made").locator("textarea").fill("SSO on day one");
    await modalInput("Delivery lead").locator("select").selectOption({ label: "Dev Patel" });
    await modal().locator("#modal-submit").click();
    await gone(page.locator("#modal-layer"));
    await shows(card.locator(".bk-field", { hasText: "Stage" }), "Won");

    await channel("wins").click();
    await shows(messages().first(), "Initech");
    await expectOnlyRenderedBlocks();
  });

  it("a delivery person claims and finishes a task in the project thread", async () => {
    await viewAs("Lena Vogel");
    await channel("delivery").click();
    const parent = messages().filter({ hasText: "P-1 · Initech" }).first();
    await shows(parent, "0/17");
    await parent.locator(".thread-link").click();

    const thread = page.locator("#thread-body");
    const task = thread.locator(".msg").filter({ hasText: "Handoff call" }).first();
    await task.locator("button", { hasText: "Claim" }).click();
    await shows(task, "Lena Vogel");
    await task.locator("button", { hasText: "Mark done" }).click();
    await none(task.locator("button", { hasText: "Mark done" }));
    await shows(parent, "1/17");
    await expectOnlyRenderedBlocks();

    await viewAs("Dev Patel");
    await task.evaluate((element) => element.previousElementSibling?.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: screenshotPath(opened.dataDir) });
  });

  it("a manager reads the weekly digest", async () => {
    await viewAs("Maya Chen");
    await channel("digest").click();
    await type("/digest now");
    const digest = page.locator(".msg.ephemeral").filter({ hasText: "Pipeline" }).last();
    await shows(digest);
    await shows(digest, "Won");
    await expectOnlyRenderedBlocks();
  });

  it("opens App Home for the person looking, with its quick actions", async () => {
    await viewAs("Ben Okafor");
    await page.locator("#app-list button").click();
    await shows(page.locator("#app-tabs"));
    const home = page.locator('#pane-body [data-view-kind="home"]');
    await shows(home, "Hi @Ben Okafor");
    await home.locator("button", { hasText: "New deal" }).click();
    await shows(modal().locator("#modal-title"), "New deal");
    await page.locator("#modal-cancel").click();
    await gone(page.locator("#modal-layer"));
    await expectOnlyRenderedBlocks();
    expect(pageErrors).toEqual([]);
  });

  /** Whether what is drawn at the middle of `locator` is that element (or inside it), not something over it. */
  const onTop = (locator: Locator) =>
    locator.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const hit = element.ownerDocument.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit !== null && element.contains(hit);
    });

  it("keeps the Send button clear of the notices it shows", async () => {
    await viewAs("Ana Ruiz");
    await channel("sales").click();
    await type("/dael list");
    await shows(page.locator("#toasts .toast"), "/dael is not a valid command");
    expect(await onTop(page.locator("#composer .send-button"))).toBe(true);
  });

  it("works on a phone-sized window, as Slack's own client does", async () => {
    const width = 390;
    await page.setViewportSize({ width, height: 844 });
    const overflow = () =>
      page.locator("html").evaluate((root) => ({
        page: root.scrollWidth,
        topbar: Math.max(
          ...[...root.querySelectorAll(".topbar > *")].map((e) => e.getBoundingClientRect().right),
        ),
      }));
    expect(await overflow()).toEqual({ page: width, topbar: expect.any(Number) });
    expect((await overflow()).topbar).toBeLessThanOrEqual(width);
    // The conversation gets the width; the channel list is one tap away.
    expect((await page.locator("#pane").boundingBox())!.width).toBe(width);
    await page.locator("#sidebar-toggle").click();
    await channel("delivery").click();
    await shows(page.locator("#pane-title"), "#delivery");
    expect(await onTop(page.locator("#composer-input"))).toBe(true);
    // A thread opens over the conversation, full width, and closes back to it.
    await messages().filter({ hasText: "P-1 · Initech" }).first().locator(".thread-link").click();
    await shows(page.locator("#thread-body"), "Handoff call");
    expect(await page.locator("#thread").boundingBox()).toMatchObject({ x: 0, width });
    expect(await onTop(page.locator("#thread-input"))).toBe(true);
    await page.locator("#thread-close").click();
    await gone(page.locator("#thread"));
    expect(await onTop(page.locator("#composer-input"))).toBe(true);
    // A modal fits too.
    await type("/deal new Phone deal 5k");
    await shows(modal().locator("#modal-title"), "New deal");
    expect((await modal().boundingBox())!.width).toBeLessThanOrEqual(width);
    expect(await onTop(modal().locator("#modal-submit"))).toBe(true);
    await page.locator("#modal-cancel").click();
    await gone(page.locator("#modal-layer"));
    await expectOnlyRenderedBlocks();
    expect(pageErrors).toEqual([]);
  });
});
