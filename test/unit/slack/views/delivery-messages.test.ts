import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { ProjectAction } from "../../../../src/slack/ids.ts";
import {
  alreadyClaimedText,
  alreadyDoneText,
  handoffBrief,
  notAllowedText,
  projectCardMessage,
  projectCompletedDm,
  projectListMessage,
  projectParentMessage,
  waitingText,
  winAnnouncement,
} from "../../../../src/slack/views/delivery-messages.ts";
import {
  blocksOfType,
  expectNoRawTokens,
  expectValidMessage,
  hostile,
  makeDeal,
  mrkdwnTexts,
} from "./deal-fixtures.ts";
import {
  allButtons,
  dependency,
  makeProject,
  makeTask,
  makeTasks,
  TODAY,
  taskId,
} from "./delivery-fixtures.ts";

function header(blocks: KnownBlock[] | undefined): string {
  return blocksOfType(blocks, "header")[0]?.text.text ?? "";
}

function fieldTexts(blocks: KnownBlock[] | undefined): string[] {
  return blocksOfType(blocks, "section").flatMap((s) => (s.fields ?? []).map((f) => f.text));
}

function sectionTexts(blocks: KnownBlock[] | undefined): string[] {
  return blocksOfType(blocks, "section").flatMap((s) => (s.text ? [s.text.text] : []));
}

function contextTexts(blocks: KnownBlock[] | undefined): string[] {
  return mrkdwnTexts(blocksOfType(blocks, "context"));
}

/** 17 tasks, 5 done, all due ahead of today with the next one claimed: on track. */
function onTrackTasks() {
  const tasks = makeTasks(17, { done: 5, firstDue: "2026-11-25" });
  tasks[5] = { ...tasks[5]!, assigneeId: "U0BEN", dueDate: "2026-12-10" };
  return tasks.map((t, i) => (i > 5 ? { ...t, dueDate: "2026-12-20" } : t));
}

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

const NOTES = [
  { authorId: "U0ANA", body: "First call: they need SSO", at: new Date("2026-11-02T10:00:00Z") },
  { authorId: "U0BEN", body: "Budget approved\nSigned on Friday", at: new Date("2026-11-20T10:00:00Z") },
];

describe("handoffBrief", () => {
  it("gives goals, commitments, key contacts and the notes from sales, newest first", () => {
    const view = handoffBrief(makeProject(), { dealNotes: NOTES, today: TODAY });
    expectValidMessage(view);
    expect(contextTexts(view.blocks)).toEqual(["*Handoff brief* · from D-12 · sold by <@U0ANA>"]);
    expect(sectionTexts(view.blocks)).toEqual([
      "*Customer goals*\nGo live before the January sales kickoff.",
      "*Commitments made*\nSSO included; data import of two years of history.",
      "*Key contacts*\nJane Doe, CTO, jane@acme.example\nRaj Iyer, +44 20 7946 0000",
      "*Notes from sales*\n<@U0BEN> · Fri 20 Nov\n>Budget approved\n>Signed on Friday\n\n<@U0ANA> · Mon 2 Nov\n>First call: they need SSO",
    ]);
    expect(view.text).toBe("Handoff brief for P-3 · Acme onboarding");
  });

  it("says what wasn't given, and leaves out the notes when there are none", () => {
    const view = handoffBrief(makeProject({ goals: null, commitments: "  ", keyContacts: null }), {
      dealNotes: [],
    });
    expectValidMessage(view);
    expect(sectionTexts(view.blocks)).toEqual([
      "*Customer goals*\n_None given._",
      "*Commitments made*\n_None given._",
      "*Key contacts*\n_None given._",
    ]);
  });

  it("fits 5,000-character hostile fields and 200 long notes in one message, and counts the notes left out", () => {
    const notes = Array.from({ length: 200 }, (_, i) => ({
      authorId: i % 2 === 0 ? "U0ANA" : "<!channel>",
      body: hostile(3000),
      at: new Date(Date.UTC(2026, 9, 1) + i * 3_600_000),
    }));
    const project = makeProject({
      goals: hostile(5000),
      commitments: hostile(5000),
      keyContacts: hostile(5000),
    });
    const view = handoffBrief(project, { dealNotes: notes, today: TODAY });
    expectValidMessage(view);
    expectNoRawTokens(view);
    const shown =
      sectionTexts(view.blocks)
        .join("\n")
        .match(/^<@U0ANA> · |^&lt;!channel&gt; · /gm) ?? [];
    expect(shown.length).toBeGreaterThan(0);
    expect(contextTexts(view.blocks)).toContain(`and ${200 - shown.length} more notes on D-12`);
    // Every long field still shows its start, cut with an ellipsis.
    for (const label of ["Customer goals", "Commitments made", "Key contacts"]) {
      const text = sectionTexts(view.blocks).find((t) => t.startsWith(`*${label}*\n`));
      expect(text).toMatch(/…$/);
      expect(text!.length).toBeGreaterThan(500);
    }
  });

  it("still fits when the text is all quotes and backslashes, which JSON doubles", () => {
    const worst = '"\\'.repeat(2500);
    const notes = Array.from({ length: 50 }, (_, i) => ({
      authorId: "U0ANA",
      body: worst,
      at: new Date(Date.UTC(2026, 9, 1) + i * 3_600_000),
    }));
    const view = handoffBrief(makeProject({ goals: worst, commitments: worst, keyContacts: worst }), {
      dealNotes: notes,
    });
    expectValidMessage(view);
    expect(sectionTexts(view.blocks).some((t) => t.startsWith("*Notes from sales*\n<@U0ANA>"))).toBe(true);
  });

  it("shows every one of a few short notes without an 'and more' line", () => {
    const notes = Array.from({ length: 12 }, (_, i) => ({
      authorId: "U0ANA",
      body: `Note ${i}`,
      at: new Date(Date.UTC(2026, 10, 1 + i)),
    }));
    const view = handoffBrief(makeProject(), { dealNotes: notes, today: TODAY });
    expectValidMessage(view);
    const text = sectionTexts(view.blocks).join("\n");
    expect(text.indexOf(">Note 11")).toBeLessThan(text.indexOf(">Note 0"));
    expect(text.match(/>Note \d+/g)).toHaveLength(12);
    expect(contextTexts(view.blocks).join("\n")).not.toContain("more note");
  });
});

