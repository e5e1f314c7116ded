import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaDealRepository } from "../../../src/db/deal-repository.ts";
import { PrismaStageRepository } from "../../../src/db/stage-repository.ts";
import { PrismaUnitOfWork } from "../../../src/db/unit-of-work.ts";
import { PrismaPersonRepository, PrismaWorkspaceRepository } from "../../../src/db/workspace-repository.ts";
import type { Deal } from "../../../src/domain/deal.ts";
import type { Stage } from "../../../src/domain/stages.ts";
import { AppError, AppErrorCode } from "../../../src/lib/app-error.ts";
import { fixedClock } from "../../../src/lib/clock.ts";
import { type ActorContext, type DealInput, DealService } from "../../../src/services/deal-service.ts";
import { appErrorText } from "../../../src/slack/error-messages.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

const NOW = new Date("2026-11-24T10:00:00.000Z");
const SALES = "C0SALES";

let db: TestDatabase;
let service: DealService;
const clock = fixedClock(NOW);

beforeAll(async () => {
  db = await createTestDatabase();
  service = new DealService({
    deals: new PrismaDealRepository(db.prisma),
    stages: new PrismaStageRepository(db.prisma),
    unitOfWork: new PrismaUnitOfWork(db.prisma),
    clock,
    people: { kindOf: async () => "person" },
  });
});
afterAll(() => db.drop());

/** A workspace of its own for each test, with its stages created. */
async function workspace(teamId: string): Promise<Stage[]> {
  await new PrismaWorkspaceRepository(db.prisma).ensure(teamId);
  return service.stages(teamId);
}

function stageOf(stages: readonly Stage[], key: string): Stage {
  const found = stages.find((s) => s.key === key);
  if (!found) throw new Error(`no stage ${key}`);
  return found;
}

function actor(teamId: string, overrides: Partial<ActorContext> = {}): ActorContext {
  return { teamId, userId: "U0ANA", role: "member", salesChannelId: undefined, ...overrides };
}

function input(overrides: Partial<DealInput> = {}): DealInput {
  return {
    name: "Acme renewal",
    accountName: "Acme",
    amount: "12000",
    currency: "USD",
    expectedCloseDate: "2026-12-15",
    ownerId: "U0ANA",
    stageId: "",
    nextStep: null,
    nextStepDate: null,
    source: null,
    contacts: [],
    ...overrides,
  };
}

let keys = 0;
function key(): string {
  keys += 1;
  return `test-key-${keys}`;
}

