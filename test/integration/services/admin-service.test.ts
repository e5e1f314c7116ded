import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaDealRepository } from "../../../src/db/deal-repository.ts";
import { PrismaStageRepository } from "../../../src/db/stage-repository.ts";
import { PrismaUnitOfWork } from "../../../src/db/unit-of-work.ts";
import { PrismaPersonRepository, PrismaWorkspaceRepository } from "../../../src/db/workspace-repository.ts";
import type { StageEdit } from "../../../src/domain/stage-edits.ts";
import type { Stage } from "../../../src/domain/stages.ts";
import type { SettingsInput, WorkspaceDefaults } from "../../../src/domain/workspace.ts";
import { AppError, AppErrorCode } from "../../../src/lib/app-error.ts";
import { fixedClock } from "../../../src/lib/clock.ts";
import { type AdminActor, AdminService } from "../../../src/services/admin-service.ts";
import { DealService } from "../../../src/services/deal-service.ts";
import { WorkspaceService } from "../../../src/services/workspace-service.ts";
import { appErrorText } from "../../../src/slack/error-messages.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

const NOW = new Date("2026-11-24T10:00:00.000Z");
const DEFAULTS: WorkspaceDefaults = {
  channels: { sales: "C0SALES", wins: "C0WINS", delivery: "C0DELIVERY", digest: undefined },
  timeZone: "UTC",
  admins: ["U0ADMIN"],
  managers: ["U0MAYA"],
};

let db: TestDatabase;
let admin: AdminService;
let workspaces: WorkspaceService;
let deals: DealService;

beforeAll(async () => {
  db = await createTestDatabase();
  const repos = {
    workspaces: new PrismaWorkspaceRepository(db.prisma),
    people: new PrismaPersonRepository(db.prisma),
    stages: new PrismaStageRepository(db.prisma),
    unitOfWork: new PrismaUnitOfWork(db.prisma),
  };
  const clock = fixedClock(NOW);
  admin = new AdminService({
    ...repos,
    directory: { kindOf: async () => "person" },
    channels: { kindOf: async () => "channel" },
    defaults: DEFAULTS,
    clock,
    onSettingsSaved: (teamId) => workspaces.forget(teamId),
  });
  workspaces = new WorkspaceService({
    workspaces: repos.workspaces,
    people: repos.people,
    defaults: DEFAULTS,
  });
  deals = new DealService({
    deals: new PrismaDealRepository(db.prisma),
    stages: repos.stages,
    unitOfWork: repos.unitOfWork,
    clock,
    people: { kindOf: async () => "person" },
  });
});
afterAll(() => db.drop());

async function workspace(teamId: string): Promise<AdminActor> {
  await new PrismaWorkspaceRepository(db.prisma).ensure(teamId);
  return { teamId, userId: "U0ADMIN", role: "admin" };
}

