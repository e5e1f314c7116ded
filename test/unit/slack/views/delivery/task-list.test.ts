import { describe, expect, it } from "vitest";
import { TaskAction } from "../../../../../src/slack/ids.ts";
import { MAX_LISTED_ITEMS } from "../../../../../src/slack/views/delivery/list-rows.ts";
import { type ListedTask, taskListMessage } from "../../../../../src/slack/views/delivery/task-list.ts";
import {
  blocksOfType,
  expectNoRawTokens,
  expectValidMessage,
  hostile,
  mrkdwnTexts,
} from "../deal-fixtures.ts";
import {
  actionElements,
  allButtons,
  buttonSummary,
  contextTexts,
  makeTask,
  makeTasks,
  TODAY,
  taskId,
} from "../delivery-fixtures.ts";

function listed(tasks: readonly ReturnType<typeof makeTask>[], name = "Acme onboarding"): ListedTask[] {
  return tasks.map((t) => ({ ...t, projectNumber: 3, projectName: name }));
}

const listCtx = {
  title: "Your open tasks",
  today: TODAY,
  emptyText: "You have no open tasks.",
  action: "done" as const,
};

describe("taskListMessage", () => {
  it("lists my open tasks with Mark done, naming the project and the due date", () => {
    const tasks = listed([
      makeTask({ assigneeId: "U0BEN" }),
      makeTask({
        id: taskId(42),
        number: 42,
        title: "Configuration sign-off",
        dueDate: "2026-11-30",
        assigneeId: "U0BEN",
      }),
    ]);
    const view = taskListMessage(tasks, listCtx);
    expectValidMessage(view);
    expect(blocksOfType(view.blocks, "header")[0]!.text.text).toBe("Your open tasks");
    expect(mrkdwnTexts(blocksOfType(view.blocks, "section"))).toEqual([
      "*T-41* Provision access — P-3 Acme onboarding · due Fri 4 Dec",
      "*T-42* Configuration sign-off — P-3 Acme onboarding · due Mon 30 Nov (overdue)",
    ]);
    expect(buttonSummary(view.blocks)).toEqual([
      ["Mark done", TaskAction.Done, taskId(41)],
      ["Mark done", TaskAction.Done, taskId(42)],
    ]);
    expect(view.text).toBe("Your open tasks: 2 tasks");
  });

  it("offers Claim on open tasks, and no button (but who has it) on the overdue list", () => {
    const tasks = listed([makeTask()]);
    const open = taskListMessage(tasks, { ...listCtx, title: "Open tasks", action: "claim" });
    expectValidMessage(open);
    expect(buttonSummary(open.blocks)).toEqual([["Claim", TaskAction.Claim, taskId(41)]]);
    const overdue = taskListMessage(
      listed([makeTask({ dueDate: "2026-11-30", assigneeId: "U0BEN" }), makeTask()]),
      {
        ...listCtx,
        title: "Overdue tasks",
        action: "none",
      },
    );
    expectValidMessage(overdue);
    expect(allButtons(overdue.blocks)).toEqual([]);
    expect(mrkdwnTexts(blocksOfType(overdue.blocks, "section"))).toEqual([
      "*T-41* Provision access — P-3 Acme onboarding · due Mon 30 Nov (overdue) · <@U0BEN>",
      "*T-41* Provision access — P-3 Acme onboarding · due Fri 4 Dec · unclaimed",
    ]);
  });

  it("says so when there is nothing to list", () => {
    const view = taskListMessage([], listCtx);
    expectValidMessage(view);
    expect(mrkdwnTexts(view.blocks)).toEqual(["You have no open tasks."]);
    expect(view.text).toBe("You have no open tasks.");
  });

  it("shows at most 40 tasks, then how many more", () => {
    const view = taskListMessage(listed(makeTasks(55)), listCtx);
    expectValidMessage(view);
    expect(blocksOfType(view.blocks, "section")).toHaveLength(MAX_LISTED_ITEMS);
    expect(contextTexts(view.blocks)).toEqual(["and 15 more"]);
  });

  it("fits 100 hostile, long-titled tasks in one valid message and counts the rest", () => {
    const tasks = listed(makeTasks(100, { title: () => hostile(5000) }), hostile(5000));
    const view = taskListMessage(tasks, { ...listCtx, title: hostile(5000), action: "claim" });
    expectValidMessage(view);
    expectNoRawTokens(view);
    const shown = blocksOfType(view.blocks, "section").length;
    expect(shown).toBeGreaterThan(0);
    expect(contextTexts(view.blocks)).toEqual([`and ${100 - shown} more`]);
    expect(actionElements(view.blocks)).toEqual([]);
  });
});
