import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../../src/db/embedded-postgres.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { createSilentLogger } from "../../src/lib/logger.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A URL to the server's maintenance database, for CREATE/DROP DATABASE. */
    adminDatabaseUrl: string;
    /** A migrated database that each test file copies (CREATE DATABASE … TEMPLATE). */
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL per run: TEST_DATABASE_URL's server when set, else an embedded one in a
 * temporary folder. Migrations run once into a template; test files clone it in milliseconds.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = createSilentLogger();
  const cleanups: Array<() => Promise<void>> = [];
  let adminUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = withDatabase(process.env.TEST_DATABASE_URL, "postgres");
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), "handoff-test-db-"));
    // As root, PostgreSQL runs as a "postgres" user, which must be able to enter the folder.
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedDatabase({ dataDir: dir, databaseName: "postgres", logger });
    cleanups.push(async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    });
    adminUrl = embedded.url;
  }

  const template = `handoff_template_${process.pid}_${project.name}`;
  await adminQuery(adminUrl, `drop database if exists "${template}"`);
  await adminQuery(adminUrl, `create database "${template}"`);
  cleanups.push(() => adminQuery(adminUrl, `drop database if exists "${template}" with (force)`));
  await applyMigrations(withDatabase(adminUrl, template), logger);

  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("templateDatabase", template);
  return async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
