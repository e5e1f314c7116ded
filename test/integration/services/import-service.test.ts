import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaDealImportStore } from "../../../src/db/deal-import-repository.ts";
import { PrismaStageRepository } from "../../../src/db/stage-repository.ts";
import { PrismaUnitOfWork } from "../../../src/db/unit-of-work.ts";
import { PrismaWorkspaceRepository } from "../../../src/db/workspace-repository.ts";
import { AppError } from "../../../src/lib/app-error.ts";
import { fixedClock } from "../../../src/lib/clock.ts";
import { type ImportFile, ImportService } from "../../../src/services/import-service.ts";
import type { UnitOfWork } from "../../../src/services/ports.ts";
import { importPreviewText } from "../../../src/slack/import-words.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

const NOW = new Date("2026-12-04T10:00:00.000Z");
const EMAILS: Record<string, string> = { "ana@handoff.example": "U0ANA", "ben@handoff.example": "U0BEN" };

let db: TestDatabase;
let lookups: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

function service(unitOfWork: UnitOfWork = new PrismaUnitOfWork(db.prisma)): ImportService {
  return new ImportService({
    imports: new PrismaDealImportStore(db.prisma),
    stages: new PrismaStageRepository(db.prisma),
    unitOfWork,
    clock: fixedClock(NOW),
    people: {
      userIdByEmail: async (_team, email) => {
        lookups.push(email);
        return EMAILS[email];
      },
    },
    admins: async () => ["U0ADMIN"],
  });
}

/** The real store, noting how many creation keys each lookup of existing deals asks for. */
class CountingImportStore extends PrismaDealImportStore {
  readonly asked: number[] = [];
  override findExisting(...args: Parameters<PrismaDealImportStore["findExisting"]>) {
    this.asked.push(args[1].creationKeys.length);
    return super.findExisting(...args);
  }
}

let teams = 0;
async function workspace(): Promise<string> {
  teams += 1;
  const teamId = `T0IMPORT${teams}`;
  await new PrismaWorkspaceRepository(db.prisma).ensure(teamId);
  await db.prisma.person.create({ data: { workspaceId: teamId, slackUserId: "U0BEN", name: "Ben Okafor" } });
  return teamId;
}

const admin = (teamId: string) => ({ teamId, userId: "U0ADMIN", role: "admin" as const });
const choices = { update: false, stageMapping: {} };

function fixture(name: string): ImportFile {
  const text = readFileSync(path.resolve(import.meta.dirname, "../../fixtures/import", name), "utf8");
  return { name, text, bytes: Buffer.byteLength(text) };
}
function file(name: string, text: string): ImportFile {
  return { name, text, bytes: Buffer.byteLength(text) };
}

async function dealsOf(teamId: string) {
  return db.prisma.deal.findMany({
    where: { workspaceId: teamId },
    include: {
      stage: true,
      account: true,
      notes: true,
      stageChanges: true,
      contacts: { include: { contact: true } },
    },
    orderBy: { number: "asc" },
  });
}

describe("ImportService.preview", () => {
  it("counts what the HubSpot file would do, by line, owner and stage, and changes nothing", async () => {
    const teamId = await workspace();
    lookups = [];
    const preview = await service().preview(admin(teamId), fixture("hubspot-deals.csv"), choices);
    expect(preview).toMatchObject({
      format: "hubspot",
      rowsRead: 6,
      toCreate: 3,
      toUpdate: 0,
      refusedCount: 3,
      unmatchedStages: ["Contract sent"],
      fallbackStage: { name: "Lead" },
      owners: { byEmail: 1, byName: 1, toImporter: 1, unknownNames: ["nobody@elsewhere.example"] },
    });
    expect(preview.refusals.map((r) => r.line)).toEqual([6, 7, 8]);
    // Each email is asked of Slack once per import.
    expect(lookups.sort()).toEqual(["ana@handoff.example", "nobody@elsewhere.example"]);
    expect(await dealsOf(teamId)).toEqual([]);
    expect(importPreviewText(preview, { update: false })).toContain('line 6: "12kk" is not an amount');
  });

  it("refuses a member: importing is for admins", async () => {
    const teamId = await workspace();
    const error = await service()
      .preview({ teamId, userId: "U0MEMBER", role: "member" }, fixture("hubspot-deals.csv"), choices)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).reason).toBe("admin.required");
  });
});

