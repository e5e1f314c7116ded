import { describe, expect, it } from "vitest";
import { winAnnouncement } from "../../../../../src/slack/views/delivery/win-announcement.ts";
import { expectNoRawTokens, expectValidMessage, hostile, makeDeal } from "../deal-fixtures.ts";
import { contextTexts, sectionTexts } from "../delivery-fixtures.ts";

describe("winAnnouncement", () => {
  it("announces company, amount, owner and days to close, and the project it became", () => {
    const view = winAnnouncement(makeDeal({ amount: "12500", currency: "EUR" }), {
      daysToClose: 23,
      projectNumber: 3,
    });
    expectValidMessage(view);
    expect(sectionTexts(view.blocks)).toEqual(["🎉 *Acme* won — €12,500 · <@U0ANA> · closed in 23 days"]);
    expect(contextTexts(view.blocks)).toEqual(["D-12 · Acme renewal · Handed over to delivery as *P-3*"]);
    expect(view.text).toBe("🎉 Acme won — €12,500 · closed in 23 days");
  });

  it("falls back to the deal's name without a company, and says nothing of a project it has none", () => {
    const view = winAnnouncement(makeDeal({ accountName: null, amount: null }), {
      daysToClose: 1,
      projectNumber: null,
    });
    expectValidMessage(view);
    expect(sectionTexts(view.blocks)).toEqual(["🎉 *Acme renewal* won — — · <@U0ANA> · closed in 1 day"]);
    expect(contextTexts(view.blocks)).toEqual(["D-12 · Acme renewal"]);
  });

  it("says a lead won before anyone took it had no owner, not the app's user", () => {
    const lead = makeDeal({ ownerId: "U0HANDOFF", awaitingOwner: true });
    const view = winAnnouncement(lead, { daysToClose: 2, projectNumber: null });
    expectValidMessage(view);
    expect(sectionTexts(view.blocks)).toEqual([
      "🎉 *Acme* won — $12,000 · _not taken yet_ · closed in 2 days",
    ]);
    expect(JSON.stringify(view)).not.toContain("U0HANDOFF");
  });

  it("escapes hostile names and stays valid", () => {
    const view = winAnnouncement(makeDeal({ name: hostile(5000), accountName: hostile(5000) }), {
      daysToClose: 0,
      projectNumber: 3,
    });
    expectValidMessage(view);
    expectNoRawTokens(view);
    expect(sectionTexts(view.blocks)[0]).toContain("closed the day it was opened");
  });
});
