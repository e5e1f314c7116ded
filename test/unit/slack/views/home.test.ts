import type { Button, HomeView, KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { ListedTask } from "../../../../src/services/ports.ts";
import { HomeAction } from "../../../../src/slack/ids.ts";
import { HOME_LISTED, homeView } from "../../../../src/slack/views/home.ts";
import {
  blocksOfType,
  expectValidModal,
  hostile,
  makeDeal,
  mrkdwnTexts,
  NOW,
  stage,
  TODAY,
} from "./deal-fixtures.ts";
import { makeTasks } from "./delivery-fixtures.ts";

function deals(count: number) {
  return Array.from({ length: count }, (_, i) =>
    makeDeal({
      id: `d3a10000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      number: i + 1,
      name: i === 0 ? hostile(300) : `Deal ${i + 1}`,
      accountName: i === 0 ? hostile(300) : "Acme",
    }),
  );
}

/** My tasks, each ready to do (makeTasks chains them; on the Home a waiting one has no Mark done). */
function tasks(count: number): ListedTask[] {
  return makeTasks(count).map((t, i) => ({
    ...t,
    dependsOn: [],
    assigneeId: "U0ANA",
    title: i === 0 ? hostile(500) : t.title,
    projectNumber: 3,
    projectName: i === 0 ? hostile(300) : "Acme onboarding",
  }));
}

/** A panel as long as the Open tasks list can get. */
function longPanel(rows: number): KnownBlock[] {
  return Array.from({ length: rows }, (_, i) => ({
    type: "section",
    text: { type: "mrkdwn", text: `Row ${i + 1}` },
  }));
}

function model(dealCount: number, taskCount: number) {
  return {
    userId: "U0ANA",
    deals: deals(dealCount),
    dealTotal: dealCount,
    tasks: tasks(taskCount),
    taskTotal: taskCount,
    now: NOW,
    today: TODAY,
  };
}

function buttons(view: HomeView): Button[] {
  return (view.blocks as KnownBlock[]).flatMap((b) => {
    if (b.type === "section" && b.accessory?.type === "button") return [b.accessory];
    if (b.type === "actions") return b.elements.filter((e): e is Button => e.type === "button");
    return [];
  });
}

describe("homeView", () => {
  it("with nothing on my plate: quick actions and how to start, valid for Slack", () => {
    const view = homeView(model(0, 0));
    expectValidModal(view);
    expect(view.type).toBe("home");
    expect(buttons(view).map((b) => [b.text.text, b.action_id])).toEqual([
      ["New deal", HomeAction.NewDeal],
      ["Pipeline", HomeAction.Pipeline],
      ["Open tasks", HomeAction.OpenTasks],
    ]);
    const text = mrkdwnTexts(view.blocks).join("\n");
    expect(text).toContain("You have no open deals");
    expect(text).toContain("You have no open tasks");
  });

  it("with 500 deals and 500 tasks: the first few of each, 'and N more', within 100 blocks", () => {
    const view = homeView(model(500, 500));
    expectValidModal(view);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const rows = blocksOfType(view.blocks as KnownBlock[], "section").filter(
      (s) => s.accessory?.type === "button",
    );
    const open = rows.filter((r) => (r.accessory as Button).action_id === HomeAction.OpenDeal);
    const done = rows.filter((r) => (r.accessory as Button).action_id === HomeAction.TaskDone);
    expect(open).toHaveLength(HOME_LISTED);
    expect(done).toHaveLength(HOME_LISTED);
    expect((open[0]!.accessory as Button).value).toBe("d3a10000-0000-4000-8000-000000000000");
    const text = mrkdwnTexts(view.blocks).join("\n");
    expect(text).toContain(`and ${500 - HOME_LISTED} more — \`/deal list\``);
    expect(text).toContain(`and ${500 - HOME_LISTED} more — \`/tasks\``);
  });

  it("shows what a waiting task waits on, and no Mark done for it", () => {
    const [first, second] = makeTasks(2);
    const listed = [first!, second!].map((t) => ({
      ...t,
      assigneeId: "U0ANA",
      projectNumber: 3,
      projectName: "Acme onboarding",
    }));
    const view = homeView({ ...model(0, 0), tasks: listed, taskTotal: 2 });
    const rows = blocksOfType(view.blocks as KnownBlock[], "section").filter((s) =>
      /Task number/.test(s.text?.text ?? ""),
    );
    expect(rows.map((r) => (r.accessory as Button | undefined)?.action_id)).toEqual([
      HomeAction.TaskDone,
      undefined,
    ]);
    expect(rows[1]!.text?.text).toContain("waiting on T-1");
    expect(rows[0]!.text?.text).not.toContain("waiting");
  });

  it("keeps deals in the order given (most urgent first) and shows each deal's line", () => {
    const view = homeView({
      ...model(0, 0),
      deals: [
        makeDeal({ number: 7, name: "Zeta", stage: stage("demo") }),
        makeDeal({ number: 3, name: "Alpha" }),
      ],
      dealTotal: 2,
    });
    const lines = blocksOfType(view.blocks as KnownBlock[], "section")
      .filter((s) => (s.accessory as Button | undefined)?.action_id === HomeAction.OpenDeal)
      .map((s) => s.text?.text ?? "");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\*D-7\* Zeta — Acme · \$12,000 · Demo/);
    expect(lines[1]).toMatch(/^\*D-3\* Alpha/);
    expect(mrkdwnTexts(view.blocks).join("\n")).not.toContain("more —");
  });

  it("never lets a deal's or task's text ping anyone", () => {
    const view = homeView(model(3, 3));
    for (const text of mrkdwnTexts(view.blocks)) {
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("<@U1>");
      expect(text).not.toContain("<https://evil");
    }
  });

  it("draws the panel and the notice under the quick actions, with Close after them", () => {
    const panel = { notice: "Claimed *T-21*", blocks: longPanel(3) };
    const view = homeView(model(1, 1), panel);
    expectValidModal(view);
    const texts = (view.blocks as KnownBlock[]).map((b) =>
      b.type === "section"
        ? b.text?.text
        : b.type === "actions"
          ? b.elements.map((e) => e.action_id).join()
          : b.type,
    );
    const quick = texts.indexOf([HomeAction.NewDeal, HomeAction.Pipeline, HomeAction.OpenTasks].join());
    expect(texts.slice(quick + 1, quick + 7)).toEqual([
      "Claimed *T-21*",
      "divider",
      "Row 1",
      "Row 2",
      "Row 3",
      HomeAction.ClosePanel,
    ]);
    expect(buttons(view).find((b) => b.action_id === HomeAction.ClosePanel)?.text.text).toBe("Close");
  });

  it("offers Close for a notice alone, and none when nothing is open", () => {
    const closes = (view: HomeView) => buttons(view).filter((b) => b.action_id === HomeAction.ClosePanel);
    expect(closes(homeView(model(1, 1), { notice: "T-4 is already done." }))).toHaveLength(1);
    expect(closes(homeView(model(1, 1), {}))).toHaveLength(0);
    expect(closes(homeView(model(1, 1)))).toHaveLength(0);
  });

  it("cuts a long panel beside a full Home to 100 blocks, keeping Close", () => {
    const view = homeView(model(500, 500), { notice: "Claimed *T-21*", blocks: longPanel(120) });
    expectValidModal(view);
    expect(view.blocks).toHaveLength(100);
    const text = mrkdwnTexts(view.blocks).join("\n");
    expect(text).toContain("and more than fits here");
    expect(text).toContain(`and ${500 - HOME_LISTED} more — \`/tasks\``);
    expect(buttons(view).filter((b) => b.action_id === HomeAction.ClosePanel)).toHaveLength(1);
  });
});
