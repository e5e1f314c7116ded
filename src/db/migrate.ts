import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import type { Logger } from "../lib/logger.ts";

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, "..", "..");

/**
 * Applies pending migrations with Prisma's own `migrate deploy` before the app serves.
 * Safe to run from several instances at once: the schema engine takes an advisory lock.
 */
export async function applyMigrations(databaseUrl: string, logger: Logger): Promise<void> {
  const started = Date.now();
  // Starting the Prisma CLI costs about two seconds; on most starts there is nothing to apply.
  if (!(await migrationsPending(databaseUrl))) {
    logger.info({ ms: Date.now() - started, result: "up to date" }, "database migrations");
    return;
  }
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  try {
    const { stdout } = await run(process.execPath, [prismaCli, "migrate", "deploy"], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      maxBuffer: 10 * 1024 * 1024,
    });
    const applied = stdout.match(/following migration\(s\) have been applied/) ? "applied" : "up to date";
    logger.info({ ms: Date.now() - started, result: applied }, "database migrations");
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`prisma migrate deploy failed:\n${(stderr || stdout || String(error)).trim()}`, {
      cause: error,
    });
  }
}

/**
 * True unless every migration folder is recorded as applied (and none failed or was rolled
 * back). Anything unusual — no table yet, a failed migration — goes to `migrate deploy`,
 * which applies, or stops with Prisma's own message.
 */
export async function migrationsPending(databaseUrl: string): Promise<boolean> {
  const folders = (await readdir(path.join(projectRoot, "prisma", "migrations"), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => {});
  try {
    await client.connect();
    const table = await client.query<{ exists: boolean }>(
      `select to_regclass('_prisma_migrations') is not null as exists`,
    );
    if (!table.rows[0]?.exists) return true;
    const rows = await client.query<{ migration_name: string; ok: boolean }>(
      `select migration_name, finished_at is not null and rolled_back_at is null as ok from _prisma_migrations`,
    );
    if (rows.rows.some((r) => !r.ok && !rows.rows.some((o) => o.ok && o.migration_name === r.migration_name)))
      return true;
    const applied = new Set(rows.rows.filter((r) => r.ok).map((r) => r.migration_name));
    return folders.some((name) => !applied.has(name));
  } catch {
    return true;
  } finally {
    await client.end().catch(() => {});
  }
}
