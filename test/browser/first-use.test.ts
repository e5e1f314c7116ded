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
 * What people meet in their first hour, walked on the sandbox page in a real (headless)
 * Chromium: a bare word that fits several deals is a question, not someone else's deal; Claim
 * on `/tasks open` answers in the list itself; the template editor adds, edits and removes one
 * task at a time; Edit stages keeps a refused number where it was typed.
 */

describe.skipIf(!hasChromium)("first use of the sandbox in a browser", () => {
  let opened: SandboxInBrowser;
  let page: Page;

  beforeAll(async () => {
    opened = await openSandboxInBrowser();
    page = opened.page;
  });

  afterAll(async () => {
    await opened?.close();
  });

  const { channel, modal, modalInput, shows, gone, none, viewAs, type } = sandboxPageHelpers(() => page);
  const modalLayer = () => page.locator("#modal-layer");
  /** The newest private answer (only the person looking sees it) that contains `text`. */
  const privateAnswer = (text: string) => page.locator(".msg.ephemeral").filter({ hasText: text }).last();
  /** A deal's card as posted in the channel, not the private copy its rep got. */
  const channelCard = (title: string) =>
    page.locator("#pane-body .msg:not(.ephemeral)").filter({ hasText: title });
  const button = (within: Locator, label: string) => within.locator("button.bk-button", { hasText: label });

  async function newDeal(person: string, typed: string, company: string) {
    await viewAs(person);
    await channel("sales").click();
    await type(`/deal new ${typed}`);
    await shows(modal().locator("#modal-title"), "New deal");
    await modalInput("Company").locator("input").fill(company);
    await modal().locator("#modal-submit").click();
    await gone(modalLayer());
  }

  it("a bare word that fits several deals answers with them, the asker's own first, and opens none", async () => {
    await newDeal("Ben Okafor", "Acme pilot 20k", "Acme");
    await shows(channelCard("D-1 · Acme pilot"));
    await newDeal("Ana Ruiz", "Acme renewal 12k in 2 weeks", "Acme");
    await shows(channelCard("D-2 · Acme renewal"));

    await type("/deal acme");
    const answer = privateAnswer("which one?");
    await shows(answer, "“acme” matches 2 deals — which one?");
    await shows(answer, "Only visible to you");
    const rows = answer.locator(".bk-section").filter({ has: page.locator("button", { hasText: "Open" }) });
    await expect
      .poll(() => rows.allInnerTexts(), POLL)
      .toEqual([
        expect.stringMatching(/^D-2 Acme renewal — Acme · \$12,000 · .* · @Ana Ruiz/),
        expect.stringMatching(/^D-1 Acme pilot — Acme · \$20,000 · .* · @Ben Okafor/),
      ]);
    await shows(answer, "e.g. /deal D-2");
    // A question, not Ben's deal: his card (with its Won button) was not shown to her.
    await none(button(answer, "Won"));
    await none(page.locator(".msg.ephemeral").filter({ hasText: "D-1 · Acme pilot" }));

    // Open on her own row shows her card, privately.
    await button(rows.first(), "Open").click();
    const card = page.locator(".msg.ephemeral").filter({ has: page.locator("button", { hasText: "Won" }) });
    await shows(card.last(), "D-2 · Acme renewal");
  });

  it("Claim on /tasks open answers in the list, which is redrawn without the task", async () => {
    // Ana wins her deal: its project's tasks open in #delivery.
    await channel("sales").click();
    await button(channelCard("D-2 · Acme renewal"), "Won").click();
    await shows(modal().locator("#modal-title"), "Deal won — handoff");
    await modalInput("Customer goals").locator("textarea").fill("Renew for two years");
    await modalInput("Commitments made").locator("textarea").fill("Same price as last year");
    await modalInput("Key contacts").locator("textarea").fill("Wile E. Coyote, buyer, wile@acme.example");
    await modalInput("Delivery lead").locator("select").selectOption({ label: "Dev Patel" });
    await modal().locator("#modal-submit").click();
    await gone(modalLayer());

    await viewAs("Lena Vogel");
    await channel("delivery").click();
    await shows(channelCard("P-1 · Acme"), "0/");
    await type("/tasks open");
    const list = () => page.locator(".msg.ephemeral").filter({ hasText: "Open tasks nobody has claimed" });
    await shows(list().last(), "Only visible to you");
    const claimable = list()
      .last()
      .locator(".bk-section")
      .filter({ has: page.locator("button", { hasText: "Claim" }) });
    const row = claimable.first();
    const ref = /^T-\d+/.exec(await row.innerText())![0];
    const title = /^T-\d+ (.+?) — /.exec(await row.innerText())![1]!;
    const listsBefore = await list().count();

    await button(row, "Claim").click();
    await shows(list().last(), `Claimed ${ref} ${title} — it is yours now`);
    // Redrawn where she clicked, not posted again; the task left the list, so it can't be claimed twice.
    expect(await list().count()).toBe(listsBefore);
    await none(
      list()
        .last()
        .locator(".bk-section", { hasText: new RegExp(`^${ref} `) }),
    );
    expect(await list().last().innerText()).not.toContain("already yours");

    // The project's thread says whose it is now.
    await channelCard("P-1 · Acme").locator(".thread-link").click();
    await shows(
      page
        .locator("#thread-body .msg")
        .filter({ hasText: `${ref} ` })
        .first(),
      "Lena Vogel",
    );
    await page.locator("#thread-close").click();
  });

  it("the template editor adds, edits and removes a task, with problems next to their fields", async () => {
    await viewAs("Sam Admin");
    await channel("delivery").click();
    await type("/handoff templates");
    const templates = privateAnswer("Onboarding templates");
    await shows(templates, "Only visible to you");
    await button(templates, "Edit").first().click();
    await shows(modal().locator("#modal-title"), "Edit template");
    await button(modal(), "Task by task").click();
    await shows(modal().locator("#modal-title"), "Template");
    await shows(modal(), "Version 1");

    const firstPhase = modal().locator(".bk-section").filter({ hasText: /^1\. / });
    await button(firstPhase, "Add task").click();
    await shows(modal().locator("#modal-title"), "Add task");
    await modalInput("Key").locator("input").fill("Security Review!");
    await modalInput("Title").locator("input").fill("Security review");
    await modalInput("Who usually does it").locator("input").fill("delivery lead");
    await modalInput("Due, days after kickoff").locator("input").fill("3");
    await modal().locator("#modal-submit").click();
    await shows(modalInput("Key").locator(".bk-error"), '"Security Review!" is not a valid key');
    await none(modalInput("Title").locator(".bk-error"));
    expect(await modalInput("Title").locator("input").inputValue()).toBe("Security review");

    await modalInput("Key").locator("input").fill("security-review");
    await modal().locator("#modal-submit").click();
    await shows(modal().locator("#modal-title"), "Template");
    await shows(modal(), "Added security-review — now version 2.");
    const taskRow = () => modal().locator('.bk-section[data-block-id="task:security-review"]');
    await shows(taskRow(), "security-review Security review — delivery lead · day +3");

    await taskRow().locator(".bk-overflow summary").click();
    await taskRow().locator(".bk-menu-item", { hasText: "Edit" }).click();
    await shows(modal().locator("#modal-title"), "Edit task");
    expect(await modalInput("Title").locator("input").inputValue()).toBe("Security review");
    await modalInput("Title").locator("input").fill("Security sign-off");
    await modal().locator("#modal-submit").click();
    await shows(modal(), "Saved security-review — now version 3.");
    await shows(taskRow(), "security-review Security sign-off — delivery lead · day +3");

    await taskRow().locator(".bk-overflow summary").click();
    await taskRow().locator(".bk-menu-item", { hasText: "Remove" }).click();
    await shows(modal(), "Removed security-review — now version 4.");
    await none(taskRow());
    await page.locator("#modal-cancel").click();
    await gone(modalLayer());
  });

  it("Edit stages keeps a refused probability where it was typed, beside its error", async () => {
    await type("/handoff stages");
    const stages = privateAnswer("Pipeline stages");
    await shows(stages, "Demo — open · 40%");
    await button(stages, "Edit stages").click();
    await shows(modal().locator("#modal-title"), "Edit stages");
    const demo = modalInput("Demo — probability %");
    await demo.locator("input").fill("140");
    await modal().locator("#modal-submit").click();
    await shows(demo.locator(".bk-error"), "at most 100");
    expect(await demo.locator("input").inputValue()).toBe("140");

    await demo.locator("input").fill("45");
    await modal().locator("#modal-submit").click();
    await gone(modalLayer());
    const saved = privateAnswer("Saved 1 stage.");
    await shows(saved, "Demo — open · 45%");
    expect(opened.pageErrors).toEqual([]);
  });
});
