import { describe, expect, it } from "vitest";
import {
  projectCardMessage,
  projectParentMessage,
} from "../../../../../src/slack/views/delivery/project-message.ts";
import { expectNoRawTokens, expectValidMessage, hostile } from "../deal-fixtures.ts";
import {
  allButtons,
  contextTexts,
  fieldTexts,
  header,
  makeProject,
  makeTasks,
  onTrackTasks,
  sectionTexts,
  TODAY,
} from "../delivery-fixtures.ts";

describe("projectParentMessage", () => {
  it("shows customer, deal, people, kickoff, progress and health, and points to the thread", () => {
    const view = projectParentMessage(makeProject({ tasks: onTrackTasks() }), { today: TODAY });
    expectValidMessage(view);
    expect(header(view.blocks)).toBe("P-3 · Acme onboarding");
    expect(fieldTexts(view.blocks)).toEqual([
      "*Customer*\nAcme",
      "*Deal*\nD-12",
      "*Sales owner*\n<@U0ANA>",
      "*Delivery lead*\n<@U0LEA>",
      "*Kickoff*\nWed 9 Dec",
      "*Progress*\n5/17 ▰▰▰▱▱▱▱▱▱▱",
      "*Status*\n🟢 On track",
    ]);
    expect(contextTexts(view.blocks)).toEqual(["Tasks are in the thread ↓"]);
    expect(allButtons(view.blocks)).toEqual([]);
    expect(view.text).toBe("P-3 · Acme onboarding — 5/17 · 🟢 On track");
  });

  it("says when nobody leads it yet, and when it has no deal", () => {
    const view = projectParentMessage(
      makeProject({ deliveryLeadId: null, dealId: null, dealNumber: null, salesOwnerId: null }),
      { today: TODAY },
    );
    expectValidMessage(view);
    expect(fieldTexts(view.blocks)).toEqual(
      expect.arrayContaining(["*Delivery lead*\n— nobody yet", "*Deal*\n— none", "*Sales owner*\n—"]),
    );
  });

  it("shows an overdue project as late and one with unowned work due soon as at risk", () => {
    const late = projectParentMessage(makeProject({ tasks: makeTasks(17, { done: 5 }) }), { today: TODAY });
    expect(fieldTexts(late.blocks)).toContain("*Status*\n🔴 Late");
    const soon = onTrackTasks();
    soon[5] = { ...soon[5]!, assigneeId: null, dueDate: "2026-12-03" };
    const atRisk = projectParentMessage(makeProject({ tasks: soon }), { today: TODAY });
    expect(fieldTexts(atRisk.blocks)).toContain("*Status*\n🟠 At risk");
  });

  it("says clearly when a project completed", () => {
    const project = makeProject({
      status: "completed",
      completedAt: new Date("2026-12-01T12:00:00Z"),
      tasks: makeTasks(17, { done: 17 }),
    });
    const view = projectParentMessage(project, { today: TODAY });
    expectValidMessage(view);
    expect(fieldTexts(view.blocks)).toContain("*Status*\n✅ Completed");
    expect(fieldTexts(view.blocks)).toContain("*Progress*\n17/17 ▰▰▰▰▰▰▰▰▰▰");
    expect(sectionTexts(view.blocks)).toEqual(["✅ *Completed on Tue 1 Dec*"]);
    expect(contextTexts(view.blocks)).toEqual([]);
  });

  it("stays valid and escaped for a 40-task project with hostile names", () => {
    const project = makeProject({
      name: hostile(5000),
      accountName: hostile(5000),
      tasks: makeTasks(40, { done: 7, title: () => hostile(5000) }),
    });
    const view = projectParentMessage(project, { today: TODAY });
    expectValidMessage(view);
    expectNoRawTokens(view);
    expect(header(view.blocks).length).toBeLessThanOrEqual(150);
  });
});

describe("projectCardMessage", () => {
  it("adds a link to the thread and the next five open tasks, soonest first", () => {
    const tasks = onTrackTasks();
    const view = projectCardMessage(makeProject({ tasks }), {
      today: TODAY,
      permalink: "https://acme.slack.com/archives/C0DELIVERY/p1764669600000100",
    });
    expectValidMessage(view);
    expect(header(view.blocks)).toBe("P-3 · Acme onboarding");
    const texts = sectionTexts(view.blocks);
    expect(texts[0]).toBe("<https://acme.slack.com/archives/C0DELIVERY/p1764669600000100|Open the thread →>");
    expect(texts[1]).toBe(
      [
        "*Next up*",
        "*T-6* Task number 6 — <@U0BEN> · due Thu 10 Dec",
        "*T-7* Task number 7 — Waiting on T-6 Task number 6 · due Sun 20 Dec",
        "*T-8* Task number 8 — Waiting on T-7 Task number 7 · due Sun 20 Dec",
        "*T-9* Task number 9 — Waiting on T-8 Task number 8 · due Sun 20 Dec",
        "*T-10* Task number 10 — Waiting on T-9 Task number 9 · due Sun 20 Dec",
      ].join("\n"),
    );
    expect(contextTexts(view.blocks)).toEqual(["and 7 more open tasks"]);
  });

  it("leaves out a link that isn't a plain https URL", () => {
    for (const permalink of ["javascript:alert(1)", "https://x.example|<!channel>", "https://a b"]) {
      const view = projectCardMessage(makeProject(), { today: TODAY, permalink });
      expectValidMessage(view);
      expect(sectionTexts(view.blocks).join("\n")).not.toContain("Open the thread");
    }
  });

  it("says every task is done for a completed project", () => {
    const view = projectCardMessage(
      makeProject({ status: "completed", completedAt: null, tasks: makeTasks(3, { done: 3 }) }),
      { today: TODAY },
    );
    expectValidMessage(view);
    expect(contextTexts(view.blocks)).toEqual(["Every task is done."]);
    expect(sectionTexts(view.blocks)).toEqual(["✅ *Completed*"]);
  });

  it("stays valid for 40 hostile tasks", () => {
    const view = projectCardMessage(makeProject({ tasks: makeTasks(40, { title: () => hostile(5000) }) }), {
      today: TODAY,
      permalink: "https://acme.slack.com/archives/C1/p1",
    });
    expectValidMessage(view);
    expectNoRawTokens(view);
  });
});