describe("ImportService.run", () => {
  it("imports the rows, each deal's history starting with the file, one audit event, no Slack posts", async () => {
    const teamId = await workspace();
    const progress: number[] = [];
    const summary = await service().run(
      admin(teamId),
      fixture("hubspot-deals.csv"),
      { update: false, stageMapping: { "Contract sent": "" } },
      ({ done }) => {
        progress.push(done);
      },
    );
    expect(summary).toMatchObject({ created: 3, updated: 0, refusedCount: 3, ownersToImporter: 1 });
    expect(progress).toEqual([3]);
    const deals = await dealsOf(teamId);
    expect(deals.map((d) => [d.number, d.name, d.account?.name, d.stage.name, d.ownerId])).toEqual([
      [1, "Acme Corp, renewal 2027", "Acme Corp, Inc.", "Proposal", "U0ANA"],
      [2, "Zürich Versicherung pilot", "Zürich Versicherung AG", "Qualified", "U0BEN"],
      [3, "Søren & Co – onboarding", "Søren & Co ApS", "Lead", "U0ADMIN"],
    ]);
    for (const deal of deals) {
      expect(deal.notes.map((n) => n.body)).toEqual(["imported from hubspot-deals.csv"]);
      expect(deal.stageChanges).toHaveLength(1);
    }
    const audit = await db.prisma.auditEvent.findMany({ where: { workspaceId: teamId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: "U0ADMIN",
      action: "deals.imported",
      after: { file: "hubspot-deals.csv", created: 3, updated: 0, refusedCount: 3 },
    });
    expect(await db.prisma.slackEffect.count({ where: { workspaceId: teamId } })).toBe(0);
  });

  it("creates nothing twice when the same file is imported again", async () => {
    const teamId = await workspace();
    await service().run(admin(teamId), fixture("salesforce-opportunities.csv"), choices);
    const again = await service().run(admin(teamId), fixture("salesforce-opportunities.csv"), choices);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await db.prisma.deal.count({ where: { workspaceId: teamId } })).toBe(3);
  });

  it("looks up the deals a long file matches a batch at a time, and imports it once", async () => {
    const teamId = await workspace();
    const lines = Array.from(
      { length: 1_200 },
      (_, i) => `${700_000 + i},Deal ${i},Qualified,${i + 1}00,Company ${i % 40}`,
    );
    lines.push("700003,Deal 3 again,Qualified,100,Company 3");
    const text = ["Record ID,Deal Name,Deal Stage,Amount,Associated Company", ...lines].join("\n");
    const store = new CountingImportStore(db.prisma);
    const counted = new ImportService({
      imports: store,
      stages: new PrismaStageRepository(db.prisma),
      unitOfWork: new PrismaUnitOfWork(db.prisma),
      clock: fixedClock(NOW),
      people: { userIdByEmail: async () => undefined },
      admins: async () => ["U0ADMIN"],
    });

    const first = await counted.run(admin(teamId), file("long.csv", text), choices);
    expect(first).toMatchObject({ created: 1_200, unchanged: 0, refusedCount: 1 });
    expect(Math.max(...store.asked)).toBeLessThanOrEqual(500);
    expect(store.asked.reduce((sum, n) => sum + n, 0)).toBe(1_200);

    const preview = await counted.preview(admin(teamId), file("long.csv", text), choices);
    expect(preview).toMatchObject({ toCreate: 0, unchanged: 1_200, refusedCount: 1 });
    expect(preview.refusals).toEqual([{ code: "duplicate_row", line: 1_202, firstLine: 5 }]);
    const again = await counted.run(admin(teamId), file("long.csv", text), choices);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1_200 });
    expect(await db.prisma.deal.count({ where: { workspaceId: teamId } })).toBe(1_200);
  });

  it("updates the deals a file already made only when asked, with what changed", async () => {
    const teamId = await workspace();
    await service().run(admin(teamId), fixture("pipedrive-deals.csv"), choices);
    const changed = fixture("pipedrive-deals.csv").text.replace("25000,EUR,Demo", "27500,EUR,Proposal");
    const preview = await service().preview(admin(teamId), file("p.csv", changed), {
      ...choices,
      update: true,
    });
    expect(preview).toMatchObject({ toCreate: 0, toUpdate: 1, unchanged: 2 });
    const kept = await service().run(admin(teamId), file("p.csv", changed), choices);
    expect(kept).toMatchObject({ created: 0, updated: 0 });
    const summary = await service().run(admin(teamId), file("p.csv", changed), { ...choices, update: true });
    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const deal = (await dealsOf(teamId)).find((d) => d.name === "Łódź logistics rollout")!;
    expect([deal.amount?.toFixed(), deal.currency, deal.stage.name]).toEqual(["27500", "EUR", "Proposal"]);
    expect(deal.stageChanges).toHaveLength(2);
  });

  it("updates a batch of deals in place: fields, a new contact after the others, a move with its history", async () => {
    const teamId = await workspace();
    const header = "Opportunity Name,Account Name,Amount,Stage,Next Step\n";
    const first = Array.from({ length: 600 }, (_, i) => `Deal ${i},Company ${i},100,Prospecting,Call`);
    await service().run(admin(teamId), file("a.csv", `${header}${first.join("\n")}\n`), choices);
    const changed = Array.from(
      { length: 600 },
      (_, i) =>
        `Deal ${i},Company ${i},${i % 2 === 0 ? 250 : 100},${i % 3 === 0 ? "Demo" : "Prospecting"},Call`,
    );
    const summary = await service().run(admin(teamId), file("b.csv", `${header}${changed.join("\n")}\n`), {
      ...choices,
      update: true,
    });
    const moved = 200;
    const updated = 600 - 200; // every second amount changed, every third stage: 1 − (1/2 × 2/3) of 600
    expect(summary).toMatchObject({ created: 0, updated });
    const deals = await dealsOf(teamId);
    const deal0 = deals.find((d) => d.name === "Deal 0")!;
    expect([deal0.amount?.toFixed(), deal0.stage.name, deal0.version > 0]).toEqual(["250", "Demo", true]);
    expect(deal0.stageChanges.map((c) => c.toStageId)).toEqual([
      deals.find((d) => d.name === "Deal 1")!.stageId,
      deal0.stageId,
    ]);
    expect(deals.filter((d) => d.stage.name === "Demo")).toHaveLength(moved);
    const deal1 = deals.find((d) => d.name === "Deal 1")!;
    expect([deal1.amount?.toFixed(), deal1.version, deal1.nextStep]).toEqual(["100", 0, "Call"]);

    const withContact =
      "Reference,Name,Company,Stage,Amount,Currency,Close date,Owner,Owner email,Contact,Contact email,Next step,Source\n";
    const ref = `D-${deal1.number}`;
    await service().run(
      admin(teamId),
      file("c.csv", `${withContact}${ref},Deal 1,Company 1,,,USD,,,,Wile E. Coyote,wile@acme.example,,\n`),
      { ...choices, update: true },
    );
    const [again] = await db.prisma.deal.findMany({
      where: { id: deal1.id },
      include: { contacts: { include: { contact: true } } },
    });
    expect(again!.contacts.map((c) => [c.contact.name, c.contact.email, c.position])).toEqual([
      ["Wile E. Coyote", "wile@acme.example", 0],
    ]);
    // The contact works for the deal's company, though the row did not change it.
    expect(again!.contacts[0]!.contact.accountId).toBe(deal1.accountId);
    expect(deal1.accountId).not.toBeNull();
  });

  it("matches rows without an id by deal name and company", async () => {
    const teamId = await workspace();
    const text = "Opportunity Name,Account Name,Amount\nGlobex deal,Globex,100\n";
    await service().run(admin(teamId), file("a.csv", text), choices);
    const renamed = "Opportunity Name,Account Name,Amount\n globex  DEAL ,GLOBEX,250\n";
    const summary = await service().run(admin(teamId), file("b.csv", renamed), { ...choices, update: true });
    expect(summary).toMatchObject({ created: 0, updated: 1 });
    expect((await dealsOf(teamId)).map((d) => d.amount?.toFixed())).toEqual(["250"]);
  });

  it("retries a batch that failed, and imports it once", async () => {
    const teamId = await workspace();
    const real = new PrismaUnitOfWork(db.prisma);
    let failures = 1;
    const flaky: UnitOfWork = {
      run: (work) =>
        real.run(async (tx) => {
          const result = await work(tx);
          if (failures-- > 0) throw new Error("connection reset after the batch's writes");
          return result;
        }),
    };
    const summary = await service(flaky).run(admin(teamId), fixture("handoff-export.csv"), choices);
    expect(summary).toMatchObject({ created: 2 });
    expect(await db.prisma.deal.count({ where: { workspaceId: teamId } })).toBe(2);
  });

  it("leaves nothing half-imported when a batch keeps failing", async () => {
    const teamId = await workspace();
    const real = new PrismaUnitOfWork(db.prisma);
    const broken: UnitOfWork = {
      run: (work) =>
        real.run(async (tx) => {
          await work(tx);
          throw new Error("the database went away");
        }),
    };
    await expect(service(broken).run(admin(teamId), fixture("handoff-export.csv"), choices)).rejects.toThrow(
      "the database went away",
    );
    expect(await db.prisma.deal.count({ where: { workspaceId: teamId } })).toBe(0);
    expect(await db.prisma.account.count({ where: { workspaceId: teamId } })).toBe(0);
  });

  it("imports each fixture end to end: non-ASCII names, quoted commas, contacts", async () => {
    const teamId = await workspace();
    for (const name of ["handoff-export.csv", "pipedrive-deals.csv", "salesforce-opportunities.csv"]) {
      await service().run(admin(teamId), fixture(name), choices);
    }
    const deals = await dealsOf(teamId);
    expect(deals.map((d) => d.name)).toEqual([
      "Acme renewal",
      "Zeta pilot",
      "Łódź logistics rollout",
      "Multi-line note deal",
      "Tokyo office",
      "Globex – Q2 expansion",
      "Initech migration",
      "Hooli pilot",
    ]);
    const tokyo = deals.find((d) => d.name === "Tokyo office")!;
    expect(tokyo.account?.name).toBe("東京商事株式会社");
    expect(tokyo.contacts.map((c) => [c.contact.name, c.contact.email])).toEqual([
      ["山田 太郎", "yamada@tokyo.example"],
    ]);
    expect(deals.find((d) => d.name === "Zeta pilot")?.nextStep).toBe("=1+2 budget check");
  });
});

