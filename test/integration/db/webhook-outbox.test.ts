import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaUnitOfWork } from "../../../src/db/unit-of-work.ts";
import { PrismaWorkspaceRepository } from "../../../src/db/workspace-repository.ts";
import type { WebhookEvent } from "../../../src/domain/webhooks.ts";
import { fixedClock } from "../../../src/lib/clock.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

/** The outbox: a delivery row exists if and only if the change that recorded it committed. */
const TEAM = "T0OUTBOX";
const AT = new Date("2026-12-07T09:00:00.000Z");
let db: TestDatabase;
let unitOfWork: PrismaUnitOfWork;

const event = (subject: string): WebhookEvent => ({
  type: "deal.stage_changed",
  subject,
  data: { ref: "D-1" },
  at: AT,
});

beforeAll(async () => {
  db = await createTestDatabase();
  unitOfWork = new PrismaUnitOfWork(db.prisma, fixedClock(AT));
  await new PrismaWorkspaceRepository(db.prisma).ensure(TEAM);
  await unitOfWork.run((tx) =>
    tx.webhooks.add({
      teamId: TEAM,
      url: "https://hooks.example.com/a",
      events: ["deal.stage_changed"],
      secret: "s",
      createdById: "U0ADMIN",
      at: AT,
    }),
  );
  await unitOfWork.run((tx) =>
    tx.webhooks.add({
      teamId: TEAM,
      url: "https://hooks.example.com/b",
      events: ["deal.won"],
      secret: "s",
      createdById: "U0ADMIN",
      at: AT,
    }),
  );
});
afterAll(() => db.drop());

describe("tx.webhooks.record", () => {
  it("queues nothing when the change rolls back", async () => {
    await expect(
      unitOfWork.run(async (tx) => {
        await tx.webhooks.record(TEAM, event("deal:rolled-back"));
        throw new Error("the change failed after the event was recorded");
      }),
    ).rejects.toThrow(/change failed/);
    expect(
      await db.prisma.webhookDelivery.count({ where: { orderingKey: { endsWith: "deal:rolled-back" } } }),
    ).toBe(0);
  });

  it("queues one delivery per enabled endpoint subscribed to the type when it commits", async () => {
    await unitOfWork.run((tx) => tx.webhooks.record(TEAM, event("deal:committed")));
    const rows = await db.prisma.webhookDelivery.findMany({
      where: { orderingKey: { endsWith: "deal:committed" } },
      include: { endpoint: true },
    });
    expect(rows.map((r) => r.endpoint.url)).toEqual(["https://hooks.example.com/a"]);
    expect(JSON.parse(rows[0]!.body)).toEqual({
      id: rows[0]!.eventId,
      type: "deal.stage_changed",
      created_at: AT.toISOString(),
      team_id: TEAM,
      data: { ref: "D-1" },
    });
    expect(rows[0]!.orderingKey).toBe(`${rows[0]!.endpointId}:deal:committed`);
  });

  it("skips a disabled endpoint", async () => {
    await db.prisma.webhookEndpoint.updateMany({ data: { enabled: false } });
    await unitOfWork.run((tx) => tx.webhooks.record(TEAM, event("deal:while-disabled")));
    expect(
      await db.prisma.webhookDelivery.count({ where: { orderingKey: { endsWith: "deal:while-disabled" } } }),
    ).toBe(0);
    await db.prisma.webhookEndpoint.updateMany({ data: { enabled: true } });
  });

  it("makes what waited due at once when an endpoint is enabled again", async () => {
    const endpoint = await db.prisma.webhookEndpoint.findFirstOrThrow({
      where: { url: "https://hooks.example.com/a" },
    });
    await db.prisma.webhookDelivery.updateMany({
      where: { endpointId: endpoint.id },
      data: { status: "FAILED", nextAttemptAt: new Date(AT.getTime() + 3_600_000) },
    });
    await unitOfWork.run((tx) => tx.webhooks.setEnabled(endpoint.id, false, "failing", AT));
    const later = new Date(AT.getTime() + 60_000);
    await unitOfWork.run((tx) => tx.webhooks.setEnabled(endpoint.id, true, null, later));
    const rows = await db.prisma.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.nextAttemptAt.toISOString())).toEqual(rows.map(() => later.toISOString()));
    expect(await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({
      enabled: true,
      disabledReason: null,
      failingSince: null,
    });
  });
});
