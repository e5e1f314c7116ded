import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { Logger } from "../lib/logger.ts";
import { StartupError } from "../lib/startup-error.ts";

/** prisma/migrations, beside src/ in a checkout and beside dist/ in the image. */
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "..", "..", "prisma", "migrations");

// The number Prisma Migrate locks with (prisma-engines, sql-schema-connector's postgres
// flavour), so this runner and `prisma migrate deploy` wait for each other too.
const PRISMA_MIGRATE_LOCK = 72707369;

// Prisma Migrate's own history table, column for column, so `prisma migrate status` and
// `deploy` read what this runner wrote and the other way round.
const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  script: string;
}

interface HistoryRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies pending migrations before the app serves, as `prisma migrate deploy` does, without
 * Prisma's native engine (which a closed machine cannot download). Several instances starting
 * at once take turns on Prisma's advisory lock; each migration runs as one implicit
 * transaction (a multi-statement simple query), so a failure leaves nothing of it behind.
 * Refuses, in one line, to start on a failed migration or on one changed after it was applied.
 */
export async function applyMigrations(
  databaseUrl: string,
  logger: Logger,
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<MigrationResult> {
  const started = Date.now();
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(${PRISMA_MIGRATE_LOCK})`);
    await client.query(CREATE_HISTORY_TABLE);
    const history = (
      await client.query<HistoryRow>(
        `select id, migration_name, checksum, finished_at, rolled_back_at from "_prisma_migrations" order by started_at`,
      )
    ).rows;
    const pending = planMigrations(migrations, history);
    for (const unknown of appliedButUnknown(migrations, history)) {
      logger.warn(
        { migration: unknown },
        "the database has a migration this version does not know (newer Handoff?)",
      );
    }
    for (const migration of pending) await applyOne(client, migration);
    logger.info(
      { ms: Date.now() - started, applied: pending.map((m) => m.name) },
      pending.length ? "database migrations applied" : "database migrations: up to date",
    );
    return { applied: pending.map((m) => m.name) };
  } finally {
    await client.query(`select pg_advisory_unlock(${PRISMA_MIGRATE_LOCK})`).catch(() => {});
    await client.end().catch(() => {});
  }
}

/** Migration folders in Prisma's order (by name), each with its migration.sql. */
export async function readMigrations(migrationsDir: string): Promise<Migration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      script: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8"),
    })),
  );
}

/**
 * Pure: which migrations to apply, given the history. Throws StartupError for what Prisma
 * Migrate would also stop at (a failed migration, P3009) and for a changed applied script.
 */
export function planMigrations(
  migrations: readonly Migration[],
  history: readonly HistoryRow[],
): Migration[] {
  const failed = history.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new StartupError(
      `Migration ${failed.migration_name} failed on this database earlier. Repair what it left, then mark it ` +
        `with \`npm run prisma -- migrate resolve --rolled-back ${failed.migration_name}\` (or --applied) and start again.`,
    );
  }
  const applied = history.filter((row) => row.finished_at !== null && row.rolled_back_at === null);
  const pending: Migration[] = [];
  for (const migration of migrations) {
    const rows = applied.filter((row) => row.migration_name === migration.name);
    if (rows.length === 0) {
      pending.push(migration);
      continue;
    }
    if (!rows.some((row) => scriptMatchesChecksum(migration.script, row.checksum))) {
      throw new StartupError(
        `Migration ${migration.name} was changed after it was applied to this database ` +
          `(prisma/migrations/${migration.name}/migration.sql): restore the file as it was, and put changes in a new migration.`,
      );
    }
  }
  return pending;
}

function appliedButUnknown(migrations: readonly Migration[], history: readonly HistoryRow[]): string[] {
  const known = new Set(migrations.map((m) => m.name));
  const names = history
    .filter(
      (row) => row.finished_at !== null && row.rolled_back_at === null && !known.has(row.migration_name),
    )
    .map((row) => row.migration_name);
  return [...new Set(names)];
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query(
    `insert into "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     values ($1, $2, $3, now(), 0)`,
    [id, migrationChecksum(migration.script), migration.name],
  );
  try {
    // No parameters: pg sends it as one simple query, all statements in one transaction.
    await client.query(migration.script);
  } catch (error) {
    const message = (error as Error).message;
    await client.query(`update "_prisma_migrations" set logs = $2 where id = $1`, [id, message]);
    throw new StartupError(
      `Migration ${migration.name} failed and was not applied: ${message.split("\n")[0]}. ` +
        `Fix the database or the migration, then run \`npm run prisma -- migrate resolve --rolled-back ${migration.name}\`.`,
    );
  }
  await client.query(
    `update "_prisma_migrations" set finished_at = now(), applied_steps_count = 1 where id = $1`,
    [id],
  );
}

/** Prisma Migrate's checksum: SHA-256 of the script, as 64 hex digits. */
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * Prisma's rule: the script matches as written, or with its line endings turned either way
 * (git may check files out with CRLF); old engines wrote each byte's hex without zero-padding.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant).digest();
    const rendered =
      checksum.length === 64 ? digest.toString("hex") : [...digest].map((byte) => byte.toString(16)).join("");
    return rendered === checksum;
  });
}