function unchanged(overrides: Partial<SettingsInput> = {}): SettingsInput {
  return {
    channels: { sales: "C0SALES", wins: "C0WINS", delivery: "C0DELIVERY", digest: null },
    timeZone: "UTC",
    admins: ["U0ADMIN"],
    managers: ["U0MAYA"],
    holidays: "",
    holidayPreset: null,
    ...overrides,
  };
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("settings", () => {
  it("start as the environment says", async () => {
    const actor = await workspace("T0FRESH");
    expect(await admin.settings(actor)).toEqual({
      settings: { channels: DEFAULTS.channels, timeZone: "UTC" },
      roles: { admins: ["U0ADMIN"], managers: ["U0MAYA"] },
      permanentAdmins: ["U0ADMIN"],
      holidays: [],
      holidayPreset: null,
    });
  });

  it("saved in Slack override the environment for every later request, with one audit entry", async () => {
    const actor = await workspace("T0SAVE");
    const result = await admin.saveSettings(
      actor,
      unchanged({
        channels: { sales: "C0SALES", wins: "C0NEWWINS", delivery: "C0DELIVERY", digest: "C0DIGEST2" },
        timeZone: "Europe/Berlin",
        managers: ["U0BEN"],
      }),
    );
    expect(result.changed).toEqual(["winsChannel", "digestChannel", "timeZone", "managers"]);

    const maya = await workspaces.resolveActor("T0SAVE", "U0MAYA");
    const ben = await workspaces.resolveActor("T0SAVE", "U0BEN");
    expect(maya.role).toBe("member"); // an environment manager, removed in Slack
    expect(ben.role).toBe("manager");
    expect(ben.settings).toEqual({
      channels: { sales: "C0SALES", wins: "C0NEWWINS", delivery: "C0DELIVERY", digest: "C0DIGEST2" },
      timeZone: "Europe/Berlin",
    });
    // Only what changed is stored; the sales channel still follows the environment.
    expect(await db.prisma.workspace.findUnique({ where: { id: "T0SAVE" } })).toMatchObject({
      salesChannelId: null,
      winsChannelId: "C0NEWWINS",
      timeZone: "Europe/Berlin",
    });

    const audit = await db.prisma.auditEvent.findMany({ where: { workspaceId: "T0SAVE" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: "U0ADMIN",
      action: "workspace.settings_changed",
      entityType: "workspace",
      before: { winsChannel: "C0WINS", digestChannel: null, timeZone: "UTC", managers: ["U0MAYA"] },
      after: {
        winsChannel: "C0NEWWINS",
        digestChannel: "C0DIGEST2",
        timeZone: "Europe/Berlin",
        managers: ["U0BEN"],
      },
    });
  });

  it("stores the holiday calendar, sorted and without repeats, with one audit entry", async () => {
    const actor = await workspace("T0HOLIDAYS");
    const result = await admin.saveSettings(
      actor,
      unchanged({ holidays: "24 Dec 2026\n\n2026-12-31\n2026-12-24", holidayPreset: "DE" }),
    );
    expect(result.changed).toEqual(["holidays", "holidayPreset"]);
    expect((await admin.settings(actor)).holidays).toEqual(["2026-12-24", "2026-12-31"]);
    const audit = await db.prisma.auditEvent.findMany({ where: { workspaceId: "T0HOLIDAYS" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "workspace.settings_changed",
      before: { holidays: [], holidayPreset: null },
      after: { holidays: ["2026-12-24", "2026-12-31"], holidayPreset: "DE" },
    });
    // The same dates typed again are no change.
    const again = await admin.saveSettings(
      actor,
      unchanged({ holidays: "2026-12-31\n2026-12-24", holidayPreset: "DE" }),
    );
    expect(again.changed).toEqual([]);
    // A form without the calendar's fields leaves it as it is.
    const older = await admin.saveSettings(
      actor,
      unchanged({ holidays: undefined, holidayPreset: undefined, timeZone: "Europe/Berlin" }),
    );
    expect(older.changed).toEqual(["timeZone"]);
    expect(await admin.settings(actor)).toMatchObject({
      holidays: ["2026-12-24", "2026-12-31"],
      holidayPreset: "DE",
    });
  });

  it("refuses a bad holiday line or an unknown country next to its field, storing nothing", async () => {
    const actor = await workspace("T0BADHOLIDAYS");
    const refusal = (input: Partial<SettingsInput>) =>
      admin.saveSettings(actor, unchanged(input)).then(
        () => undefined,
        (error: unknown) => error as AppError,
      );
    const badLine = await refusal({ holidays: "2026-12-24\nsoon" });
    expect(badLine?.details).toMatchObject({
      field: "holidays",
      fieldProblems: [{ field: "holidays", problem: { kind: "bad_date_line", line: 2 } }],
    });
    const forged = await refusal({ holidayPreset: "XX" });
    expect(forged?.details).toMatchObject({ field: "holidayPreset" });
    expect(await db.prisma.workspace.findUnique({ where: { id: "T0BADHOLIDAYS" } })).toMatchObject({
      holidays: [],
      holidayPreset: null,
    });
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: "T0BADHOLIDAYS" } })).toBe(0);
  });

  it("saving the form unchanged stores nothing and audits nothing", async () => {
    const actor = await workspace("T0NOCHANGE");
    expect(await admin.saveSettings(actor, unchanged())).toEqual({ changed: [] });
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: "T0NOCHANGE" } })).toBe(0);
    expect(await db.prisma.person.count({ where: { workspaceId: "T0NOCHANGE" } })).toBe(0);
  });

  it("an emptied time zone goes back to the environment's", async () => {
    const actor = await workspace("T0TZBACK");
    await admin.saveSettings(actor, unchanged({ timeZone: "Asia/Tokyo" }));
    await admin.saveSettings(actor, unchanged({ timeZone: "" }));
    expect((await workspaces.settings("T0TZBACK")).timeZone).toBe("UTC");
  });

  it("refuses a time zone that is not an IANA name, next to the field", async () => {
    const actor = await workspace("T0BADTZ");
    const error = await appError(admin.saveSettings(actor, unchanged({ timeZone: "Mars/Olympus" })));
    expect(error.code).toBe(AppErrorCode.InvalidInput);
    expect(error.details.field).toBe("timeZone");
    expect(appErrorText(error)).toContain("Mars/Olympus");
    expect((await workspaces.settings("T0BADTZ")).timeZone).toBe("UTC");
  });

  it("keeps environment admins whatever the form says, and promotes new admins", async () => {
    const actor = await workspace("T0ADMINS");
    await admin.saveSettings(actor, unchanged({ admins: ["U0ANA"] }));
    expect((await workspaces.resolveActor("T0ADMINS", "U0ADMIN")).role).toBe("admin");
    expect((await workspaces.resolveActor("T0ADMINS", "U0ANA")).role).toBe("admin");
    expect((await admin.settings(actor)).roles.admins).toEqual(["U0ADMIN", "U0ANA"]);
  });

  it("refuses anyone but an admin, naming who to ask", async () => {
    await workspace("T0MEMBER");
    const member = { teamId: "T0MEMBER", userId: "U0BEN", role: "manager" as const };
    const error = await appError(admin.saveSettings(member, unchanged({ timeZone: "Asia/Tokyo" })));
    expect(error.code).toBe(AppErrorCode.Forbidden);
    expect(appErrorText(error)).toBe("Only Handoff admins can change the settings. Ask <@U0ADMIN>.");
    expect((await appError(admin.settings(member))).code).toBe(AppErrorCode.Forbidden);
    expect((await workspaces.settings("T0MEMBER")).timeZone).toBe("UTC");
  });
});

