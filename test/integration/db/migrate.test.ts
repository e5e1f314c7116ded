import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsPending } from "../../../src/db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe("migrationsPending (start without the Prisma CLI when nothing is due)", () => {
  it("is false for a fully migrated database", async () => {
    expect(await migrationsPending(db.url)).toBe(false);
  });

  it("is true when a migration folder is not recorded, or one failed", async () => {
    const [latest] = await db.prisma.$queryRaw<{ migration_name: string }[]>`
      select migration_name from _prisma_migrations order by migration_name desc limit 1`;
    await db.prisma
      .$executeRaw`update _prisma_migrations set finished_at = null where migration_name = ${latest!.migration_name}`;
    expect(await migrationsPending(db.url)).toBe(true);
    await db.prisma
      .$executeRaw`update _prisma_migrations set finished_at = now() where migration_name = ${latest!.migration_name}`;
    await db.prisma
      .$executeRaw`delete from _prisma_migrations where migration_name = ${latest!.migration_name}`;
    expect(await migrationsPending(db.url)).toBe(true);
  });

  it("is true for a database Prisma has never touched, and when it can't connect", async () => {
    await db.prisma.$executeRawUnsafe("drop table _prisma_migrations");
    expect(await migrationsPending(db.url)).toBe(true);
    expect(await migrationsPending("postgresql://postgres@127.0.0.1:1/none")).toBe(true);
  });
});
