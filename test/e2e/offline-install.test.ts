import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../src/db/embedded-postgres.ts";
import { runToEnd } from "../support/run-to-end.ts";

/**
 * The README's first command on a closed machine: a copy of the checkout as a clone has it,
 * `npm ci` from npm's local cache only, Prisma's engine host unreachable and no
 * PRISMA_SCHEMA_ENGINE_BINARY, then `npm start` to a healthy /healthz and the sandbox page.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
let workDir: string | undefined;
let started: ChildProcess | undefined;

afterAll(async () => {
  if (started?.pid) process.kill(-started.pid, "SIGKILL");
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function closedMachineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // Any download of a Prisma engine would go here and fail at once.
    PRISMA_ENGINES_MIRROR: "http://127.0.0.1:9",
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    ...extra,
  };
}

async function copyCheckout(to: string): Promise<void> {
  // What a clone holds: tracked files plus new ones not ignored (this run's own changes).
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    await mkdir(path.dirname(path.join(to, file)), { recursive: true });
    await cp(path.join(ROOT, file), path.join(to, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error; // deleted in the work tree, not yet committed
    });
  }
}

describe("a fresh copy on a machine that reaches no Prisma host", () => {
  it("installs offline with `npm ci`, and `npm start` serves the sandbox", { timeout: 300_000 }, async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "handoff-offline-"));
    await chmod(workDir, 0o755);
    const app = path.join(workDir, "app");
    await copyCheckout(app);

    const install = await runToEnd("npm", ["ci"], { cwd: app, env: closedMachineEnv() });
    expect(install.code, install.output).toBe(0);
    expect(install.output).not.toMatch(/prisma generate|ENOTFOUND|schema-engine/);

    const port = await findFreePort();
    let output = "";
    started = spawn("npm", ["start"], {
      cwd: app,
      env: closedMachineEnv({ PORT: String(port), HANDOFF_DATA_DIR: path.join(workDir, "data") }),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group: npm, tsx and the app stop together
    });
    started.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

    await expect
      .poll(
        async () => {
          if (started?.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
          return fetch(`http://127.0.0.1:${port}/healthz`).then(
            (r) => r.status,
            () => 0,
          );
        },
        { timeout: 120_000, interval: 250 },
      )
      .toBe(200);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain("Handoff sandbox");
    expect(output).toContain(`Open http://localhost:${port}/ to use it.`);

    process.kill(-started.pid!, "SIGTERM");
    await new Promise((resolve) => started?.once("exit", resolve));
    started = undefined;
  });
});
