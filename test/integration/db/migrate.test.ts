import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  applyMigrations,
  MIGRATIONS_DIR,
  migrationChecksum,
  readMigrations,
} from "../../../src/db/migrate.ts";
import { createSilentLogger } from "../../../src/lib/logger.ts";
import { StartupError } from "../../../src/lib/startup-error.ts";
import { adminQuery, withDatabase } from "../../support/database-global-setup.ts";

const logger = createSilentLogger();
const root = path.resolve(import.meta.dirname, "..", "..", "..");
const created: string[] = [];

/** An empty database: what a first start meets. */
async function emptyDatabase(): Promise<string> {
  const name = `handoff_migrate_${randomBytes(5).toString("hex")}`;
  await adminQuery(inject("adminDatabaseUrl"), `create database "${name}"`);
  created.push(name);
  return withDatabase(inject("adminDatabaseUrl"), name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const name of created) {
    await adminQuery(inject("adminDatabaseUrl"), `drop database if exists "${name}" with (force)`);
  }
});

describe("applyMigrations (our runner, Prisma Migrate's history table)", () => {
  it("applies every migration once on an empty database, recording them as Prisma does, then nothing", async () => {
    const url = await emptyDatabase();
    const folders = await readMigrations(MIGRATIONS_DIR);
    expect((await applyMigrations(url, logger)).applied).toEqual(folders.map((m) => m.name));

    const rows = await query<{ migration_name: string; checksum: string; steps: number; done: boolean }>(
      url,
      `select migration_name, checksum, applied_steps_count as steps,
              finished_at >= started_at and rolled_back_at is null and logs is null as done
         from _prisma_migrations order by migration_name`,
    );
    expect(rows).toEqual(
      folders.map((m) => ({
        migration_name: m.name,
        checksum: migrationChecksum(m.script),
        steps: 1,
        done: true,
      })),
    );
    expect(await query(url, `select to_regclass('deal') is not null as ok`)).toEqual([{ ok: true }]);
    expect((await applyMigrations(url, logger)).applied).toEqual([]);
  });

  it("applies each migration exactly once when three instances start together", async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([1, 2, 3].map(() => applyMigrations(url, logger)));
    const count = (await readMigrations(MIGRATIONS_DIR)).length;
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, count]);
    expect(await query(url, `select count(*)::int as n from _prisma_migrations`)).toEqual([{ n: count }]);
  });

  it("refuses, in one line, a migration changed after it was applied; CRLF checkouts still match", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "handoff-migrations-"));
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      const url = await emptyDatabase();
      await applyMigrations(url, logger, dir);
      const [first] = await readMigrations(dir);
      const file = path.join(dir, first!.name, "migration.sql");

      await writeFile(file, first!.script.replaceAll("\n", "\r\n"));
      expect((await applyMigrations(url, logger, dir)).applied).toEqual([]);

      await writeFile(file, `${first!.script}\n-- edited\n`);
      const refusal = await applyMigrations(url, logger, dir).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(StartupError);
      expect((refusal as Error).message).toContain(
        `Migration ${first!.name} was changed after it was applied`,
      );
      expect((refusal as Error).message).not.toContain("\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("leaves nothing of a failing migration, records it as failed, and refuses to start until it is resolved", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "handoff-migrations-"));
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      const url = await emptyDatabase();
      await applyMigrations(url, logger, dir);
      const broken = "29991231000000_broken";
      await cp(path.join(dir, (await readMigrations(dir))[0]!.name), path.join(dir, broken), {
        recursive: true,
      });
      await writeFile(
        path.join(dir, broken, "migration.sql"),
        `CREATE TABLE "half_done" (id int);\nSELECT no_such_function();\n`,
      );

      const failure = await applyMigrations(url, logger, dir).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StartupError);
      expect((failure as Error).message).toMatch(
        /^Migration 29991231000000_broken failed and was not applied: .*no_such_function/,
      );
      expect(await query(url, `select to_regclass('half_done') is null as gone`)).toEqual([{ gone: true }]);
      const [row] = await query<{ finished: boolean; logs: string }>(
        url,
        `select finished_at is not null as finished, logs from _prisma_migrations where migration_name = '${broken}'`,
      );
      expect(row).toEqual({ finished: false, logs: expect.stringContaining("no_such_function") });

      const next = await applyMigrations(url, logger, dir).catch((error: unknown) => error);
      expect((next as Error).message).toContain(`Migration ${broken} failed on this database earlier`);
      expect((next as Error).message).toContain(`migrate resolve --rolled-back ${broken}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// Interchangeable with Prisma Migrate: what one wrote, the other reads as up to date. Needs
// Prisma's CLI with a schema engine: `npm run prisma` brings the WebAssembly bridge (its
// dependencies come from the npm registry on first use).
describe("interchangeable with prisma migrate deploy / status", () => {
  let prismaAvailable = false;
  beforeAll(() => {
    prismaAvailable = prisma(["--version"], "postgresql://unused@127.0.0.1:1/none").status === 0;
  }, 120_000);

  function prisma(args: string[], url: string) {
    return spawnSync(process.execPath, [path.join(root, "tools", "prisma.mjs"), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      encoding: "utf8",
      timeout: 90_000,
    });
  }

  it("prisma migrate status and deploy find nothing to do after our runner", async (context) => {
    if (!prismaAvailable) context.skip("Prisma's CLI could not start (no schema engine and no npm registry)");
    const url = await emptyDatabase();
    await applyMigrations(url, logger);
    const status = prisma(["migrate", "status"], url);
    expect(status.stdout).toContain("Database schema is up to date!");
    expect(status.status).toBe(0);
    const deploy = prisma(["migrate", "deploy"], url);
    expect(deploy.stdout + deploy.stderr).toContain("No pending migrations to apply.");
    expect(deploy.status).toBe(0);
  }, 120_000);

  it("our runner finds nothing to do after prisma migrate deploy, and agrees on every checksum", async (context) => {
    if (!prismaAvailable) context.skip("Prisma's CLI could not start (no schema engine and no npm registry)");
    const url = await emptyDatabase();
    const deploy = prisma(["migrate", "deploy"], url);
    expect(deploy.status, deploy.stderr).toBe(0);
    expect((await applyMigrations(url, logger)).applied).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string }>(
      url,
      `select migration_name, checksum from _prisma_migrations order by migration_name`,
    );
    const ours = (await readMigrations(MIGRATIONS_DIR)).map((m) => ({
      migration_name: m.name,
      checksum: migrationChecksum(m.script),
    }));
    expect(rows).toEqual(ours);
  }, 120_000);
});
