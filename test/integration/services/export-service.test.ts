import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaDealImportStore } from "../../../src/db/deal-import-repository.ts";
import { PrismaDealRepository } from "../../../src/db/deal-repository.ts";
import { PrismaStageRepository } from "../../../src/db/stage-repository.ts";
import { PrismaUnitOfWork } from "../../../src/db/unit-of-work.ts";
import { PrismaWorkspaceRepository } from "../../../src/db/workspace-repository.ts";
import { parseCsv } from "../../../src/domain/csv.ts";
import { fixedClock } from "../../../src/lib/clock.ts";
import { DealService } from "../../../src/services/deal-service.ts";
import { ExportService } from "../../../src/services/export-service.ts";
import { ImportService } from "../../../src/services/import-service.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

const NOW = new Date("2026-12-04T10:00:00.000Z");
const PEOPLE: Record<string, { name: string; email: string }> = {
  U0ANA: { name: "Ana Ruiz", email: "ana@x.example" },
  U0BEN: { name: "Ben Okafor", email: "ben@x.example" },
  // The app's own user, which holds a lead until someone takes it (a bot has no email).
  U0HANDOFF: { name: "Handoff", email: "" },
};
const TEAM = "T0EXPORT";

let db: TestDatabase;
let deals: DealService;
let exports: ExportService;
let imports: ImportService;

beforeAll(async () => {
  db = await createTestDatabase();
  const clock = fixedClock(NOW);
  const store = new PrismaDealImportStore(db.prisma);
  const stages = new PrismaStageRepository(db.prisma);
  const unitOfWork = new PrismaUnitOfWork(db.prisma);
  deals = new DealService({
    deals: new PrismaDealRepository(db.prisma),
    stages,
    unitOfWork,
    clock,
    people: { kindOf: async () => "person" },
  });
  exports = new ExportService({
    imports: store,
    clock,
    people: { profileOf: async (_t, id) => PEOPLE[id] ?? {} },
  });
  imports = new ImportService({
    imports: store,
    stages,
    unitOfWork,
    clock,
    admins: async () => [],
    people: {
      userIdByEmail: async (_t, email) => Object.entries(PEOPLE).find(([, p]) => p.email === email)?.[0],
    },
  });
  await new PrismaWorkspaceRepository(db.prisma).ensure(TEAM);
  const actor = { teamId: TEAM, userId: "U0ANA", role: "admin" as const, salesChannelId: undefined };
  const base = {
    accountName: null,
    amount: null,
    currency: "USD",
    expectedCloseDate: null,
    ownerId: "U0ANA",
    stageId: "",
    nextStep: null,
    nextStepDate: null,
    source: null,
    contacts: [],
  };
  await deals.create(actor, { ...base, name: "Acme, renewal", accountName: "Acme Inc." }, "k1");
  await deals.create(
    actor,
    {
      ...base,
      name: '=HYPERLINK("http://evil.example","Win")',
      accountName: "@Evil Co",
      amount: "45000.5",
      currency: "EUR",
      expectedCloseDate: "2027-03-31",
      ownerId: "U0BEN",
      nextStep: "-5% discount, then +1 call",
      source: "Web",
      contacts: [
        { name: "Zoë Łódź", title: "CTO", email: "zoe@evil.example", phone: "+1 555" },
        { name: "Second Contact", title: null, email: null, phone: null },
      ],
    },
    "k2",
  );
});
afterAll(() => db.drop());

