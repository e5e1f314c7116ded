import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createPrismaClient, type PrismaClient } from "../../src/db/client.ts";
import { adminQuery, withDatabase } from "./database-global-setup.ts";

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file (cloned from the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("adminDatabaseUrl");
  const name = `handoff_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `create database "${name}" template "${inject("templateDatabase")}"`);
  const url = withDatabase(adminUrl, name);
  const prisma = createPrismaClient({ url, maxConnections: 5 });
  return {
    url,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}