describe("stages", () => {
  function formOf(stages: readonly Stage[]): StageEdit[] {
    return stages.map((s) => ({
      stageId: s.id,
      name: s.name,
      order: String(s.position),
      probability: String(s.probability),
      ...(s.kind === "open" ? { staleAfterDays: String(s.staleAfterDays) } : {}),
    }));
  }

  it("renames and retunes; deals keep their stage; `/deal move` takes the new name and the old key", async () => {
    const actor = await workspace("T0STAGES");
    const { stages, fingerprint } = await admin.stagesToEdit(actor);
    const demo = stages.find((s) => s.key === "demo")!;
    const created = await deals.create(
      { ...actor, salesChannelId: undefined },
      {
        name: "Acme",
        accountName: null,
        amount: "1000",
        currency: "USD",
        expectedCloseDate: "2026-12-31",
        ownerId: "U0ADMIN",
        stageId: demo.id,
        nextStep: null,
        nextStepDate: null,
        source: null,
        contacts: [],
      },
      "stages-deal",
    );
    const edits = formOf(stages).map((e) =>
      e.stageId === demo.id ? { ...e, name: "Pitch", probability: "45", staleAfterDays: "20" } : e,
    );
    const result = await admin.saveStages(actor, edits, fingerprint);
    expect(result.changed.map((s) => [s.key, s.name, s.probability, s.staleAfterDays])).toEqual([
      ["demo", "Pitch", 45, 20],
    ]);

    const deal = await deals.get("T0STAGES", created.deal.id);
    expect(deal.stage).toMatchObject({ id: demo.id, name: "Pitch", probability: 45 });
    const moved = await deals.move({ ...actor, salesChannelId: undefined }, deal.id, "negotiation");
    expect(moved.kind).toBe("moved");
    const back = await deals.move({ ...actor, salesChannelId: undefined }, deal.id, "pitch");
    expect(back).toMatchObject({ kind: "moved", deal: { stage: { id: demo.id } } });

    const audit = await db.prisma.auditEvent.findFirst({
      where: { workspaceId: "T0STAGES", action: "stages.edited" },
    });
    expect(audit).toMatchObject({
      actorId: "U0ADMIN",
      before: [{ key: "demo", name: "Demo", probability: 40, staleAfterDays: 14 }],
      after: [{ key: "demo", name: "Pitch", probability: 45, staleAfterDays: 20 }],
    });
  });

  it("refuses invalid edits with every problem, storing nothing", async () => {
    const actor = await workspace("T0BADSTAGES");
    const { stages, fingerprint } = await admin.stagesToEdit(actor);
    const [lead, qualified] = stages;
    const edits = formOf(stages).map((e) =>
      e.stageId === lead!.id
        ? { ...e, name: "Qualified", staleAfterDays: "0" }
        : e.stageId === qualified!.id
          ? { ...e, probability: "120" }
          : e,
    );
    const error = await appError(admin.saveStages(actor, edits, fingerprint));
    expect(error.code).toBe(AppErrorCode.InvalidInput);
    expect(error.details.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stageId: lead!.id, field: "name" }),
        expect.objectContaining({ stageId: lead!.id, field: "staleAfterDays" }),
        expect.objectContaining({ stageId: qualified!.id, field: "probability" }),
      ]),
    );
    expect(await admin.stages("T0BADSTAGES")).toEqual(stages);
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: "T0BADSTAGES" } })).toBe(0);
  });

  it("refuses a save over someone else's newer edit", async () => {
    const actor = await workspace("T0RACE");
    const { stages, fingerprint } = await admin.stagesToEdit(actor);
    const lead = stages[0]!;
    await admin.saveStages(
      actor,
      formOf(stages).map((e) => (e.stageId === lead.id ? { ...e, name: "Prospect" } : e)),
      fingerprint,
    );
    const error = await appError(
      admin.saveStages(
        actor,
        formOf(stages).map((e) => (e.stageId === lead.id ? { ...e, probability: "15" } : e)),
        fingerprint,
      ),
    );
    expect(error.code).toBe(AppErrorCode.Conflict);
    expect((await admin.stages("T0RACE"))[0]).toMatchObject({ name: "Prospect", probability: 10 });
  });

  it("lets only admins edit", async () => {
    await workspace("T0STAGEMEMBER");
    const member = { teamId: "T0STAGEMEMBER", userId: "U0BEN", role: "member" as const };
    expect((await appError(admin.stagesToEdit(member))).code).toBe(AppErrorCode.Forbidden);
    expect((await appError(admin.saveStages(member, [], ""))).code).toBe(AppErrorCode.Forbidden);
  });
});