describe("projectListMessage", () => {
  const ctx = {
    today: TODAY,
    title: "Active projects",
    emptyText: "No active projects. Start one with `/project new`.",
  };

  it("lists each project with progress, health, lead and an Open button", () => {
    const projects = [
      makeProject({ tasks: onTrackTasks() }),
      makeProject({ id: "p2", number: 4, name: "Globex pilot", deliveryLeadId: null, tasks: makeTasks(4) }),
    ];
    const view = projectListMessage(projects, ctx);
    expectValidMessage(view);
    expect(header(view.blocks)).toBe("Active projects");
    expect(sectionTexts(view.blocks)).toEqual([
      "*P-3* Acme onboarding — 5/17 ▰▰▰▱▱▱▱▱▱▱ · 🟢 On track · lead <@U0LEA>",
      "*P-4* Globex pilot — 0/4 ▱▱▱▱▱▱▱▱▱▱ · 🔴 Late · no lead yet",
    ]);
    expect(allButtons(view.blocks).map((b) => [b.text.text, b.action_id, b.value])).toEqual([
      ["Open", ProjectAction.Open, projects[0]!.id],
      ["Open", ProjectAction.Open, "p2"],
    ]);
    expect(view.text).toBe("Active projects: 2 projects");
  });

  it("says so when there is no project", () => {
    const view = projectListMessage([], ctx);
    expectValidMessage(view);
    expect(sectionTexts(view.blocks)).toEqual([ctx.emptyText]);
  });

  it("shows at most 40 hostile projects within one message and counts the rest", () => {
    const projects = Array.from({ length: 60 }, (_, i) =>
      makeProject({
        id: `p${i}`,
        number: i + 1,
        name: hostile(5000),
        tasks: makeTasks(40, { done: i % 40 }),
      }),
    );
    const view = projectListMessage(projects, ctx);
    expectValidMessage(view);
    expectNoRawTokens(view);
    const shown = blocksOfType(view.blocks, "section").length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(40);
    expect(contextTexts(view.blocks)[0]).toMatch(new RegExp(`^and ${60 - shown} more`));
  });
});

describe("private answers", () => {
  const task = makeTask();

  it("says who has a task already claimed, and that a done task is done", () => {
    expect(alreadyClaimedText(task, "U0BEN")).toBe("T-41 is already claimed by <@U0BEN>.");
    expect(alreadyClaimedText(task, "<!channel>")).not.toContain("<!channel>");
    expect(alreadyDoneText(task)).toBe("T-41 is already done.");
  });

  it("names what a task waits on", () => {
    const on = [
      dependency(makeTask({ id: taskId(39), number: 39, title: "Integrations and data import" })),
      dependency(makeTask({ id: taskId(40), number: 40, title: "Validate data" })),
    ];
    expect(waitingText(task, on)).toBe(
      "T-41 is still waiting on T-39 Integrations and data import, T-40 Validate data — finish those first.",
    );
    expect(waitingText(task, on.slice(0, 1))).toBe(
      "T-41 is still waiting on T-39 Integrations and data import — finish that first.",
    );
    const hostileOn = [dependency(makeTask({ title: "<!channel> *x*" }))];
    expect(waitingText(task, hostileOn)).not.toContain("<!channel>");
  });

  it("names who may change a task", () => {
    const claimed = makeTask({ assigneeId: "U0BEN" });
    expect(notAllowedText(claimed, { deliveryLeadId: "U0LEA" }, "complete")).toBe(
      "Only <@U0BEN>, the delivery lead <@U0LEA>, managers and admins can complete T-41.",
    );
    expect(notAllowedText(task, { deliveryLeadId: null })).toBe(
      "Only managers and admins can complete, unclaim or reassign T-41.",
    );
    expect(notAllowedText(task, { deliveryLeadId: "U0LEA" }, "reassign")).toBe(
      "Only the delivery lead <@U0LEA>, managers and admins can reassign T-41.",
    );
  });
});

describe("projectCompletedDm", () => {
  it("tells the deal owner the project is complete", () => {
    const view = projectCompletedDm(makeProject({ status: "completed", tasks: makeTasks(17, { done: 17 }) }));
    expectValidMessage(view);
    expect(sectionTexts(view.blocks)).toEqual(["✅ *P-3 Acme onboarding* is complete — every task is done."]);
    expect(contextTexts(view.blocks)).toEqual(["Acme · from D-12 · 17 tasks"]);
    expect(view.text).toBe("✅ P-3 Acme onboarding is complete — every task is done.");
  });

  it("escapes a hostile project name", () => {
    const view = projectCompletedDm(makeProject({ name: hostile(5000), accountName: hostile(5000) }));
    expectValidMessage(view);
    expectNoRawTokens(view);
  });
});
