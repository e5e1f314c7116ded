import { describe, expect, it } from "vitest";
import { dayOfWeek } from "../../../src/domain/dates.ts";
import {
  checkTemplateDefinition,
  formatTemplateDefinition,
  parseTemplateDefinition,
  planTasks,
  ZTemplateDefinition,
} from "../../../src/domain/delivery-rules.ts";
import { DEFAULT_ONBOARDING_TEMPLATE } from "../../../src/domain/onboarding-template.ts";

const { definition } = DEFAULT_ONBOARDING_TEMPLATE;
const tasks = definition.phases.flatMap((phase) => phase.tasks);

function offsetOf(key: string): number {
  const found = tasks.find((task) => task.key === key);
  if (!found) throw new Error(`no task ${key}`);
  return found.dueOffsetDays;
}

function dependenciesOf(key: string): readonly string[] {
  const found = tasks.find((task) => task.key === key);
  if (!found) throw new Error(`no task ${key}`);
  return found.dependsOn;
}

describe("DEFAULT_ONBOARDING_TEMPLATE", () => {
  it("is the customer-onboarding template", () => {
    expect(DEFAULT_ONBOARDING_TEMPLATE.key).toBe("customer-onboarding");
    expect(DEFAULT_ONBOARDING_TEMPLATE.name).toBe("Customer onboarding");
    expect(DEFAULT_ONBOARDING_TEMPLATE.description.length).toBeGreaterThan(0);
  });

  it("has the default template's five phases and 17 tasks, in order", () => {
    expect(definition.phases.map((phase) => [phase.name, phase.tasks.map((task) => task.title)])).toEqual([
      ["Handoff", ["Handoff call", "Welcome email", "First invoice"]],
      ["Kickoff", ["Schedule kickoff", "Kickoff meeting and success criteria", "Stakeholder map"]],
      [
        "Setup",
        ["Provision access", "Integrations and data import", "Validate data", "Configuration sign-off"],
      ],
      ["Go-live", ["Admin training", "User training", "Go-live checklist", "Go-live"]],
      ["Adopt", ["30-day check-in", "First-value milestone", "90-day review"]],
    ]);
    expect(tasks).toHaveLength(17);
  });

  it("is valid, and validation leaves it exactly as it is", () => {
    expect(ZTemplateDefinition.safeParse(definition).success).toBe(true);
    expect(checkTemplateDefinition(definition)).toEqual({ ok: true, definition });
  });

  it("has unique keys and depends only on earlier tasks", () => {
    const earlier = new Set<string>();
    for (const task of tasks) {
      expect(earlier.has(task.key)).toBe(false);
      for (const dependency of task.dependsOn) expect(earlier).toContain(dependency);
      earlier.add(task.key);
    }
  });

  it("gives every task a known owner role", () => {
    const roles = ["delivery lead", "consultant", "sales", "finance", "customer success"];
    for (const task of tasks) expect(roles).toContain(task.ownerRole);
    expect(new Set(tasks.map((task) => task.ownerRole))).toEqual(new Set(roles));
  });

  it("runs in date order: handoff before kickoff, adoption counted from go-live", () => {
    const offsets = tasks.map((task) => task.dueOffsetDays);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    for (const task of definition.phases[0]!.tasks) expect(task.dueOffsetDays).toBeLessThanOrEqual(0);
    expect(offsetOf("kickoff-meeting")).toBe(0);
    expect(offsetOf("30-day-check-in")).toBe(offsetOf("go-live") + 30);
    expect(offsetOf("90-day-review")).toBe(offsetOf("go-live") + 90);
  });

  it("chains the obvious dependencies", () => {
    expect(dependenciesOf("kickoff-meeting")).toContain("schedule-kickoff");
    expect(dependenciesOf("validate-data")).toContain("integrations-and-data-import");
    expect(dependenciesOf("go-live")).toEqual(
      expect.arrayContaining(["go-live-checklist", "configuration-sign-off"]),
    );
    // Something must be startable on day one.
    expect(tasks.filter((task) => task.dependsOn.length === 0).length).toBeGreaterThan(0);
  });

  it("formats to JSON that parses back identically", () => {
    const text = formatTemplateDefinition(definition);
    expect(parseTemplateDefinition(text)).toEqual({ ok: true, definition });
    expect(JSON.parse(text)).toEqual(definition);
  });

  it("fits a Slack text input (3,000 characters) when formatted", () => {
    expect(formatTemplateDefinition(definition).length).toBeLessThanOrEqual(3000);
  });

  it("plans 17 weekday tasks from a kickoff", () => {
    const planned = planTasks(definition, "2026-12-07");
    expect(planned.map((task) => task.position)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    for (const task of planned) expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(task.dueDate));
    expect(planned.find((task) => task.key === "kickoff-meeting")?.dueDate).toBe("2026-12-07");
  });
});
