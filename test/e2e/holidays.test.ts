import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/lib/clock.ts";
import { AdminField } from "../../src/slack/ids.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { forgeViewSubmission } from "../support/forged.ts";
import { blocksText, initialValueOf } from "../support/slack-views.ts";

/**
 * A project kicked off just before Christmas: without a holiday calendar its tasks fall due on
 * 25 December and 1 January; with the England and Wales preset none falls due on a bank holiday.
 */
let h: Harness;
const clock = fixedClock("2026-12-18T09:00:00Z");
beforeAll(async () => {
  h = await startHarness({ clock });
}, 60_000);
afterAll(() => h?.stop());

const DAYS_OFF = ["2026-12-25", "2026-12-26", "2026-12-28", "2027-01-01"];

/** The kickoff the new-project form proposes (five working days from Friday 18 December). */
let proposedKickoff: unknown;

async function newProject(name: string): Promise<string[]> {
  h.emulator.closeAllModals(People.dev);
  await h.command(People.dev, "/project", "new", { channelId: Channels.delivery });
  const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.dev));
  proposedKickoff = initialValueOf(modal, "Kickoff date");
  const done = await h.driver.submitView(People.dev, {
    "Project name": name,
    Customer: "Handoff Inc",
    "Kickoff date": "2026-12-22",
  });
  expect(done.outcome.kind).toBe("view_closed");
  await h.app.settle();
  const project = await h.db!.prisma.project.findFirstOrThrow({ where: { name }, include: { tasks: true } });
  return project.tasks.map((t) => t.dueDate!.toISOString().slice(0, 10));
}

async function openSettings() {
  h.emulator.closeAllModals(People.admin);
  await h.command(People.admin, "/handoff", "settings", { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
}

describe("a workspace holiday calendar", () => {
  it("without one, tasks fall due on Christmas Day and New Year's Day", async () => {
    const due = await newProject("No calendar");
    expect(due).toContain("2026-12-25");
    expect(due).toContain("2027-01-01");
    expect(proposedKickoff).toBe("2026-12-25");
  });

  it("with the country preset set in /handoff settings, no task falls due on a bank holiday", async () => {
    await openSettings();
    const saved = await h.driver.submitView(People.admin, {
      "Country holidays": "United Kingdom (England and Wales)",
    });
    expect(saved.outcome.kind).toBe("view_closed");
    await h.app.settle();
    expect((await h.db!.prisma.workspace.findFirst())?.holidayPreset).toBe("GB");
    const due = await newProject("With calendar");
    expect(proposedKickoff).toBe("2026-12-29");
    expect(due.filter((d) => DAYS_OFF.includes(d))).toEqual([]);
    expect(due).toContain("2026-12-29");
    expect(h.problems.map((p) => p.msg)).toEqual([]);
  });

  it("skips the workspace's own dates too", async () => {
    await openSettings();
    await h.driver.submitView(People.admin, { Holidays: "2026-12-29\n30 Dec 2026" });
    await h.app.settle();
    const due = await newProject("Own dates");
    expect(due.filter((d) => [...DAYS_OFF, "2026-12-29", "2026-12-30"].includes(d))).toEqual([]);
  });

  it("refuses a bad date line next to the field, naming the line, and saves nothing", async () => {
    await openSettings();
    const before = await h.db!.prisma.workspace.findFirst();
    const { ack } = await forgeViewSubmission(h, People.admin, {
      [AdminField.Holidays]: { type: "plain_text_input", value: "2026-12-24\n\n31 Febtember" },
    });
    expect(ack?.response_action).toBe("errors");
    expect(ack?.errors?.[AdminField.Holidays]).toMatch(/^Line 3: "31 Febtember" isn't a date/);
    expect(await h.db!.prisma.workspace.findFirst()).toEqual(before);
  });

  it("shows the calendar to someone who is not an admin", async () => {
    await h.command(People.ana, "/handoff", "settings", { channelId: Channels.sales });
    const answer = h.emulator.ephemerals(People.ana, Channels.sales).at(-1);
    expect(blocksText(answer?.blocks)).toContain(
      "*Holidays*: United Kingdom (England and Wales), and 2026-12-29, 2026-12-30",
    );
  });
});
