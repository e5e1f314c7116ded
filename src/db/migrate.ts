import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import type { Logger } from "../lib/logger.ts";

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, "..", "..");

/**
 * Applies pending migrations with Prisma's own `migrate deploy` before the app serves.
 * Safe to run from several instances at once: the schema engine takes an advisory lock.
 */
export async function applyMigrations(databaseUrl: string, logger: Logger): Promise<void> {
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const started = Date.now();
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
