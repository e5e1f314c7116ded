import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTemplateDefinition } from "../../src/domain/delivery-rules.ts";
import { DEFAULT_ONBOARDING_TEMPLATE } from "../../src/domain/onboarding-template.ts";
import { TemplateField } from "../../src/slack/ids.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText, initialValueOf } from "../support/slack-views.ts";

/**
 * End to end: an admin lists the templates with `/handoff templates`, fixes
 * a broken edit of the default template next to the field, creates a 40-task template and makes
 * it the default; a project opened before keeps its tasks; nobody else may manage templates.
 */
let h: Harness;
let dm: string;
beforeAll(async () => {
  h = await startHarness();
  dm = h.emulator.openDm(People.admin);
  // A project opened before any template change: its tasks were copied from the template then.
  await h.command(People.admin, "/project", "new", { channelId: Channels.delivery });
  await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
  await h.driver.submitView(People.admin, { "Project name": "Before the change", Customer: "Initech" });
  await h.app.settle();
}, 60_000);
afterAll(() => h?.stop());

const lastPrivate = (user: string, channel: string) => h.emulator.ephemerals(user, channel).at(-1);
const errorsOfModal = (user: string) => h.emulator.openModal(user)?.errors ?? {};

async function listTemplates(): Promise<void> {
  const response = await h.command(People.admin, "/handoff", "templates", { channelId: dm });
  expect(response.status).toBe(200);
}

describe("/handoff templates is for admins", () => {
  it("refuses members and managers privately, naming who can", async () => {
    for (const person of [People.ana, People.maya]) {
      const response = await h.command(person, "/handoff", "templates", { channelId: Channels.sales });
      expect(response.status).toBe(200);
      const answer = lastPrivate(person, Channels.sales);
      expect(answer?.text).toBe("Only Handoff admins can manage templates. Ask <@U0ADMIN>.");
      expect(blocksText(answer?.blocks)).not.toContain("Edit");
    }
    expect(h.emulator.messages(Channels.sales)).toHaveLength(0);
  });
});

describe("editing the default template", () => {
  it("lists the templates privately: name, key, size, default, version, Edit and New template", async () => {
    await listTemplates();
    const list = lastPrivate(People.admin, dm)!;
    const text = blocksText(list.blocks);
    expect(text).toContain("*Customer onboarding*");
    expect(text).toContain("default");
    expect(text).toContain("`customer-onboarding` · 5 phases · 17 tasks · version 1");
    expect(text).toContain('"Edit"');
    expect(text).toContain('"New template"');
  });

  it("Edit opens the definition as JSON; a broken one is explained next to the field", async () => {
    await h.driver.clickButton(People.admin, { ephemeralOf: People.admin, channelId: dm }, "Edit");
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    expect(modal.title).toMatchObject({ text: "Edit template" });
    const json = String(initialValueOf(modal, "Definition (JSON)"));
    expect(json).toBe(formatTemplateDefinition(DEFAULT_ONBOARDING_TEMPLATE.definition).trimEnd());
    expect(blocksText(modal.blocks)).toContain("Projects already opened keep their tasks");

    const broken = json
      .replace('"title": "Handoff call"', '"title": ""')
      .replace('"dueOffsetDays": 118', '"dueOffsetDays": "later"');
    const response = await h.driver.submitView(People.admin, { "Definition (JSON)": broken });
    expect(response.outcome.kind).toBe("view_errors");
    expect(errorsOfModal(People.admin)).toEqual({
      [TemplateField.Definition]:
        "phases[0].tasks[0].title: must not be empty\nphases[4].tasks[2].dueOffsetDays: must be a whole number of days",
    });
    expect((await h.db!.prisma.template.findFirstOrThrow()).version).toBe(1);
  });

  it("fixed, it saves as version 2 and the list says so; the open project keeps its tasks", async () => {
    const json = String(initialValueOf(h.emulator.openModal(People.admin), "Definition (JSON)"));
    const fixed = json.replace('"title": "Handoff call"', '"title": "Sales handoff call"');
    const response = await h.driver.submitView(People.admin, { "Definition (JSON)": fixed });
    expect(response.outcome.kind).toBe("view_closed");
    await h.app.settle();

    const saved = lastPrivate(People.admin, dm)!;
    expect(blocksText(saved.blocks)).toContain(
      "Saved *Customer onboarding* — now version 2, the default template.",
    );
    expect(blocksText(saved.blocks)).toContain("· version 2");
    const template = await h.db!.prisma.template.findFirstOrThrow({ where: { key: "customer-onboarding" } });
    expect(template.version).toBe(2);
    expect(JSON.stringify(template.definition)).toContain("Sales handoff call");
    const audit = await h.db!.prisma.auditEvent.findMany({ where: { entityId: template.id } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["template.updated", People.admin]]);

    const before = await h.db!.prisma.project.findFirstOrThrow({
      where: { name: "Before the change" },
      include: { tasks: { orderBy: { position: "asc" } } },
    });
    expect(before.tasks).toHaveLength(17);
    expect(before.tasks[0]!.title).toBe("Handoff call");
  });
});

/** 40 tasks in two phases, as compact JSON: the pretty form wouldn't fit Slack's 3000 characters. */
function fortyTasks(): string {
  const phase = (name: string, from: number) => ({
    name,
    tasks: Array.from({ length: 20 }, (_, i) => {
      const n = from + i;
      // Each phase waits on the one before it.
      const after = n === from && from > 1 ? { dependsOn: [`s${n - 1}`] } : {};
      return { key: `s${n}`, title: `Step ${n}`, ownerRole: "lead", dueOffsetDays: n, ...after };
    }),
  });
  return JSON.stringify({ phases: [phase("Build", 1), phase("Launch", 21)] });
}

