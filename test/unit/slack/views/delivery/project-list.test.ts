import { describe, expect, it } from "vitest";
import { ProjectAction } from "../../../../../src/slack/ids.ts";
import { projectListMessage } from "../../../../../src/slack/views/delivery/project-list.ts";
import { blocksOfType, expectNoRawTokens, expectValidMessage, hostile } from "../deal-fixtures.ts";
import {
  allButtons,
  contextTexts,
  header,
  makeProject,
  makeTasks,
  onTrackTasks,
  sectionTexts,
  TODAY,
} from "../delivery-fixtures.ts";

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
