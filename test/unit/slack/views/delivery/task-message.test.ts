import type { ActionsBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { TaskAction, TaskBlock } from "../../../../../src/slack/ids.ts";
import {
  readTaskActionsBlockId,
  taskActionsBlockId,
  taskMessage,
} from "../../../../../src/slack/views/delivery/task-message.ts";
import { blocksOfType, expectNoRawTokens, expectValidMessage, hostile } from "../deal-fixtures.ts";
import {
  allButtons,
  buttonSummary,
  contextTexts,
  dependency,
  firstSection,
  makeProject,
  makeTask,
  makeTasks,
  TODAY,
  taskId,
  userSelects,
} from "../delivery-fixtures.ts";

const project = { number: 3, deliveryLeadId: "U0LEA", status: "active" as const };
const ctx = { today: TODAY, project };

const integrations = makeTask({ id: taskId(39), number: 39, title: "Integrations and data import" });

const validate = makeTask({ id: taskId(40), number: 40, title: "Validate data", done: true });

describe("taskMessage", () => {
  it("shows a ready task as unclaimed with its due date, and offers only Claim", () => {
    const task = makeTask();
    const view = taskMessage(task, ctx);
    expectValidMessage(view);
    expect(firstSection(view.blocks)).toBe("*T-41* Provision access\nReady · unclaimed · due Fri 4 Dec");
    expect(contextTexts(view.blocks)).toEqual(["P-3 · Setup · role: consultant"]);
    expect(buttonSummary(view.blocks)).toEqual([["Claim", TaskAction.Claim, task.id]]);
    expect(allButtons(view.blocks)[0]!.style).toBe("primary");
    expect(userSelects(view.blocks)).toEqual([]);
    const [actions] = blocksOfType(view.blocks, "actions");
    expect(actions!.block_id).toBe(`${TaskBlock.Actions}:${task.id}`);
    expect(view.text).toBe("T-41 Provision access — ready to claim");
  });

  it("shows who has a claimed task, and offers Mark done, Unclaim and a Reassign select", () => {
    const task = makeTask({ assigneeId: "U0BEN" });
    const view = taskMessage(task, ctx);
    expectValidMessage(view);
    expect(firstSection(view.blocks)).toBe("*T-41* Provision access\n<@U0BEN> · due Fri 4 Dec");
    expect(buttonSummary(view.blocks)).toEqual([
      ["Mark done", TaskAction.Done, task.id],
      ["Unclaim", TaskAction.Unclaim, task.id],
    ]);
    expect(allButtons(view.blocks)[0]!.style).toBe("primary");
    const [select] = userSelects(view.blocks);
    expect(select).toMatchObject({ action_id: TaskAction.Reassign, placeholder: { text: "Reassign…" } });
    const [actions] = blocksOfType(view.blocks, "actions");
    expect(readTaskActionsBlockId(actions!.block_id!)).toBe(task.id);
  });

  it("names what a waiting task waits on, and offers neither Claim nor Mark done", () => {
    const task = makeTask({ dependsOn: [dependency(integrations), dependency(validate)] });
    const view = taskMessage(task, ctx);
    expectValidMessage(view);
    expect(firstSection(view.blocks)).toBe(
      "*T-41* Provision access\nWaiting on T-39 Integrations and data import · due Fri 4 Dec",
    );
    expect(buttonSummary(view.blocks)).toEqual([]);
    // A lead can still hand it out ahead (checkReassign allows waiting tasks).
    expect(userSelects(view.blocks).map((s) => s.placeholder?.text)).toEqual(["Assign…"]);
  });

  it("lets a waiting task's assignee hand it back, but not complete it", () => {
    const task = makeTask({ assigneeId: "U0BEN", dependsOn: [dependency(integrations)] });
    const view = taskMessage(task, ctx);
    expectValidMessage(view);
    expect(firstSection(view.blocks)).toContain("Waiting on T-39 Integrations and data import · <@U0BEN>");
    expect(buttonSummary(view.blocks)).toEqual([["Unclaim", TaskAction.Unclaim, task.id]]);
  });

  it("lists at most five open dependencies, then how many more", () => {
    const deps = Array.from({ length: 8 }, (_, i) =>
      dependency(makeTask({ id: taskId(i + 1), number: i + 1, title: `Step ${i + 1}` })),
    );
    const view = taskMessage(makeTask({ dependsOn: deps }), ctx);
    expectValidMessage(view);
    expect(firstSection(view.blocks)).toContain(
      "Waiting on T-1 Step 1, T-2 Step 2, T-3 Step 3, T-4 Step 4, T-5 Step 5 and 3 more",
    );
  });

  it("strikes a done task through, says who did it and when, and offers no controls", () => {
    const task = makeTask({
      assigneeId: "U0BEN",
      done: true,
      completedById: "U0BEN",
      completedAt: new Date("2026-12-01T23:30:00Z"),
    });
    const view = taskMessage(task, ctx);
    expectValidMessage(view);
    expect(firstSection(view.blocks)).toBe("*T-41* ~Provision access~\n✅ Done by <@U0BEN> on Tue 1 Dec");
    expect(blocksOfType(view.blocks, "actions")).toEqual([]);
    // In the workspace's zone the same instant is already the next day.
    const tokyo = taskMessage(task, { ...ctx, timeZone: "Asia/Tokyo" });
    expect(firstSection(tokyo.blocks)).toContain("on Wed 2 Dec");
  });

  it("marks an open task past its due date as overdue, and a done one never", () => {
    const late = taskMessage(makeTask({ dueDate: "2026-12-01" }), ctx);
    expect(firstSection(late.blocks)).toBe(
      "*T-41* Provision access\nReady · unclaimed · due Tue 1 Dec · *overdue*",
    );
    const dueToday = taskMessage(makeTask({ dueDate: TODAY }), ctx);
    expect(firstSection(dueToday.blocks)).not.toContain("overdue");
    const doneLate = taskMessage(makeTask({ dueDate: "2026-12-01", done: true }), ctx);
    expect(firstSection(doneLate.blocks)).not.toContain("overdue");
  });

  it("offers no controls once the project is no longer active", () => {
    for (const status of ["completed", "cancelled"] as const) {
      const view = taskMessage(makeTask(), { ...ctx, project: { ...project, status } });
      expectValidMessage(view);
      expect(blocksOfType(view.blocks, "actions")).toEqual([]);
    }
  });

  it("escapes hostile titles, phases and roles and stays within every limit", () => {
    const hostileDep = dependency(makeTask({ id: taskId(1), number: 1, title: hostile(5000) }));
    for (const state of ["ready", "claimed", "waiting", "done"] as const) {
      const task = makeTask({
        title: hostile(5000),
        phase: hostile(500),
        ownerRole: hostile(500),
        assigneeId: state === "claimed" ? "U0BEN" : null,
        done: state === "done",
        completedById: state === "done" ? "<!channel>" : null,
        dependsOn: state === "waiting" ? Array.from({ length: 10 }, () => hostileDep) : [],
      });
      const view = taskMessage(task, ctx);
      expectValidMessage(view);
      expectNoRawTokens(view);
    }
  });

  it("keeps each of a 40-task project's messages valid", () => {
    const tasks = makeTasks(40, { done: 12 });
    tasks[12] = { ...tasks[12]!, assigneeId: "U0BEN" };
    tasks[20] = { ...tasks[20]!, dependsOn: [] };
    const states = new Set<string>();
    for (const task of tasks) {
      const view = taskMessage(task, { today: TODAY, project: makeProject({ tasks }) });
      expectValidMessage(view);
      const actions = blocksOfType(view.blocks, "actions") as ActionsBlock[];
      states.add(actions.flatMap((a) => a.elements.map((e) => e.type)).join(",") || "none");
    }
    expect([...states].sort()).toEqual(["button", "button,button,users_select", "none", "users_select"]);
  });
});

describe("taskActionsBlockId", () => {
  it("round-trips the task id and refuses other blocks", () => {
    expect(taskActionsBlockId({ id: taskId(41) })).toBe(`task.actions:${taskId(41)}`);
    expect(readTaskActionsBlockId(taskActionsBlockId({ id: taskId(41) }))).toBe(taskId(41));
    expect(readTaskActionsBlockId("deal.actions:x:1")).toBeUndefined();
    expect(readTaskActionsBlockId("task.actions:")).toBeUndefined();
  });
});