describe("a new template", () => {
  it("a key already in use is refused next to Key", async () => {
    await listTemplates();
    await h.driver.clickButton(People.admin, { ephemeralOf: People.admin, channelId: dm }, "New template");
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    expect(modal.title).toMatchObject({ text: "New template" });
    const response = await h.driver.submitView(People.admin, {
      Name: "Enterprise rollout",
      Key: "customer-onboarding",
      "Definition (JSON)": fortyTasks(),
    });
    expect(response.outcome.kind).toBe("view_errors");
    expect(errorsOfModal(People.admin)[TemplateField.Key]).toBe(
      'Another template already has the key "customer-onboarding" (Customer onboarding) — pick another.',
    );
  });

  it("40 tasks, made the default: it replaces the old default for new projects", async () => {
    expect(fortyTasks().length).toBeLessThanOrEqual(3000);
    const response = await h.driver.submitView(People.admin, {
      Key: "enterprise-rollout",
      Default: ["Use as default"],
    });
    expect(response.outcome.kind).toBe("view_closed");
    await h.app.settle();
    expect(blocksText(lastPrivate(People.admin, dm)?.blocks)).toContain(
      "Created *Enterprise rollout*, the default template.",
    );

    const templates = await h.db!.prisma.template.findMany({ orderBy: { key: "asc" } });
    expect(templates.map((t) => [t.key, t.isDefault, t.version])).toEqual([
      ["customer-onboarding", false, 2],
      ["enterprise-rollout", true, 1],
    ]);
    await listTemplates();
    expect(blocksText(lastPrivate(People.admin, dm)?.blocks)).toContain(
      "`enterprise-rollout` · 2 phases · 40 tasks · version 1",
    );

    // New projects start from it.
    await h.command(People.admin, "/project", "new", { channelId: Channels.delivery });
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    expect(initialValueOf(modal, "Onboarding template")).toBe(templates[1]!.id);
    const opened = await h.driver.submitView(People.admin, {
      "Project name": "Globex rollout",
      Customer: "Globex",
    });
    expect(opened.outcome.kind).toBe("view_closed");
    const project = await h.db!.prisma.project.findFirstOrThrow({
      where: { name: "Globex rollout" },
      include: { tasks: true },
    });
    expect(project.tasks).toHaveLength(40);
    expect(h.problems.map((p) => p.msg)).toEqual([]);
  });
});

describe("editing a template task by task", () => {
  const overviewText = () => blocksText(h.emulator.openModal(People.admin)?.blocks);

  it("Task by task shows the phases and tasks; Add task asks for one task and adds it, saying so", async () => {
    const stored = await h.db!.prisma.template.findFirstOrThrow({ where: { isDefault: true } });
    const first = (stored.definition as { phases: { tasks: { key: string }[] }[] }).phases[0]!.tasks[0]!.key;
    await listTemplates();
    await h.driver.clickButton(People.admin, { ephemeralOf: People.admin, channelId: dm }, "Edit");
    await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
    await h.driver.clickButton(People.admin, { view: "modal" }, "Task by task");
    await h.emulator.waitFor(() => overviewText().includes('"Add phase"'));
    expect(overviewText()).toContain(`\`${first}\``);

    await h.driver.clickButton(People.admin, { view: "modal" }, "Add task");
    await h.emulator.waitFor(() => h.emulator.openModal(People.admin)?.callback_id === "template.task");
    const task = {
      Key: "security-review",
      Title: "Security review",
      "Who usually does it": "delivery lead",
      "Due, days after kickoff": "3",
    };
    const wrong = await h.driver.submitView(People.admin, { ...task, "Waits on": "nope" });
    expect(wrong.outcome.kind).toBe("view_errors");
    expect(Object.values(errorsOfModal(People.admin)).join("\n")).toMatch(
      /^phases\[0\]\.tasks\[\d+\]\.dependsOn: "nope" is not a task of this template$/,
    );
    const added = await h.driver.submitView(People.admin, { ...task, "Waits on": first });
    expect(added.outcome.kind).toBe("view_closed");
    await h.emulator.waitFor(() => overviewText().includes("Added `security-review`"));
    expect(overviewText()).toContain("`security-review` Security review — delivery lead · day +3");
    const saved = await h.db!.prisma.template.findFirstOrThrow({ where: { id: stored.id } });
    expect(saved.version).toBe(stored.version + 1);
    expect(JSON.stringify(saved.definition)).toContain('"security-review"');
  });

  it("Remove takes a task out, or says which later task still waits on it", async () => {
    await h.driver.chooseOverflow(People.admin, { view: "modal" }, "Remove", {
      blockId: "task:security-review",
    });
    await h.emulator.waitFor(() => overviewText().includes("Removed `security-review`"));
    expect(overviewText()).not.toContain("`security-review` Security");
    // A task a later one waits on ("after …" on its row).
    const first = /after ([a-z0-9-]+)/.exec(overviewText())![1]!;
    await h.driver.chooseOverflow(People.admin, { view: "modal" }, "Remove", { blockId: `task:${first}` });
    await h.emulator.waitFor(() => overviewText().includes("can't be removed"));
    expect(overviewText()).toMatch(
      new RegExp(`dependsOn: \\\\?"${first}\\\\?" is not a task of this template`),
    );
  });
});
