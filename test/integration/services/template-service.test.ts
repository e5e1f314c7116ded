import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaTemplateRepository } from "../../../src/db/template-repository.ts";
import { PrismaUnitOfWork } from "../../../src/db/unit-of-work.ts";
import { PrismaWorkspaceRepository } from "../../../src/db/workspace-repository.ts";
import type { Template } from "../../../src/domain/delivery.ts";
import { formatTemplateDefinition } from "../../../src/domain/delivery-rules.ts";
import { DEFAULT_ONBOARDING_TEMPLATE } from "../../../src/domain/onboarding-template.ts";
import { AppError, AppErrorCode } from "../../../src/lib/app-error.ts";
import { fixedClock } from "../../../src/lib/clock.ts";
import {
  type TemplateActor,
  type TemplateInput,
  TemplateService,
} from "../../../src/services/template-service.ts";
import { appErrorText, templateFieldTexts } from "../../../src/slack/error-messages.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

const NOW = new Date("2026-11-24T10:00:00.000Z");
const ADMIN = "U0ADMIN";

let db: TestDatabase;
let service: TemplateService;

beforeAll(async () => {
  db = await createTestDatabase();
  service = new TemplateService({
    templates: new PrismaTemplateRepository(db.prisma),
    unitOfWork: new PrismaUnitOfWork(db.prisma),
    clock: fixedClock(NOW),
    adminIds: async () => [ADMIN, "U0OTHER"],
  });
});
afterAll(() => db.drop());

/** A workspace of its own for each test. */
async function workspace(teamId: string): Promise<TemplateActor> {
  await new PrismaWorkspaceRepository(db.prisma).ensure(teamId);
  return { teamId, userId: ADMIN, role: "admin" };
}

const PILOT = JSON.stringify({
  phases: [
    {
      name: "Pilot",
      tasks: [
        { key: "pilot-kickoff", title: "Pilot kickoff", ownerRole: "delivery lead", dueOffsetDays: 0 },
        {
          key: "pilot-review",
          title: "Pilot review",
          ownerRole: "sales",
          dueOffsetDays: 14,
          dependsOn: ["pilot-kickoff"],
        },
      ],
    },
  ],
});

function newTemplate(overrides: Partial<TemplateInput> = {}): TemplateInput {
  return { key: "pilot", name: "Two-week pilot", definitionText: PILOT, isDefault: false, ...overrides };
}