async function create(
  teamId: string,
  overrides: Partial<DealInput> = {},
  who = actor(teamId),
): Promise<Deal> {
  return (await service.create(who, input(overrides), key())).deal;
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("DealService.create", () => {
  it("numbers deals D-1, D-2 … per workspace, independently in each", async () => {
    await workspace("T0NUMA");
    await workspace("T0NUMB");
    const a1 = await create("T0NUMA", { name: "First A" });
    const a2 = await create("T0NUMA", { name: "Second A" });
    const b1 = await create("T0NUMB", { name: "First B" });
    const a3 = await create("T0NUMA", { name: "Third A" });
    const b2 = await create("T0NUMB", { name: "Second B" });
    expect([a1.number, a2.number, a3.number]).toEqual([1, 2, 3]);
    expect([b1.number, b2.number]).toEqual([1, 2]);
    expect(await db.prisma.workspace.findUnique({ where: { id: "T0NUMA" } })).toMatchObject({
      lastDealNumber: 3,
    });
  });

  it("starts a deal in the first open stage, with its creation in the stage history and the audit", async () => {
    const stages = await workspace("T0START");
    const deal = await create("T0START", { stageId: "" });
    expect(deal.stage.key).toBe("lead");
    expect(deal).toMatchObject({
      name: "Acme renewal",
      accountName: "Acme",
      ownerId: "U0ANA",
      expectedCloseDate: "2026-12-15",
      stageEnteredAt: NOW,
      lastActivityAt: NOW,
      createdAt: NOW,
      closedAt: null,
    });
    const history = await db.prisma.dealStageChange.findMany({ where: { dealId: deal.id } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      fromStageId: null,
      toStageId: stageOf(stages, "lead").id,
      changedById: "U0ANA",
      changedAt: NOW,
    });
    const audit = await db.prisma.auditEvent.findMany({ where: { entityId: deal.id } });
    expect(audit.map((a) => a.action)).toEqual(["deal.created"]);
    expect(audit[0]!.before).toBeNull();
    expect(audit[0]!.after).toMatchObject({ name: "Acme renewal", stage: "lead", amount: "12000" });
  });

  it("refuses Qualified and later without amount or close date", async () => {
    const stages = await workspace("T0GATE");
    const error = await appError(
      service.create(
        actor("T0GATE"),
        input({ stageId: stageOf(stages, "qualified").id, amount: null }),
        key(),
      ),
    );
    expect(error.code).toBe(AppErrorCode.InvalidInput);
    expect(error.details).toEqual({ field: "amount", stageName: "Qualified", missing: ["amount"] });
    expect(await db.prisma.deal.count({ where: { workspaceId: "T0GATE" } })).toBe(0);
  });

  it("gives 20 concurrent creations the numbers 1..20, without gaps or duplicates", async () => {
    await workspace("T0RACE");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        service.create(actor("T0RACE"), input({ name: `Deal ${i}` }), `race-${i}`),
      ),
    );
    expect(results.every((r) => r.created)).toBe(true);
    expect(results.map((r) => r.deal.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const stored = await db.prisma.deal.findMany({
      where: { workspaceId: "T0RACE" },
      select: { number: true },
    });
    expect(stored.map((d) => d.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it("creates one deal when the same creation key arrives twice at once", async () => {
    await workspace("T0TWICE");
    const [first, second] = await Promise.all([
      service.create(actor("T0TWICE"), input(), "view:V0SAME"),
      service.create(actor("T0TWICE"), input(), "view:V0SAME"),
    ]);
    expect(first.deal.id).toBe(second.deal.id);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(await db.prisma.deal.count({ where: { workspaceId: "T0TWICE" } })).toBe(1);
    expect(await db.prisma.dealStageChange.count({ where: { dealId: first.deal.id } })).toBe(1);

    const later = await service.create(actor("T0TWICE"), input({ name: "Other" }), "view:V0SAME");
    expect(later).toEqual({
      deal: expect.objectContaining({ id: first.deal.id, name: "Acme renewal" }),
      created: false,
    });
    // The number counter was not spent on the duplicate.
    expect((await create("T0TWICE")).number).toBe(2);
  });

  it.each([
    ["0.01", "0.01", "0.0100"],
    ["1234567.89", "1234567.89", "1234567.8900"],
    ["9999999999999.99", "9999999999999.99", "9999999999999.9900"],
    ["12500.5", "12500.5", "12500.5000"],
    ["12500.50", "12500.5", "12500.5000"],
  ])("keeps the amount %s exactly (read back as %s, stored as %s)", async (amount, expected, stored) => {
    await workspace("T0MONEY");
    const created = await create("T0MONEY", { amount, currency: "EUR" });
    expect(created.amount).toBe(expected);
    const read = await service.get("T0MONEY", created.id);
    expect(read.amount).toBe(expected);
    expect(read.currency).toBe("EUR");
    const [row] = await db.prisma.$queryRaw<{ amount: string }[]>`
      select amount::text as amount from deal where id = ${created.id}::uuid`;
    expect(row!.amount).toBe(stored);
  });

  it("keeps a deal without an amount as null", async () => {
    await workspace("T0NOAMOUNT");
    const created = await create("T0NOAMOUNT", { amount: null });
    expect((await service.get("T0NOAMOUNT", created.id)).amount).toBeNull();
  });
});

describe("DealService.move", () => {
  it("moves a deal, recording the stage change and an audit event with before and after", async () => {
    const stages = await workspace("T0MOVE");
    const deal = await create("T0MOVE");
    clock.set("2026-11-25T09:30:00.000Z");
    try {
      const outcome = await service.move(actor("T0MOVE"), deal.id, "prop");
      expect(outcome.kind).toBe("moved");
      if (outcome.kind !== "moved") return;
      expect(outcome.from.key).toBe("lead");
      expect(outcome.deal.stage.key).toBe("proposal");
      expect(outcome.deal.stageEnteredAt).toEqual(new Date("2026-11-25T09:30:00.000Z"));
      expect(outcome.deal.lastActivityAt).toEqual(new Date("2026-11-25T09:30:00.000Z"));
      expect(outcome.deal.version).toBe(deal.version + 1);
    } finally {
      clock.set(NOW);
    }
    const history = await db.prisma.dealStageChange.findMany({
      where: { dealId: deal.id },
      orderBy: { id: "asc" },
    });
    expect(history.map((h) => [h.fromStageId, h.toStageId])).toEqual([
      [null, stageOf(stages, "lead").id],
      [stageOf(stages, "lead").id, stageOf(stages, "proposal").id],
    ]);
    expect(history[1]!.changedAt).toEqual(new Date("2026-11-25T09:30:00.000Z"));
    const moved = await db.prisma.auditEvent.findMany({ where: { entityId: deal.id, action: "deal.moved" } });
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({
      workspaceId: "T0MOVE",
      actorId: "U0ANA",
      entityType: "deal",
      before: { stage: "lead" },
      after: { stage: "proposal" },
    });
  });

  it("leaves a deal alone when it is already in the stage, and sends Won and Lost to their forms", async () => {
    await workspace("T0NOMOVE");
    const deal = await create("T0NOMOVE");
    expect((await service.move(actor("T0NOMOVE"), deal.id, "lead")).kind).toBe("unchanged");
    expect((await service.move(actor("T0NOMOVE"), deal.id, "won")).kind).toBe("needs_handoff");
    expect((await service.move(actor("T0NOMOVE"), deal.id, "lost")).kind).toBe("needs_reason");
    expect(await db.prisma.dealStageChange.count({ where: { dealId: deal.id } })).toBe(1);
    expect((await service.get("T0NOMOVE", deal.id)).stage.key).toBe("lead");
  });

  it("refuses a stage that needs details the deal lacks, naming them", async () => {
    await workspace("T0DETAILS");
    const deal = await create("T0DETAILS", { amount: null, expectedCloseDate: null });
    const error = await appError(service.move(actor("T0DETAILS"), deal.id, "demo"));
    expect(error.code).toBe(AppErrorCode.InvalidInput);
    expect(error.details).toEqual({
      fields: ["amount", "closeDate"],
      number: deal.number,
      stageName: "Demo",
      missing: ["amount", "close date"],
    });
    expect((await service.get("T0DETAILS", deal.id)).stage.key).toBe("lead");
  });

  it("refuses an unknown or ambiguous stage name", async () => {
    await workspace("T0BADSTAGE");
    const deal = await create("T0BADSTAGE");
    const unknown = await appError(service.move(actor("T0BADSTAGE"), deal.id, "closing"));
    expect(unknown.code).toBe(AppErrorCode.InvalidInput);
    const ambiguous = await appError(service.move(actor("T0BADSTAGE"), deal.id, "l"));
    expect(appErrorText(ambiguous)).toContain("Lead or Lost");
  });

  it("applies 10 concurrent moves one after another: 11 history rows in an unbroken chain", async () => {
    const teamId = "T0CHAIN";
    await workspace(teamId);
    // Ten extra open stages, so every one of the ten moves changes the stage whatever order they run in.
    await db.prisma.stage.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({
        workspaceId: teamId,
        key: `step_${i}`,
        name: `Step ${i}`,
        position: 10 + i,
        probability: 50,
        staleAfterDays: 10,
        kind: "OPEN" as const,
      })),
    });
    const deal = await create(teamId);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => service.move(actor(teamId), deal.id, `step_${i}`)),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(Array(10).fill("moved"));

    const history = await db.prisma.dealStageChange.findMany({
      where: { dealId: deal.id },
      orderBy: { id: "asc" },
    });
    expect(history).toHaveLength(11);
    expect(history[0]!.fromStageId).toBeNull();
    for (let i = 1; i < history.length; i++) {
      expect(history[i]!.fromStageId).toBe(history[i - 1]!.toStageId);
    }
    const final = await service.get(teamId, deal.id);
    expect(final.stage.id).toBe(history.at(-1)!.toStageId);
    expect(final.version).toBe(10);
    expect(new Set(history.slice(1).map((h) => h.toStageId)).size).toBe(10);
    expect(await db.prisma.auditEvent.count({ where: { entityId: deal.id, action: "deal.moved" } })).toBe(10);
  });

  it("applies 10 concurrent moves alternating between two stages without breaking the chain", async () => {
    const teamId = "T0ALTERNATE";
    await workspace(teamId);
    const deal = await create(teamId);
    const targets = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? "demo" : "proposal"));
    const outcomes = await Promise.all(targets.map((t) => service.move(actor(teamId), deal.id, t)));
    const moved = outcomes.filter((o) => o.kind === "moved");
    expect(moved.length).toBeGreaterThanOrEqual(2);
    expect(outcomes.filter((o) => o.kind !== "moved").every((o) => o.kind === "unchanged")).toBe(true);

    const history = await db.prisma.dealStageChange.findMany({
      where: { dealId: deal.id },
      orderBy: { id: "asc" },
    });
    expect(history).toHaveLength(1 + moved.length);
    for (let i = 1; i < history.length; i++) {
      expect(history[i]!.fromStageId).toBe(history[i - 1]!.toStageId);
      expect(history[i]!.toStageId).not.toBe(history[i]!.fromStageId);
    }
    expect((await service.get(teamId, deal.id)).stage.id).toBe(history.at(-1)!.toStageId);
  });

  it("refuses a member who doesn't own the deal, and lets a manager or admin move it", async () => {
    await workspace("T0PERMS");
    const deal = await create("T0PERMS");
    const refused = await appError(
      service.move(actor("T0PERMS", { userId: "U0BOB", role: "member" }), deal.id, "demo"),
    );
    expect(refused.code).toBe(AppErrorCode.Forbidden);
    expect(appErrorText(refused)).toContain("<@U0ANA>");
    expect((await service.get("T0PERMS", deal.id)).stage.key).toBe("lead");

    const managed = await service.move(
      actor("T0PERMS", { userId: "U0MAYA", role: "manager" }),
      deal.id,
      "demo",
    );
    expect(managed.kind).toBe("moved");
    const admin = await service.move(
      actor("T0PERMS", { userId: "U0ADA", role: "admin" }),
      deal.id,
      "proposal",
    );
    expect(admin.kind).toBe("moved");
    const changes = await db.prisma.dealStageChange.findMany({
      where: { dealId: deal.id },
      orderBy: { id: "asc" },
    });
    expect(changes.map((c) => c.changedById)).toEqual(["U0ANA", "U0MAYA", "U0ADA"]);
  });

  it("refuses to move a won deal", async () => {
    const stages = await workspace("T0WONFINAL");
    const deal = await create("T0WONFINAL");
    await db.prisma.deal.update({ where: { id: deal.id }, data: { stageId: stageOf(stages, "won").id } });
    const error = await appError(service.move(actor("T0WONFINAL"), deal.id, "demo"));
    expect(error.code).toBe(AppErrorCode.Conflict);
  });

  it("answers NOT_FOUND for a deal of another workspace", async () => {
    await workspace("T0MINE");
    await workspace("T0THEIRS");
    const theirs = await create("T0THEIRS");
    const error = await appError(service.move(actor("T0MINE"), theirs.id, "demo"));
    expect(error.code).toBe(AppErrorCode.NotFound);
    expect((await service.get("T0THEIRS", theirs.id)).stage.key).toBe("lead");
  });
});

