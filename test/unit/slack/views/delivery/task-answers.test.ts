import { describe, expect, it } from "vitest";
import {
  alreadyClaimedText,
  alreadyDoneText,
  notAllowedText,
  waitingText,
} from "../../../../../src/slack/views/delivery/task-answers.ts";
import { dependency, makeTask, taskId } from "../delivery-fixtures.ts";

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
