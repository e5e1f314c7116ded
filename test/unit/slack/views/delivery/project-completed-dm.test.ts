import { describe, expect, it } from "vitest";
import { projectCompletedDm } from "../../../../../src/slack/views/delivery/project-completed-dm.ts";
import { expectNoRawTokens, expectValidMessage, hostile } from "../deal-fixtures.ts";
import { contextTexts, makeProject, makeTasks, sectionTexts } from "../delivery-fixtures.ts";

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
