import type { KnownBlock, SectionBlock } from "@slack/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText } from "../support/slack-views.ts";

/**
 * End to end: what a click on the App Home opened there (Pipeline, Open tasks) and what it did
 * ("Claimed T-…") stays on the Home through the redraws the queue makes after every change,
 * until the person closes it.
 */
let h: Harness;

const home = (user: string) => h.emulator.homeView(user);
const homeText = (user: string) => blocksText(home(user)?.blocks);
const homeBlocks = (user: string) => (home(user)?.blocks ?? []) as KnownBlock[];
const publishesTo = (user: string) =>
  h.emulator.callsTo("views.publish").filter((c) => c.args.user_id === user).length;

/** The Home's rows with a Claim button: the Open tasks panel's tasks. */
function claimRows(user: string): SectionBlock[] {
  return homeBlocks(user).filter(
    (b): b is SectionBlock =>
      b.type === "section" && b.accessory?.type === "button" && b.accessory.text.text === "Claim",
  );
}

const taskRefOf = (row: SectionBlock) => /T-\d+/.exec(row.text?.text ?? "")?.[0];

beforeAll(async () => {
  h = await startHarness();
  // A deal won and handed over: its project's first tasks are ready and nobody has claimed them.
  await h.command(People.ana, "/deal", "new Globex rollout 20k 2027-06-30", { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
  await h.driver.submitView(People.ana, { Company: "Globex" });
  await h.app.settle();
  await h.command(People.ana, "/deal", "won D-1", { channelId: Channels.sales });
  await h.emulator.waitFor(() => blocksText(h.emulator.openModal(People.ana)?.title).includes("handoff"));
  await h.driver.submitView(People.ana, {
    "Customer goals": "Go live this quarter",
    "Commitments made": "SSO on day one",
    "Key contacts": "Jane Doe, CTO",
  });
  await h.app.settle();
  await h.command(People.ana, "/deal", "new Initech pilot 8k 2027-01-31", { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
  await h.driver.submitView(People.ana, { Company: "Initech" });
  await h.app.settle();
  await h.driver.appHomeOpened(People.ana);
  await h.app.settle();
}, 90_000);
afterAll(() => h?.stop());

describe("the Home's panel", () => {
  it("Claim on Open tasks: once the queue has redrawn the Home, it still says so and lists the rest", async () => {
    await h.driver.clickButton(People.ana, { view: "home" }, "Open tasks");
    await h.app.settle();
    const rows = claimRows(People.ana);
    expect(rows.length).toBeGreaterThan(0);
    const claimed = taskRefOf(rows[0]!)!;
    const before = publishesTo(People.ana);

    await h.driver.clickButton(People.ana, { view: "home" }, "Claim", { blockId: rows[0]!.block_id! });
    await h.app.settle();

    // The click's own publish and the queue's refresh after the claim both went out.
    expect(publishesTo(People.ana) - before).toBeGreaterThanOrEqual(2);
    const text = homeText(People.ana);
    expect(text).toContain(`Claimed ${claimed}`);
    expect(text).toContain("Open tasks nobody has claimed");
    expect(claimRows(People.ana).map(taskRefOf)).not.toContain(claimed);
    // Now mine: listed under my tasks with Mark done.
    expect(text).toMatch(new RegExp(`${claimed}\\b[^]*Mark done`));
  });

  it("Pipeline stays open after Mark done redraws the Home; the earlier click's notice goes", async () => {
    await h.driver.clickButton(People.ana, { view: "home" }, "Pipeline");
    await h.app.settle();
    expect(homeText(People.ana)).toContain("*Open pipeline*");

    await h.driver.clickButton(People.ana, { view: "home" }, "Mark done");
    await h.app.settle();

    const text = homeText(People.ana);
    expect(text).toContain("*Open pipeline*");
    expect(text).not.toContain("Open tasks nobody has claimed");
    expect(text).not.toContain("Claimed T-");
    expect(text).toContain("You have no open tasks");
  });

  it("stays open when the Home is opened again, and Close hides it from every later redraw", async () => {
    await h.driver.appHomeOpened(People.ana);
    await h.app.settle();
    expect(homeText(People.ana)).toContain("*Open pipeline*");

    await h.driver.clickButton(People.ana, { view: "home" }, "Close");
    await h.app.settle();
    expect(homeText(People.ana)).not.toContain("*Open pipeline*");
    expect(homeText(People.ana)).not.toContain('"Close"');

    // A change redraws the Home from the queue; opening it draws it again.
    await h.command(People.ana, "/deal", "move D-2 qualified", { channelId: Channels.sales });
    expect(homeText(People.ana)).toMatch(/\*D-2\* Initech pilot .*· Qualified/);
    await h.driver.appHomeOpened(People.ana);
    await h.app.settle();
    expect(homeText(People.ana)).not.toContain("*Open pipeline*");
  });

  it("a queued redraw that read the Home before a click, and reached Slack after it, is drawn again", async () => {
    // The next publish (the queue's, after the move below) reaches Slack late.
    h.emulator.injectFault({ method: "views.publish", fault: { kind: "delay", ms: 1_500 } });
    await h.driver.command(People.ana, "/deal", "move D-2 demo", { channelId: Channels.sales });
    // The refresh has read the Home (no panel) and its publish is on its way.
    await h.emulator.waitFor(() => h.emulator.pendingFaults === 0);

    await h.driver.clickButton(People.ana, { view: "home" }, "Pipeline");
    await h.app.settle();

    expect(homeText(People.ana)).toMatch(/\*D-2\* Initech pilot .*· Demo/);
    expect(homeText(People.ana)).toContain("*Open pipeline*");
  });
});
