import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TemplateDefinition } from "../../src/domain/delivery.ts";
import { formatTemplateDefinition } from "../../src/domain/delivery-rules.ts";
import { TemplateImportField } from "../../src/slack/ids.ts";
import { type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText } from "../support/slack-views.ts";

/**
 * End to end: an admin exports a template as a JSON file from its overview, edits the file and
 * imports it back as a new version; a file with a misspelt key is refused next to the field.
 */
let h: Harness;
let dm: string;
beforeAll(async () => {
  h = await startHarness();
  dm = h.emulator.openDm(People.admin);
}, 60_000);
afterAll(() => h?.stop());

const overviewText = () => blocksText(h.emulator.openModal(People.admin)?.blocks);
const stored = () => h.db!.prisma.template.findFirstOrThrow({ where: { isDefault: true } });

async function openOverview(): Promise<void> {
  // A refused import leaves its form open on top of the overview: Cancel goes back to it.
  if (h.emulator.openModal(People.admin)?.callback_id === "template.import")
    await h.driver.closeView(People.admin);
  if (h.emulator.openModal(People.admin)?.callback_id === "template.overview") return;
  await h.command(People.admin, "/handoff", "templates", { channelId: dm });
  await h.driver.clickButton(People.admin, { ephemeralOf: People.admin, channelId: dm }, "Edit");
  await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
  await h.driver.clickButton(People.admin, { view: "modal" }, "Task by task");
  await h.emulator.waitFor(() => overviewText().includes('"Import JSON"'), { description: "the overview" });
}

async function importFile(name: string, content: string) {
  await h.driver.clickButton(People.admin, { view: "modal" }, "Import JSON");
  await h.emulator.waitFor(() => h.emulator.openModal(People.admin)?.callback_id === "template.import");
  return h.driver.submitView(People.admin, { "JSON file": { file: { name, content } } });
}

describe("a template as a JSON file", () => {
  it("Export JSON puts the definition in the DM; imported back with a task more, it is a new version", async () => {
    await openOverview();
    const before = await stored();
    await h.driver.clickButton(People.admin, { view: "modal" }, "Export JSON");
    await h.emulator.waitFor(() => h.emulator.messages(dm).at(-1)?.files, { description: "the file" });
    const [file] = h.emulator.messages(dm).at(-1)!.files as Array<{ id: string; name: string }>;
    expect(file!.name).toBe("customer-onboarding.json");
    const json = h.emulator.fileContent(file!.id)!.toString("utf8");
    expect(json).toBe(formatTemplateDefinition(before.definition as unknown as TemplateDefinition));

    const edited = JSON.parse(json) as TemplateDefinition;
    (edited.phases[0]!.tasks as unknown[]).push({
      key: "security-review",
      title: "Security review",
      ownerRole: "delivery lead",
      dueOffsetDays: 3,
      dependsOn: [],
    });
    const done = await importFile(file!.name, JSON.stringify(edited, null, 2));
    expect(done.outcome.kind).toBe("view_closed");
    await h.emulator.waitFor(() => overviewText().includes("Imported"), { description: "the notice" });
    expect(overviewText()).toContain("`security-review` Security review — delivery lead · day +3");
    const after = await stored();
    expect(after.version).toBe(before.version + 1);
    expect(JSON.stringify(after.definition)).toContain('"security-review"');
    const audit = await h.db!.prisma.auditEvent.findMany({ where: { entityId: before.id } });
    expect(audit.map((entry) => entry.action)).toContain("template.updated");
  });

  it("a file with a misspelt key is refused next to the field, naming where", async () => {
    await openOverview();
    const before = await stored();
    const json = formatTemplateDefinition(before.definition as unknown as TemplateDefinition);
    const misspelt = json.replace('"title"', '"titel"');
    const refused = await importFile("customer-onboarding.json", misspelt);
    expect(refused.outcome.kind).toBe("view_errors");
    const errors = h.emulator.openModal(People.admin)?.errors ?? {};
    expect(Object.keys(errors)).toEqual([TemplateImportField.File]);
    expect(errors[TemplateImportField.File]).toMatch(/^phases\[0\]\.tasks\[0\]: .*"titel"/m);
    expect(errors[TemplateImportField.File]).toMatch(/^phases\[0\]\.tasks\[0\]\.title: is missing$/m);
    expect((await stored()).version).toBe(before.version);
  });

  it("a file over 1 MB is refused next to the field and not read as a template", async () => {
    await openOverview();
    const before = await stored();
    const json = formatTemplateDefinition(before.definition as unknown as TemplateDefinition);
    // Valid JSON, padded: only its size is wrong.
    const padded = `${json}${" ".repeat(1024 * 1024)}`;
    const refused = await importFile("customer-onboarding.json", padded);
    expect(refused.outcome.kind).toBe("view_errors");
    expect(h.emulator.openModal(People.admin)?.errors).toEqual({
      [TemplateImportField.File]:
        "That file is 1.0 MB; a template file is at most 1 MB. Attach the file from Export JSON, edited.",
    });
    expect((await stored()).version).toBe(before.version);
  });

  it("a file imported over someone else's newer save is refused, saying so; nothing is lost", async () => {
    await openOverview();
    const before = await stored();
    await h.driver.clickButton(People.admin, { view: "modal" }, "Import JSON");
    await h.emulator.waitFor(() => h.emulator.openModal(People.admin)?.callback_id === "template.import");
    // Another admin saves while the form is open.
    await h.db!.prisma.template.update({ where: { id: before.id }, data: { version: before.version + 1 } });
    const edited = before.definition as unknown as { phases: { tasks: unknown[] }[] };
    edited.phases[0]!.tasks.push({
      key: "late",
      title: "Late",
      ownerRole: "cs",
      dueOffsetDays: 1,
      dependsOn: [],
    });
    const refused = await h.driver.submitView(People.admin, {
      "JSON file": { file: { name: "customer-onboarding.json", content: JSON.stringify(edited) } },
    });
    expect(refused.outcome.kind).toBe("view_errors");
    expect(h.emulator.openModal(People.admin)?.errors).toEqual({
      [TemplateImportField.File]: `Someone saved this template while you were editing it (it is now version ${before.version + 1}). Copy your changes, close this form and open the template again.`,
    });
    expect(JSON.stringify((await stored()).definition)).not.toContain('"late"');
  });
});