function editOf(template: Template, overrides: Partial<TemplateInput> = {}): TemplateInput {
  return {
    id: template.id,
    name: template.name,
    definitionText: formatTemplateDefinition(template.definition),
    isDefault: template.isDefault,
    expectedVersion: template.version,
    ...overrides,
  };
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function defaults(teamId: string): Promise<string[]> {
  return (await service.list(teamId)).filter((t) => t.isDefault).map((t) => t.key);
}

function audit(entityId: string) {
  return db.prisma.auditEvent.findMany({ where: { entityId }, orderBy: { id: "asc" } });
}

describe("TemplateService.list", () => {
  it("starts every workspace with the customer-onboarding template as its default", async () => {
    const actor = await workspace("T0LIST");
    const templates = await service.list(actor.teamId);
    expect(templates).toHaveLength(1);
    expect(templates[0]).toMatchObject({
      key: DEFAULT_ONBOARDING_TEMPLATE.key,
      name: DEFAULT_ONBOARDING_TEMPLATE.name,
      version: 1,
      isDefault: true,
    });
    expect(templates[0]!.definition).toEqual(DEFAULT_ONBOARDING_TEMPLATE.definition);
  });
});

describe("TemplateService.save: new templates", () => {
  it("creates a template at version 1 and records who created it", async () => {
    const actor = await workspace("T0NEW");
    const created = await service.save(actor, newTemplate());
    expect(created).toMatchObject({ key: "pilot", name: "Two-week pilot", version: 1, isDefault: false });
    expect(created.definition.phases[0]!.tasks.map((t) => [t.key, t.dependsOn])).toEqual([
      ["pilot-kickoff", []],
      ["pilot-review", ["pilot-kickoff"]],
    ]);
    // The default was seeded first, and stays the default.
    expect((await service.list(actor.teamId)).map((t) => t.key)).toEqual(["customer-onboarding", "pilot"]);
    expect(await defaults(actor.teamId)).toEqual(["customer-onboarding"]);
    const events = await audit(created.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      workspaceId: actor.teamId,
      actorId: ADMIN,
      action: "template.created",
      entityType: "template",
      before: null,
      at: NOW,
    });
    expect(events[0]!.after).toMatchObject({
      key: "pilot",
      name: "Two-week pilot",
      version: 1,
      isDefault: false,
    });
  });

  it("refuses a definition that doesn't validate, with every problem, and stores nothing", async () => {
    const actor = await workspace("T0BADDEF");
    const broken = JSON.stringify({
      phases: [
        {
          name: "Pilot",
          tasks: [
            { key: "a", title: "A", ownerRole: "sales", dueOffsetDays: 0, dependsOn: ["b"] },
            { key: "b", title: "", ownerRole: "sales", dueOffsetDays: 1.5 },
          ],
        },
      ],
    });
    const error = await appError(service.save(actor, newTemplate({ definitionText: broken })));
    expect(error.code).toBe(AppErrorCode.InvalidInput);
    expect(error.details.field).toBe("definition");
    expect(appErrorText(error).split("\n")).toEqual([
      "phases[0].tasks[1].title: must not be empty",
      "phases[0].tasks[1].dueOffsetDays: must be a whole number of days",
    ]);

    const forward = broken
      .replace('"title":""', '"title":"B"')
      .replace('"dueOffsetDays":1.5', '"dueOffsetDays":1');
    const order = await appError(service.save(actor, newTemplate({ definitionText: forward })));
    expect(appErrorText(order)).toBe(
      'phases[0].tasks[0].dependsOn: "b" is not an earlier task — a task can only wait on tasks above it',
    );

    const syntax = await appError(service.save(actor, newTemplate({ definitionText: '{"phases": [}' })));
    expect(syntax.details.field).toBe("definition");
    expect(appErrorText(syntax)).toMatch(/JSON/);
    expect(await db.prisma.template.count({ where: { workspaceId: actor.teamId } })).toBe(0);
  });

  it("reports every wrong field at once", async () => {
    const actor = await workspace("T0FIELDS");
    const error = await appError(
      service.save(actor, newTemplate({ key: "Pilot Plan", name: "  ", definitionText: "" })),
    );
    expect(error.code).toBe(AppErrorCode.InvalidInput);
    expect(Object.keys(error.details.fields as object)).toEqual(["key", "name", "definition"]);
    expect(error.details.field).toBe("key");
    expect(templateFieldTexts(error).key).toMatch(/lower-case letters, digits and dashes/);
    expect(templateFieldTexts(error).name).toBe("Give the template a name.");
  });

  it("refuses a key the workspace already uses, the seeded one included", async () => {
    const actor = await workspace("T0DUPKEY");
    await service.save(actor, newTemplate());
    const again = await appError(service.save(actor, newTemplate({ name: "Another pilot" })));
    expect(again.details.field).toBe("key");
    expect(appErrorText(again)).toBe(
      'Another template already has the key "pilot" (Two-week pilot) — pick another.',
    );
    const seeded = await appError(service.save(actor, newTemplate({ key: "customer-onboarding" })));
    expect(seeded.details.field).toBe("key");
    // Another workspace may use the same key.
    const other = await workspace("T0DUPKEY2");
    await expect(service.save(other, newTemplate())).resolves.toMatchObject({ key: "pilot" });
  });

  it("a new default takes the flag off the old one, in the audit log too", async () => {
    const actor = await workspace("T0NEWDEF");
    const [seeded] = await service.list(actor.teamId);
    const created = await service.save(actor, newTemplate({ isDefault: true }));
    expect(created.isDefault).toBe(true);
    expect(await defaults(actor.teamId)).toEqual(["pilot"]);
    const list = await service.list(actor.teamId);
    expect(list[0]!.key).toBe("pilot");
    // Losing the flag is not a new version of the old default.
    expect(list.find((t) => t.key === "customer-onboarding")!.version).toBe(1);
    const cleared = await audit(seeded!.id);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatchObject({ action: "template.updated", actorId: ADMIN });
    expect(cleared[0]!.before).toMatchObject({ isDefault: true });
    expect(cleared[0]!.after).toMatchObject({ isDefault: false });
  });
});