describe("DealService.markLost", () => {
  it("needs a reason", async () => {
    await workspace("T0LOSTREASON");
    const deal = await create("T0LOSTREASON");
    for (const reason of ["", "   ", "\n"]) {
      const error = await appError(service.markLost(actor("T0LOSTREASON"), deal.id, reason));
      expect(error.code).toBe(AppErrorCode.InvalidInput);
      expect(error.details).toEqual({ field: "reason" });
    }
    expect((await service.get("T0LOSTREASON", deal.id)).stage.key).toBe("lead");
  });

  it("moves to Lost with the reason and closedAt, once; a later move reopens it", async () => {
    const stages = await workspace("T0LOST");
    const deal = await create("T0LOST");
    clock.set("2026-11-26T08:00:00.000Z");
    try {
      const lost = await service.markLost(actor("T0LOST"), deal.id, "  went with a competitor ");
      expect(lost.changed).toBe(true);
      expect(lost.deal).toMatchObject({
        lostReason: "went with a competitor",
        closedAt: new Date("2026-11-26T08:00:00.000Z"),
      });
      expect(lost.deal.stage.key).toBe("lost");
      const again = await service.markLost(actor("T0LOST"), deal.id, "another reason");
      expect(again.changed).toBe(false);
      expect(again.deal.lostReason).toBe("went with a competitor");
    } finally {
      clock.set(NOW);
    }
    const audit = await db.prisma.auditEvent.findMany({ where: { entityId: deal.id, action: "deal.lost" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      before: { stage: "lead" },
      after: { stage: "lost", lostReason: "went with a competitor" },
    });

    const reopened = await service.move(actor("T0LOST"), deal.id, "demo");
    expect(reopened.kind).toBe("moved");
    if (reopened.kind === "moved") {
      expect(reopened.deal).toMatchObject({ closedAt: null, lostReason: null });
      expect(reopened.from.key).toBe("lost");
    }
    const history = await db.prisma.dealStageChange.findMany({
      where: { dealId: deal.id },
      orderBy: { id: "asc" },
    });
    expect(history.map((h) => h.toStageId)).toEqual(
      ["lead", "lost", "demo"].map((k) => stageOf(stages, k).id),
    );
  });

  it("refuses a member who doesn't own the deal", async () => {
    await workspace("T0LOSTPERM");
    const deal = await create("T0LOSTPERM");
    const error = await appError(
      service.markLost(actor("T0LOSTPERM", { userId: "U0BOB" }), deal.id, "no budget"),
    );
    expect(error.code).toBe(AppErrorCode.Forbidden);
    expect((await service.get("T0LOSTPERM", deal.id)).closedAt).toBeNull();
  });
});

describe("queued Slack effects", () => {
  /** The channel messages; App Home refreshes have a test of their own. */
  async function effectsOf(teamId: string) {
    return db.prisma.slackEffect.findMany({
      where: { workspaceId: teamId, kind: { not: "home.refresh" } },
      orderBy: { id: "asc" },
    });
  }

  it("refreshes the App Home of whoever changed the deal and of its owner, with or without a channel", async () => {
    await workspace("T0HOME");
    const people = new PrismaPersonRepository(db.prisma);
    await people.markOpened("T0HOME", "U0ANA", new Date());
    await people.markOpened("T0HOME", "U0MAYA", new Date());
    const deal = await create("T0HOME");
    await service.move(actor("T0HOME", { userId: "U0MAYA", role: "manager" }), deal.id, "demo");
    const homes = await db.prisma.slackEffect.findMany({
      where: { workspaceId: "T0HOME", kind: "home.refresh" },
      orderBy: { id: "asc" },
    });
    expect(homes.map((e) => [e.orderingKey, e.payload])).toEqual([
      ["home:U0ANA", { kind: "home.refresh", userId: "U0ANA" }],
      ["home:U0MAYA", { kind: "home.refresh", userId: "U0MAYA" }],
      ["home:U0ANA", { kind: "home.refresh", userId: "U0ANA" }],
    ]);
  });

  it("refreshes no App Home that was never opened (opening it publishes it fresh)", async () => {
    await workspace("T0UNSEEN");
    await new PrismaPersonRepository(db.prisma).markOpened("T0UNSEEN", "U0MAYA", new Date());
    const deal = await create("T0UNSEEN");
    await service.move(actor("T0UNSEEN", { userId: "U0MAYA", role: "manager" }), deal.id, "demo");
    const homes = await db.prisma.slackEffect.findMany({
      where: { workspaceId: "T0UNSEEN", kind: "home.refresh" },
    });
    // Ana owns the deal but never opened her Home; Maya did.
    expect(homes.map((e) => e.payload)).toEqual([{ kind: "home.refresh", userId: "U0MAYA" }]);
  });

  it("queues nothing when no sales channel is configured", async () => {
    await workspace("T0QUIET");
    const deal = await create("T0QUIET");
    await service.move(actor("T0QUIET"), deal.id, "demo");
    await service.addNote(actor("T0QUIET"), deal.id, "called them", "note-quiet");
    await service.markLost(actor("T0QUIET"), deal.id, "no budget");
    expect(await effectsOf("T0QUIET")).toEqual([]);
  });

  it("queues the card and a thread reply per change, under one ordering key per deal", async () => {
    await workspace("T0LOUD");
    const who = actor("T0LOUD", { salesChannelId: SALES });
    const first = await create("T0LOUD", { name: "First" }, who);
    const second = await create("T0LOUD", { name: "Second" }, who);
    await service.move(who, first.id, "demo");
    await service.addNote(who, second.id, "sent the deck", "note-loud");
    await service.markLost(who, first.id, "no budget");

    const effects = await effectsOf("T0LOUD");
    expect(effects.map((e) => [e.kind, e.orderingKey])).toEqual([
      ["deal.card", `${SALES}:deal:${first.id}`],
      ["deal.card", `${SALES}:deal:${second.id}`],
      ["deal.card", `${SALES}:deal:${first.id}`],
      ["deal.reply", `${SALES}:deal:${first.id}`],
      ["deal.card", `${SALES}:deal:${second.id}`],
      ["deal.reply", `${SALES}:deal:${second.id}`],
      ["deal.card", `${SALES}:deal:${first.id}`],
      ["deal.reply", `${SALES}:deal:${first.id}`],
    ]);
    expect(effects.every((e) => e.status === "PENDING")).toBe(true);
    expect(effects[3]!.payload).toEqual({
      kind: "deal.reply",
      dealId: first.id,
      channelId: SALES,
      actorId: "U0ANA",
      change: { type: "moved", from: "Lead", to: "Demo" },
    });
    expect(effects[7]!.payload).toMatchObject({ change: { type: "lost", reason: "no budget" } });
    expect(new Set(effects.map((e) => e.idempotencyKey)).size).toBe(effects.length);
  });

  it("queues nothing for a change that changes nothing", async () => {
    await workspace("T0NOOP");
    const who = actor("T0NOOP", { salesChannelId: SALES });
    const deal = await create("T0NOOP", {}, who);
    await service.move(who, deal.id, "lead");
    await service.move(who, deal.id, "won");
    expect((await effectsOf("T0NOOP")).map((e) => e.kind)).toEqual(["deal.card"]);
  });

  it("follows the posted card's channel once it exists", async () => {
    await workspace("T0CARD");
    const deal = await create("T0CARD");
    await service.recordCard(deal.id, { channelId: "C0OLDSALES", ts: "1700000000.000100" });
    await service.move(actor("T0CARD", { salesChannelId: SALES }), deal.id, "demo");
    const effects = await effectsOf("T0CARD");
    expect(effects.map((e) => e.orderingKey)).toEqual([
      `C0OLDSALES:deal:${deal.id}`,
      `C0OLDSALES:deal:${deal.id}`,
    ]);
  });
});

describe("DealService.resolve", () => {
  const teamId = "T0RESOLVE";
  let deals: Deal[];

  beforeAll(async () => {
    await workspace(teamId);
    deals = [];
    for (const [name, accountName] of [
      ["Acme renewal", "Acme Corp"],
      ["Globex expansion", "Globex"],
      ["Initech pilot", "Initech"],
      ["Initech rollout", "Initech"],
      ["Q3 order", "Umbrella Holdings"],
      ["Acme", "Acme Subsidiary"],
    ] as const) {
      deals.push(await create(teamId, { name, accountName }));
    }
  });

  it.each([
    ["D-3", 3],
    ["d-3", 3],
    ["3", 3],
    ["#3", 3],
    ["Globex expansion", 2],
    ["globex EXPANSION", 2],
    ["Umbrel", 5],
    ["holdings", 5],
    ["Acme Corp", 1],
    ["renewal", 1],
  ])("%j → D-%i", async (query, number) => {
    expect((await service.resolve(teamId, query)).number).toBe(number);
  });

  it("lists the candidates when a query matches several deals", async () => {
    const error = await appError(service.resolve(teamId, "Initech"));
    expect(error.code).toBe(AppErrorCode.Ambiguous);
    const candidates = error.details.candidates as Deal[];
    expect(candidates.map((d) => d.number).sort()).toEqual([3, 4]);
    expect(error.details.query).toBe("Initech");
  });

  it("asks even when one deal's name is exactly the word", async () => {
    const error = await appError(service.resolve(teamId, "Acme"));
    expect(error.code).toBe(AppErrorCode.Ambiguous);
    expect((error.details.candidates as Deal[]).map((d) => d.number).sort()).toEqual([1, 6]);
  });

  it("answers NOT_FOUND for an unknown reference or text", async () => {
    const missing = await appError(service.resolve(teamId, "D-99"));
    expect(missing.code).toBe(AppErrorCode.NotFound);
    expect(appErrorText(missing)).toContain("D-99");
    const nothing = await appError(service.resolve(teamId, "Wayne Enterprises"));
    expect(nothing.code).toBe(AppErrorCode.NotFound);
  });

  it("doesn't find another workspace's deals", async () => {
    await workspace("T0RESOLVE2");
    expect((await appError(service.resolve("T0RESOLVE2", "Globex"))).code).toBe(AppErrorCode.NotFound);
    expect((await appError(service.resolve("T0RESOLVE2", "D-1"))).code).toBe(AppErrorCode.NotFound);
  });

  it("treats LIKE wildcards in the query as text", async () => {
    expect((await appError(service.resolve(teamId, "%"))).code).toBe(AppErrorCode.NotFound);
    expect((await appError(service.resolve(teamId, "_"))).code).toBe(AppErrorCode.NotFound);
  });

  it("asks for a query when it is empty", async () => {
    expect((await appError(service.resolve(teamId, "  "))).code).toBe(AppErrorCode.InvalidInput);
  });
});
