import { describe, expect, it } from "vitest";
import { alreadyClaimedText, alreadyDoneText } from "../../../../../src/slack/views/delivery/task-answers.ts";
import { makeTask } from "../delivery-fixtures.ts";

describe("private answers", () => {
  const task = makeTask();

  it("says who has a task already claimed, and that a done task is done", () => {
    expect(alreadyClaimedText(task, "U0BEN")).toBe("T-41 is already claimed by <@U0BEN>.");
    expect(alreadyClaimedText(task, "<!channel>")).not.toContain("<!channel>");
    expect(alreadyDoneText(task)).toBe("T-41 is already done.");
  });
});
