import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../../src/db/client.ts";
import { isDatabaseUnavailable } from "../../../src/db/database-errors.ts";
import { findFreePort } from "../../../src/db/embedded-postgres.ts";
import {
  PrismaDatabaseProbe,
  PrismaPersonRepository,
  PrismaWorkspaceRepository,
} from "../../../src/db/workspace-repository.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe("PrismaWorkspaceRepository.ensure", () => {
  it("creates the workspace on first sight and returns the stored settings after", async () => {
    const repository = new PrismaWorkspaceRepository(db.prisma);
    const created = await repository.ensure("T0FIRST");
    expect(created).toEqual({
      id: "T0FIRST",
      salesChannelId: null,
      winsChannelId: null,
      deliveryChannelId: null,
      digestChannelId: null,
      timeZone: null,
      holidays: [],
      holidayPreset: null,
    });
    await db.prisma.workspace.update({
      where: { id: "T0FIRST" },
      data: { winsChannelId: "C0WINS", timeZone: "Asia/Tokyo" },
    });
    expect(await repository.ensure("T0FIRST")).toMatchObject({
      winsChannelId: "C0WINS",
      timeZone: "Asia/Tokyo",
    });
  });

  it("creates exactly one row when many first requests race", async () => {
    const repository = new PrismaWorkspaceRepository(db.prisma);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => repository.ensure("T0RACE")));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await db.prisma.workspace.count({ where: { id: "T0RACE" } })).toBe(1);
  });
});

describe("PrismaPersonRepository.findRole", () => {
  it("maps stored roles and returns undefined for strangers", async () => {
    await new PrismaWorkspaceRepository(db.prisma).ensure("T0ROLES");
    await db.prisma.person.create({
      data: { workspaceId: "T0ROLES", slackUserId: "U0MAYA", role: "MANAGER" },
    });
    const people = new PrismaPersonRepository(db.prisma);
    expect(await people.findRole("T0ROLES", "U0MAYA")).toBe("manager");
    expect(await people.findRole("T0ROLES", "U0NOBODY")).toBeUndefined();
    expect(await people.findRole("T0OTHER", "U0MAYA")).toBeUndefined();
  });
});

describe("database availability", () => {
  it("the probe answers true for a live database", async () => {
    expect(await new PrismaDatabaseProbe(db.prisma).isReachable(2_000)).toBe(true);
  });

  it("recognises a refused connection, and only that, as 'unavailable'", async () => {
    const nowhere = createPrismaClient({
      url: `postgresql://postgres@127.0.0.1:${await findFreePort()}/none`,
    });
    try {
      expect(await new PrismaDatabaseProbe(nowhere).isReachable(2_000)).toBe(false);
      const refused = await nowhere.workspace.findMany().catch((error: unknown) => error);
      expect(isDatabaseUnavailable(refused)).toBe(true);
    } finally {
      await nowhere.$disconnect();
    }
    const sqlError = await db.prisma
      .$queryRawUnsafe("select * from no_such_table")
      .catch((error: unknown) => error);
    expect(sqlError).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(sqlError)).toBe(false);
    expect(isDatabaseUnavailable(new Error("Unique constraint failed"))).toBe(false);
  });
});
