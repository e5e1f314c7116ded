import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDemoWorkspace, SlackDriver, SlackEmulator } from "@handoff/slack-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../src/db/embedded-postgres.ts";
import { BOT_TOKEN, Channels, People, SIGNING_SECRET } from "../support/e2e-harness.ts";
import { createTestDatabase } from "../support/test-database.ts";

/**
 * `npm start` as a newcomer runs it: a real process, no DATABASE_URL (so the embedded
 * PostgreSQL under HANDOFF_DATA_DIR), migrations, Slack over HTTP to the emulator, SIGTERM.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
// As `npm start` runs it: one process (no npm or tsx CLI parent in front to relay signals).
const NODE_ARGS = ["bin/start.mjs"];

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startHandoffProcess(env: Record<string, string>, args: string[] = []): Started {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], {
    cwd: ROOT,
    // Nothing Prisma-specific is passed on: starting needs no schema engine.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealthy(url: string, started: Started, timeoutMs = 60_000): Promise<number> {
  const began = Date.now();
  while (Date.now() - began < timeoutMs) {
    if (started.child.exitCode !== null) throw new Error(`Handoff exited early:\n${started.output()}`);
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return Date.now() - began;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not healthy after ${timeoutMs} ms:\n${started.output()}`);
}

/** The exit code, or "still running" after `ms` (so a test that fails still stops its process). */
function exitedWithin(started: Started, ms: number): Promise<number | null | "still running"> {
  return Promise.race([
    started.exited,
    new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), ms)),
  ]);
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe("npm start", () => {
  it("stops with one line naming a malformed variable", async () => {
    const started = startHandoffProcess({
      PORT: "eighty",
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "0123456789",
    });
    expect(await started.exited).toBe(1);
    expect(started.output()).toBe('Configuration error: PORT is "eighty"; expected a port number.\n');
  });

  it("in production, stops with one line instead of starting a sandbox without Slack credentials", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "handoff-production-"));
    const started = startHandoffProcess({
      NODE_ENV: "production",
      SLACK_BOT_TOKN: "xoxb-1-2-abc",
      HANDOFF_DATA_DIR: dataDir,
      PORT: String(await findFreePort()),
    });
    try {
      expect(await exitedWithin(started, 20_000)).toBe(1);
      expect(started.output()).toBe(
        "Configuration error: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set; NODE_ENV=production " +
          "needs them (the sandbox is for development); is SLACK_BOT_TOKN one of them misspelt?\n",
      );
    } finally {
      started.child.kill("SIGTERM");
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("refuses to run the sandbox on a database that holds a real workspace, in one line, writing nothing", {
    timeout: 60_000,
  }, async () => {
    const db = await createTestDatabase();
    const dataDir = await mkdtemp(path.join(tmpdir(), "handoff-sandbox-real-db-"));
    const onFinish: Array<() => void> = [];
    try {
      await db.prisma.workspace.create({ data: { id: "T0REAL" } });
      const port = await findFreePort();
      const started = startHandoffProcess({
        DATABASE_URL: db.url,
        PORT: String(port),
        HANDOFF_DATA_DIR: dataDir,
        LOG_LEVEL: "silent",
      });
      onFinish.push(() => started.child.kill("SIGTERM"));
      expect(await exitedWithin(started, 40_000)).toBe(1);
      expect(started.output()).toMatch(
        /^Configuration error: The sandbox will not start on DATABASE_URL's database: it holds the Slack workspace T0REAL, [^\n]*set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET\.\n$/,
      );
      expect((await db.prisma.workspace.findMany({ select: { id: true } })).map((w) => w.id)).toEqual([
        "T0REAL",
      ]);
    } finally {
      for (const finish of onFinish) finish();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("says in one line when its port is taken", { timeout: 60_000 }, async () => {
    const port = await findFreePort();
    const squatter = createServer().listen(port);
    const dataDir = await mkdtemp(path.join(tmpdir(), "handoff-port-taken-"));
    await chmod(dataDir, 0o755);
    try {
      const started = startHandoffProcess({
        PORT: String(port),
        HANDOFF_DATA_DIR: dataDir,
        LOG_LEVEL: "silent",
      });
      expect(await started.exited).toBe(1);
      expect(started.output()).toBe(
        `Handoff could not start: port ${port} is already in use: stop what is using it, or set PORT to another port.\n`,
      );
    } finally {
      squatter.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(process.getuid?.() === 0)(
    "as root, says in one line when PostgreSQL's own user cannot reach the data folder",
    { timeout: 60_000 },
    async () => {
      // mkdtemp's folder is private to root; the embedded PostgreSQL runs as "postgres".
      const privateDir = await mkdtemp(path.join(tmpdir(), "handoff-private-"));
      try {
        const started = startHandoffProcess({ HANDOFF_DATA_DIR: privateDir, LOG_LEVEL: "silent" });
        expect(await started.exited).toBe(1);
        const output = started.output();
        expect(output.split("\n").filter(Boolean)).toHaveLength(1);
        expect(output).toMatch(
          /^Handoff could not start: the embedded PostgreSQL cannot create its data in /,
        );
        expect(output).toContain("chmod 755");
      } finally {
        await rm(privateDir, { recursive: true, force: true });
      }
    },
  );

  it("says in one line when Slack cannot be reached, or refuses the token", { timeout: 60_000 }, async () => {
    const emulator = await SlackEmulator.start({ botToken: BOT_TOKEN, ...createDemoWorkspace() });
    const dataDir = await mkdtemp(path.join(tmpdir(), "handoff-no-slack-"));
    await chmod(dataDir, 0o755);
    try {
      const credentials = {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        HANDOFF_DATA_DIR: dataDir,
        LOG_LEVEL: "error",
      };
      const unreachable = startHandoffProcess({
        ...credentials,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: `http://127.0.0.1:${await findFreePort()}/api/`,
        PORT: String(await findFreePort()),
      });
      expect(await unreachable.exited).toBe(1);
      expect(unreachable.output()).toMatch(
        /^Handoff could not start: Slack's API could not be reached \(.*\): check the network, or SLACK_API_URL if set\.\n$/,
      );

      const refused = startHandoffProcess({
        ...credentials,
        SLACK_BOT_TOKEN: "xoxb-not-the-apps-token",
        SLACK_API_URL: emulator.apiUrl,
        PORT: String(await findFreePort()),
      });
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toBe(
        "Handoff could not start: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token from the app's OAuth & Permissions page.\n",
      );
    } finally {
      await emulator.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("without Slack credentials runs the sandbox: the page, demo data through the app, a clean stop", {
    timeout: 120_000,
  }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "handoff-sandbox-process-"));
    await chmod(dataDir, 0o755);
    const port = await findFreePort();
    const started = startHandoffProcess({ PORT: String(port), HANDOFF_DATA_DIR: dataDir }, ["--demo"]);
    try {
      await waitForHealthy(`http://127.0.0.1:${port}/healthz`, started);
      expect(started.output()).toContain(`Open http://localhost:${port}/ to use it.`);
      expect(started.output()).toMatch(/sandbox/i);
      // --demo was given: the banner says the demo is coming, not how to ask for it.
      expect(started.output()).toContain("Demo data: being added now");
      expect(started.output()).not.toContain("npm start -- --demo");
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(await page.text()).toContain("Handoff sandbox");

      // --demo: the deals arrive through the app, as cards in #sales.
      const salesCards = async () => {
        const res = await fetch(`http://127.0.0.1:${port}/sandbox/api/screen?user=U0MAYA&open=C0SALES`);
        const screen = (await res.json()) as { pane: { html: string } };
        return (screen.pane.html.match(/class="msg" /g) ?? []).length;
      };
      await expect.poll(salesCards, { timeout: 90_000, interval: 250 }).toBe(12);
      // #digest carries the weekly digest, and says so.
      const digest = await fetch(`http://127.0.0.1:${port}/sandbox/api/screen?user=U0MAYA&open=C0DIGEST`);
      expect(((await digest.json()) as { pane: { purpose: string } }).pane.purpose).toBe(
        "The weekly pipeline and delivery digest",
      );

      started.child.kill("SIGTERM");
      expect(await started.exited).toBe(0);
      expect(await portIsClosed(port)).toBe(true);
    } finally {
      started.child.kill("SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  describe("with Slack credentials and no database server", () => {
    let emulator: SlackEmulator;
    let dataDir: string;
    beforeAll(async () => {
      emulator = await SlackEmulator.start({ botToken: BOT_TOKEN, ...createDemoWorkspace() });
      dataDir = await mkdtemp(path.join(tmpdir(), "handoff-process-"));
      await chmod(dataDir, 0o755);
    });
    afterAll(async () => {
      await emulator?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it("becomes healthy, answers /deal help privately, shuts down cleanly, and reuses its data", async () => {
      const port = await findFreePort();
      const env = {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: emulator.apiUrl,
        PORT: String(port),
        HANDOFF_DATA_DIR: dataDir,
        LOG_LEVEL: "info",
      };
      const first = startHandoffProcess(env);
      await waitForHealthy(`http://127.0.0.1:${port}/healthz`, first);
      const databasePort = Number(first.output().match(/"port":(\d+),"dir"/)?.[1]);
      expect(databasePort).toBeGreaterThan(0);

      const driver = new SlackDriver({
        emulator,
        appUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SIGNING_SECRET,
      });
      const answer = await driver.command(People.ana, "/deal", "help", { channelId: Channels.sales });
      expect(answer.status).toBe(200);
      expect(answer.durationMs).toBeLessThan(3_000);
      expect(emulator.ephemerals(People.ana, Channels.sales).at(-1)?.text).toContain("/deal new");

      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain("embedded PostgreSQL stopped");
      expect(await portIsClosed(databasePort)).toBe(true);

      const second = startHandoffProcess(env);
      try {
        await waitForHealthy(`http://127.0.0.1:${port}/healthz`, second);
        // Log lines may reach the pipe a moment after the port answers.
        await expect.poll(second.output).toContain('"msg":"database migrations: up to date"');
        expect(second.output()).not.toContain("creating the embedded PostgreSQL cluster");
      } finally {
        second.child.kill("SIGTERM");
        expect(await second.exited).toBe(0);
      }
    }, 120_000);
  });
});