describe("TemplateService.save: edits", () => {
  it("bumps the version and records before and after", async () => {
    const actor = await workspace("T0EDIT");
    const [seeded] = await service.list(actor.teamId);
    const withExtraTask = {
      phases: [
        ...seeded!.definition.phases,
        {
          name: "Renewal",
          tasks: [
            {
              key: "renewal-call",
              title: "Renewal call",
              ownerRole: "sales",
              dueOffsetDays: 330,
              dependsOn: [],
            },
          ],
        },
      ],
    };
    const saved = await service.save(
      actor,
      editOf(seeded!, { name: "Customer onboarding v2", definitionText: JSON.stringify(withExtraTask) }),
    );
    expect(saved).toMatchObject({ id: seeded!.id, key: "customer-onboarding", version: 2, isDefault: true });
    expect(saved.name).toBe("Customer onboarding v2");
    expect(saved.definition).toEqual(withExtraTask);
    expect((await service.list(actor.teamId))[0]!.version).toBe(2);

    const events = await audit(seeded!.id);
    expect(events.map((e) => e.action)).toEqual(["template.updated"]);
    expect(events[0]!.before).toMatchObject({ name: "Customer onboarding", version: 1 });
    expect(events[0]!.after).toMatchObject({ name: "Customer onboarding v2", version: 2 });
    expect((events[0]!.after as { definition: { phases: unknown[] } }).definition.phases).toHaveLength(6);

    // Saving again without a change is not a new version.
    const same = await service.save(actor, editOf(saved));
    expect(same.version).toBe(2);
    expect(await audit(seeded!.id)).toHaveLength(1);
  });

  it("an edit with a broken definition changes nothing", async () => {
    const actor = await workspace("T0EDITBAD");
    const [seeded] = await service.list(actor.teamId);
    const error = await appError(service.save(actor, editOf(seeded!, { definitionText: '{"phases": [],}' })));
    expect(error.details.field).toBe("definition");
    expect(appErrorText(error)).toMatch(/remove the comma/);
    expect((await service.list(actor.teamId))[0]).toEqual(seeded);
    expect(await audit(seeded!.id)).toHaveLength(0);
  });

  it("an edit without a definition (too long for Slack's box) keeps it and can still rename", async () => {
    const actor = await workspace("T0NODEF");
    const [seeded] = await service.list(actor.teamId);
    const { definitionText: _left, ...input } = editOf(seeded!, { name: "Onboarding" });
    const saved = await service.save(actor, input);
    expect(saved).toMatchObject({ name: "Onboarding", version: 2 });
    expect(saved.definition).toEqual(seeded!.definition);
  });

  it("making another template the default switches the flag; unticking the default is refused", async () => {
    const actor = await workspace("T0SWITCH");
    const [seeded] = await service.list(actor.teamId);
    const pilot = await service.save(actor, newTemplate());
    const promoted = await service.save(actor, editOf(pilot, { isDefault: true }));
    expect(promoted).toMatchObject({ isDefault: true, version: 2 });
    expect(await defaults(actor.teamId)).toEqual(["pilot"]);

    const error = await appError(service.save(actor, editOf(promoted, { isDefault: false })));
    expect(error.code).toBe(AppErrorCode.InvalidInput);
    expect(error.details.field).toBe("default");
    expect(appErrorText(error)).toMatch(/make another template the default/);

    const back = await service.save(
      actor,
      editOf((await service.list(actor.teamId))[1]!, { isDefault: true }),
    );
    expect(back.id).toBe(seeded!.id);
    expect(await defaults(actor.teamId)).toEqual(["customer-onboarding"]);
  });

  it("two admins making different templates the default at once leave exactly one", async () => {
    const actor = await workspace("T0RACE");
    for (const key of ["a", "b", "c", "d"]) {
      await service.save(actor, newTemplate({ key, name: `Template ${key}` }));
    }
    // A few rounds: without the workspace lock, one in three or so ends with two defaults.
    for (let round = 0; round < 5; round++) {
      const others = (await service.list(actor.teamId)).filter((t) => !t.isDefault);
      await Promise.all(others.map((t) => service.save(actor, editOf(t, { isDefault: true }))));
      expect(await defaults(actor.teamId)).toHaveLength(1);
    }
  });

  it("refuses to save over someone else's newer save", async () => {
    const actor = await workspace("T0STALE");
    const [seeded] = await service.list(actor.teamId);
    await service.save(actor, editOf(seeded!, { name: "First edit" }));
    const error = await appError(service.save(actor, editOf(seeded!, { name: "Second edit" })));
    expect(error.code).toBe(AppErrorCode.Conflict);
    expect(error.details.field).toBe("definition");
    expect(appErrorText(error)).toMatch(/it is now version 2/);
    expect((await service.list(actor.teamId))[0]!.name).toBe("First edit");
  });

  it("an unknown or malformed id is not found", async () => {
    const actor = await workspace("T0GONE");
    for (const id of ["7e000000-0000-4000-8000-000000000999", "not-a-uuid"]) {
      const error = await appError(service.save(actor, { id, name: "X", isDefault: false }));
      expect(error.code).toBe(AppErrorCode.NotFound);
      expect((await appError(service.get(actor, id))).code).toBe(AppErrorCode.NotFound);
    }
    // Another workspace's template is not this one's.
    const other = await workspace("T0GONE2");
    const [theirs] = await service.list(other.teamId);
    expect((await appError(service.get(actor, theirs!.id))).code).toBe(AppErrorCode.NotFound);
  });
});

describe("only admins manage templates", () => {
  it("refuses managers and members, naming the admins, and changes nothing", async () => {
    const admin = await workspace("T0ROLES");
    const [seeded] = await service.list(admin.teamId);
    for (const role of ["manager", "member"] as const) {
      const actor: TemplateActor = { ...admin, userId: "U0MAYA", role };
      const created = await appError(service.save(actor, newTemplate()));
      expect(created.code).toBe(AppErrorCode.Forbidden);
      expect(appErrorText(created)).toBe(
        "Only Handoff admins can manage templates. Ask <@U0ADMIN>, <@U0OTHER>.",
      );
      expect((await appError(service.save(actor, editOf(seeded!, { name: "Mine" })))).code).toBe(
        AppErrorCode.Forbidden,
      );
      expect((await appError(service.get(actor, seeded!.id))).code).toBe(AppErrorCode.Forbidden);
      expect((await appError(service.assertCanManage(actor))).code).toBe(AppErrorCode.Forbidden);
    }
    expect(await service.list(admin.teamId)).toEqual([seeded]);
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: admin.teamId } })).toBe(0);
    await expect(service.get(admin, seeded!.id)).resolves.toEqual(seeded);
  });
});