describe("ExportService", () => {
  it("writes Handoff's export format, protecting cells a spreadsheet would run as formulas", async () => {
    const exported = await exports.dealsCsv(TEAM, {});
    expect(exported).toMatchObject({ fileName: "handoff-deals-2026-12-04.csv", count: 2 });
    const parsed = parseCsv(exported.csv);
    if (!parsed.ok) throw new Error("unreadable export");
    expect(parsed.records.map((r) => r.fields)).toEqual([
      [
        "Reference",
        "Name",
        "Company",
        "Stage",
        "Amount",
        "Currency",
        "Close date",
        "Owner",
        "Owner email",
        "Contact",
        "Contact email",
        "Next step",
        "Source",
      ],
      [
        "D-1",
        "Acme, renewal",
        "Acme Inc.",
        "Lead",
        "",
        "USD",
        "",
        "Ana Ruiz",
        "ana@x.example",
        "",
        "",
        "",
        "",
      ],
      [
        "D-2",
        `'=HYPERLINK("http://evil.example","Win")`,
        "'@Evil Co",
        "Lead",
        "45000.5",
        "EUR",
        "2027-03-31",
        "Ben Okafor",
        "ben@x.example",
        "Zoë Łódź",
        "zoe@evil.example",
        "'-5% discount, then +1 call",
        "Web",
      ],
    ]);
  });

  it("exports only the owner's deals, or one stage's", async () => {
    expect((await exports.dealsCsv(TEAM, { ownerId: "U0BEN" })).count).toBe(1);
    const stages = await deals.stages(TEAM);
    const won = stages.find((s) => s.kind === "won")!;
    expect((await exports.dealsCsv(TEAM, { stageIds: [won.id] })).count).toBe(0);
  });

  it("imports back (update) without changing anything", async () => {
    const exported = await exports.dealsCsv(TEAM, {});
    const file = { name: exported.fileName, text: exported.csv, bytes: Buffer.byteLength(exported.csv) };
    const admin = { teamId: TEAM, userId: "U0ADMIN", role: "admin" as const };
    const before = await db.prisma.deal.findMany({ orderBy: { number: "asc" } });
    const summary = await imports.run(admin, file, { update: true, stageMapping: {} });
    expect(summary).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 2,
      refusedCount: 0,
      ownersToImporter: 0,
    });
    expect(await db.prisma.deal.findMany({ orderBy: { number: "asc" } })).toEqual(before);
  });

  it("leaves a lead nobody has taken without an owner, and importing it back neither changes it nor gives it away", async () => {
    const app = { teamId: TEAM, userId: "U0HANDOFF", role: "member" as const, salesChannelId: undefined };
    const checked = await deals.checkNew(
      TEAM,
      {
        name: "Jane Doe",
        accountName: "Umbrella",
        amount: null,
        currency: "USD",
        expectedCloseDate: null,
        ownerId: "U0HANDOFF",
        stageId: "",
        nextStep: null,
        nextStepDate: null,
        source: "Website",
        contacts: [],
      },
      ["U0HANDOFF"],
    );
    const lead = await new PrismaUnitOfWork(db.prisma).run((tx) =>
      deals.createWithin(tx, app, checked, null, NOW, true),
    );
    const exported = await exports.dealsCsv(TEAM, {});
    const parsed = parseCsv(exported.csv);
    if (!parsed.ok) throw new Error("unreadable export");
    const row = parsed.records.map((r) => r.fields).find((fields) => fields[0] === `D-${lead.number}`);
    expect(row?.slice(1, 9)).toEqual(["Jane Doe", "Umbrella", "Lead", "", "USD", "", "", ""]);

    const file = { name: exported.fileName, text: exported.csv, bytes: Buffer.byteLength(exported.csv) };
    const admin = { teamId: TEAM, userId: "U0ADMIN", role: "admin" as const };
    const before = await db.prisma.deal.findMany({ orderBy: { number: "asc" } });
    const summary = await imports.run(admin, file, { update: true, stageMapping: {} });
    expect(summary).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
      refusedCount: 0,
      ownersToImporter: 0,
    });
    expect(await db.prisma.deal.findMany({ orderBy: { number: "asc" } })).toEqual(before);
    expect(await db.prisma.deal.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      ownerId: "U0HANDOFF",
      awaitingOwner: true,
    });
  });
});