describe("ImportService: owners by name", () => {
  it("matches a name Slack knows once, and not a name two people share", async () => {
    const teamId = await workspace();
    const named = new ImportService({
      imports: new PrismaDealImportStore(db.prisma),
      stages: new PrismaStageRepository(db.prisma),
      unitOfWork: new PrismaUnitOfWork(db.prisma),
      clock: fixedClock(NOW),
      admins: async () => [],
      people: {
        userIdByEmail: async () => undefined,
        peopleByName: async () => [
          { userId: "U0MAYA", name: "Maya Lind" },
          { userId: "U0ANA1", name: "Ana Souza" },
          { userId: "U0ANA2", name: "ana  souza" },
        ],
      },
    });
    const preview = await named.preview(admin(teamId), fixture("salesforce-opportunities.csv"), choices);
    // Ben Okafor by the name Handoff stored, Maya Lind by Slack's; Ana Souza is two people.
    expect(preview.owners).toEqual({ byEmail: 0, byName: 2, toImporter: 1, unknownNames: ["Ana Souza"] });
    await named.run(admin(teamId), fixture("salesforce-opportunities.csv"), choices);
    expect((await dealsOf(teamId)).map((d) => d.ownerId)).toEqual(["U0BEN", "U0ADMIN", "U0MAYA"]);
  });
});

describe("ImportService: rows it refuses by line", () => {
  it("refuses a second row of the same deal (no id: same name and company) and an unknown currency", async () => {
    const teamId = await workspace();
    const text = [
      "Opportunity Name,Account Name,Amount,Amount Currency",
      "Acme pilot,Acme,100,USD",
      "ACME  pilot,acme,200,USD",
      "Bolt deal,Bolt,300,XYZ",
      "Globex,Globex,400,EUR",
    ].join("\n");
    const preview = await service().preview(admin(teamId), file("s.csv", text), choices);
    expect(preview.refusals).toEqual([
      { code: "duplicate_row", line: 3, firstLine: 2 },
      { code: "unknown_currency", line: 4, value: "XYZ" },
    ]);
    const summary = await service().run(admin(teamId), file("s.csv", text), choices);
    expect(summary).toMatchObject({ created: 2, refusedCount: 2 });
  });
});

describe("ImportService: files it refuses whole", () => {
  it("refuses a 20 MB file before reading it", async () => {
    const teamId = await workspace();
    const error = await service()
      .preview(admin(teamId), { name: "big.csv", text: "Deal Name\n", bytes: 20 * 1024 * 1024 }, choices)
      .catch((e: unknown) => e as AppError);
    expect(error).toMatchObject({ reason: "import.file_too_large", details: { limit: 10 * 1024 * 1024 } });
  });

  it("refuses 60,000 rows and a file that is not CSV, importing nothing", async () => {
    const teamId = await workspace();
    const many = `Deal Name\n${Array.from({ length: 60_000 }, (_, i) => `Deal ${i}`).join("\n")}`;
    await expect(service().run(admin(teamId), file("many.csv", many), choices)).rejects.toMatchObject({
      reason: "import.too_many_rows",
      details: { rows: 60_000, limit: 50_000 },
    });
    await expect(
      service().run(admin(teamId), file("deals.xlsx", "PK\u0003\u0004\u0000\u0000binary"), choices),
    ).rejects.toMatchObject({ reason: "import.unreadable", details: { problem: "not_csv" } });
    expect(await db.prisma.deal.count({ where: { workspaceId: teamId } })).toBe(0);
  });
});
