/**
 * `npm run bench` — Handoff against its floors, side by side, in one run.
 * Interactions: the real app over HTTP with PostgreSQL and the Slack emulator, against a bare
 * Bolt app that only acks. Scale: /pipeline over 100k deals against the same aggregates in
 * hand-written SQL. Start: `npm start` to a healthy /healthz, cold and warm. `--quick` is small.
 */
import { fork, spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { createDemoWorkspace, SlackDriver, SlackEmulator } from "@handoff/slack-emulator";
import pg from "pg";
import { createPrismaClient } from "../src/db/client.ts";
import { PrismaDigestRepository } from "../src/db/digest-repository.ts";
import { findFreePort, startEmbeddedDatabase } from "../src/db/embedded-postgres.ts";
import { applyMigrations } from "../src/db/migrate.ts";
import { PrismaPipelineRepository } from "../src/db/pipeline-repository.ts";
import { PrismaStageRepository } from "../src/db/stage-repository.ts";
import { createSilentLogger } from "../src/lib/logger.ts";
import { DigestService } from "../src/services/digest-service.ts";
import { PipelineService } from "../src/services/pipeline-service.ts";
import { isDirectMessage } from "../src/slack/slack-channels.ts";
import type { AppProcessMessage, AppProcessRequest } from "./app-process.ts";
import { cpuOfProcessesNamed, ownCpuMs } from "./cpu.ts";
import { importSection } from "./import.ts";
import { actionBody, commandBody, drive, driveAtRate } from "./load.ts";
import { fmt, fmtSpread, median, percentile, spread } from "./stats.ts";
import { webhookThroughput } from "./webhooks.ts";

const quick = process.argv.includes("--quick");
/**
 * `--only=start`, `--only=webhooks` or `--only=import`: that section alone, which replaces the same section of
 * BENCHMARKS.md (or BENCHMARKS.quick.md) and says it came from a run of its own.
 */
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
const ROOT = path.resolve(import.meta.dirname, "..");
const TOKEN = "xoxb-bench";
const SECRET = "bench-signing-secret-0123456789";
const TEAM = "T0HANDOFF";
const REQUESTS = quick ? 200 : 1_000;
const LEVELS = [1, 16, 64];
/** An open-loop rate well below what one instance handles (see the closed-loop throughput). */
const STEADY = { total: quick ? 100 : 300, perSecond: 20 };
const SCALE = quick
  ? { deals: 10_000, changes: 50_000, projects: 500, tasks: 10_000 }
  : { deals: 100_000, changes: 500_000, projects: 5_000, tasks: 100_000 };
const REPEAT = 5;
/** The instant the scale figures are taken at (the seed's dates are around it). */
const AT = new Date("2026-11-24T10:00:00Z");

const lines: string[] = [];
const out = (line = "") => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const logger = createSilentLogger();
  const dir = await mkdtemp(path.join(tmpdir(), "handoff-bench-"));
  await chmod(dir, 0o755);
  const cleanups: Array<() => Promise<void>> = [async () => rm(dir, { recursive: true, force: true })];
  try {
    const adminUrl = process.env.BENCH_DATABASE_URL ?? (await startDatabase(dir, cleanups));
    const databaseUrl = withDatabase(adminUrl, `handoff_bench_${process.pid}`);
    await adminQuery(adminUrl, `create database "handoff_bench_${process.pid}"`);
    cleanups.unshift(() =>
      adminQuery(adminUrl, `drop database if exists "handoff_bench_${process.pid}" with (force)`),
    );
    await applyMigrations(databaseUrl, logger);

    out(`# Handoff benchmarks${quick ? " (--quick)" : ""}`);
    out();
    out(
      `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? "?"}), ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}. Command: \`npm run bench${quick ? " -- --quick" : ""}\`.`,
    );
    out(
      "Figures are medians with min–max over the runs or samples named; ratios compare with a baseline measured in this same run.",
    );
    out();
    const sections = ["start", "webhooks", "import"];
    if (only && !sections.includes(only))
      throw new Error(`--only takes ${sections.join(", ")} (the other sections need the whole run)`);
    if (!only) await interactions(databaseUrl);
    if (!only) await scale(databaseUrl);
    const sectionStart = lines.length;
    if (!only || only === "import") await importSection(databaseUrl, dir, out, quick);
    if (!only || only === "webhooks")
      await webhookThroughput(databaseUrl, { deliveries: quick ? 1_000 : 5_000, runs: quick ? 2 : 3, out });
    if (!only || only === "start") await startup();
    const file = path.join(ROOT, quick ? "BENCHMARKS.quick.md" : "BENCHMARKS.md");
    if (only) {
      await replaceSection(file, lines.slice(sectionStart));
      return;
    }
    await writeFile(file, `${lines.join("\n")}\n`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }
}

// ───────────────────────── Interactions ─────────────────────────

async function interactions(databaseUrl: string): Promise<void> {
  // Everything started here stops here, so the scale figures run on a quiet machine.
  const cleanups: Array<() => Promise<void>> = [];
  try {
    await measureInteractions(databaseUrl, cleanups);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }
}

async function measureInteractions(databaseUrl: string, cleanups: Array<() => Promise<void>>): Promise<void> {
  const emulator = await SlackEmulator.start({ botToken: TOKEN, ...createDemoWorkspace() });
  cleanups.unshift(() => emulator.stop());
  const app = await startAppProcess("handoff", appEnvironment(emulator.apiUrl, databaseUrl));
  cleanups.unshift(() => app.stop());
  const appUrl = app.url;
  const bare = await startAppProcess("bare", appEnvironment(emulator.apiUrl, databaseUrl));
  cleanups.unshift(() => bare.stop());

  // Setup through the app itself: the workspace, its stages and templates exist.
  const driver = new SlackDriver({ emulator, appUrl, signingSecret: SECRET });
  await driver.command("U0ANA", "/pipeline", "", { channelId: "C0SALES" });
  // One fresh deal or task per request of every kind and level (indexes run across all of them).
  const seeded = await seedInteractions(
    databaseUrl,
    emulator,
    REQUESTS * (LEVELS.length * 3 + 1) + STEADY.total * 2,
  );

  // Request n of a kind, for the n-th fresh deal or task, with a live response_url as Slack
  // gives (the app answers moves and claims through it).
  const requestBody = (kind: "/deal move" | "Claim" | "/pipeline", n: number) => {
    const responseUrl = emulator.issueResponseUrl({ channelId: "C0SALES", userId: "U0ADMIN" });
    if (kind === "/deal move") {
      const stage = n % 2 === 0 ? "demo" : "proposal";
      return commandBody(command("/deal", `move D-${seeded.dealNumbers[n]} ${stage}`, n, responseUrl));
    }
    if (kind === "Claim") return actionBody(claimPayload(seeded.tasks[n]!, n, responseUrl));
    return commandBody(command("/pipeline", "", n, responseUrl));
  };

  out("## Interactions (real app over HTTP vs a bare Bolt app that only acks)");
  out();
  out(
    `${REQUESTS} signed requests per concurrency level. The app and the bare Bolt app each run in a process of their own (as in production); the load generator and the Slack emulator share a third. Ack = until the HTTP answer; end to end = until the emulator records the Slack call the change causes (the card's post/update for a move, the task message's update for a claim). Moves and claims are acknowledged before their work is done, so acked/s can run ahead of what the app finishes; completed/s counts until every Slack call they caused was made. Moves come from one rep, claims from a team of 20 taking turns. Each sender's connection is opened before the clock starts, as a proxy in front of the app keeps them (cold connections: below).`,
  );
  out();
  out(
    "| interaction | concurrency | ack p50 | ack p95 | ack p99 | bare p50 | bare p99 | p50 ours/bare | acked/s | completed/s | end-to-end p50 | e2e p95 |",
  );
  out("|---|---|---|---|---|---|---|---|---|---|---|---|");

  let offset = 0;
  const cpuRows: string[] = [];
  const kinds = ["/deal move", "Claim", "/pipeline"] as const;
  for (const kind of kinds) {
    for (const concurrency of LEVELS) {
      const base = offset;
      offset += REQUESTS;
      const sentAt = new Map<number, number>();
      const body = (i: number) => requestBody(kind, base + i);
      const callsBefore = emulator.calls.length;
      const cpuBefore = await cpuNow(app);
      await app.serverTimes();
      const started = performance.now();
      const ours = await drive({
        url: appUrl,
        signingSecret: SECRET,
        total: REQUESTS,
        concurrency,
        body,
        onSent: (i) => sentAt.set(i, Date.now()),
      });
      const inside = await app.serverTimes();
      await app.settle();
      const completedPerSecond = (REQUESTS / (performance.now() - started)) * 1000;
      const cpu = cpuSince(cpuBefore, await cpuNow(app), REQUESTS);
      cpuRows.push(
        `| ${kind} | ${concurrency} | ${fmt(percentile(inside, 50))} ms | ${fmt(percentile(inside, 99))} ms | ${fmt(cpu.app, 2)} ms | ${fmt(cpu.postgres, 2)} ms | ${fmt(cpu.load, 2)} ms | ${fmt(cpu.capacity, 0)}/s |`,
      );
      const baseline = await drive({
        url: bare.url,
        signingSecret: SECRET,
        total: REQUESTS,
        concurrency,
        body,
      });
      const e2e =
        kind === "/pipeline" ? [] : endToEnd(kind, emulator.calls.slice(callsBefore), sentAt, base, seeded);
      const oursP50 = percentile(ours.latencies, 50);
      const bareP50 = percentile(baseline.latencies, 50);
      out(
        `| ${kind} | ${concurrency} | ${fmt(oursP50)} ms | ${fmt(percentile(ours.latencies, 95))} ms | ${fmt(percentile(ours.latencies, 99))} ms | ${fmt(bareP50)} ms | ${fmt(percentile(baseline.latencies, 99))} ms | ${fmt(oursP50 / bareP50, 2)}× | ${fmt((REQUESTS / ours.wallMs) * 1000, 0)} | ${fmt(completedPerSecond, 0)} | ${e2e.length ? `${fmt(percentile(e2e, 50))} ms` : "—"} | ${e2e.length ? `${fmt(percentile(e2e, 95))} ms` : "—"} |${ours.failures ? ` ${ours.failures} non-200` : ""}${missing(kind, e2e)}`,
      );
    }
  }
  out();

  // Opening connections costs a busy Node process one event-loop turn each (it accepts one
  // per turn): the tail a proxy's kept-alive connections spare the app, measured once here.
  const coldBase = offset;
  offset += REQUESTS;
  const coldMove = (i: number) => requestBody("/deal move", coldBase + i);
  const cold = { total: REQUESTS, concurrency: 64, body: coldMove, signingSecret: SECRET, warm: false };
  const coldOurs = await drive({ ...cold, url: appUrl });
  await app.settle();
  const coldBare = await drive({ ...cold, url: bare.url });
  out(
    "Cold connections: `/deal move` at 64 concurrent, each sender opening its connection as the run starts (nothing in front of the app keeping them).",
  );
  out();
  out("| interaction | concurrency | ack p50 | ack p95 | ack p99 | bare p50 | bare p95 | bare p99 |");
  out("|---|---|---|---|---|---|---|---|");
  out(
    `| /deal move, cold connections | 64 | ${[50, 95, 99].map((p) => `${fmt(percentile(coldOurs.latencies, p))} ms`).join(" | ")} | ${[50, 95, 99].map((p) => `${fmt(percentile(coldBare.latencies, p))} ms`).join(" | ")} |`,
  );
  out();
  out(
    "Where the time goes. Inside the app: from a request's headers to its answer's last byte, timed in the app's process (the rest of the ack is the network and the load generator's own event loop). CPU per request: from the first request sent until the app has made every Slack call it queued (/proc; PostgreSQL is every `postgres` process on the machine). Capacity is what the cores could serve if they did nothing else: cores ÷ (app + PostgreSQL CPU per request).",
  );
  out();
  out(
    "| interaction | concurrency | inside the app p50 | inside p99 | app CPU | PostgreSQL CPU | load generator + emulator CPU | capacity |",
  );
  out("|---|---|---|---|---|---|---|---|");
  for (const row of cpuRows) out(row);
  out();

  // Closed loops above keep the app saturated, so their end-to-end figures are mostly queue.
  // At a steady rate below capacity they are what a person sees after a click.
  out(
    `Steady load: ${STEADY.total} requests sent at ${STEADY.perSecond}/s whatever the answers (an open loop, below capacity), after the queue above has drained.`,
  );
  out();
  out("| interaction | rate | ack p50 | ack p99 | end-to-end p50 | e2e p95 | e2e p99 |");
  out("|---|---|---|---|---|---|---|");
  for (const kind of ["/deal move", "Claim"] as const) {
    await app.settle();
    const base = offset;
    offset += STEADY.total;
    const sentAt = new Map<number, number>();
    const callsBefore = emulator.calls.length;
    const run = await driveAtRate({
      url: appUrl,
      signingSecret: SECRET,
      total: STEADY.total,
      perSecond: STEADY.perSecond,
      body: (i) => requestBody(kind, base + i),
      onSent: (i) => sentAt.set(i, Date.now()),
    });
    await app.settle();
    const e2e = endToEnd(kind, emulator.calls.slice(callsBefore), sentAt, base, seeded);
    out(
      `| ${kind} | ${STEADY.perSecond}/s | ${fmt(percentile(run.latencies, 50))} ms | ${fmt(percentile(run.latencies, 99))} ms | ${fmt(percentile(e2e, 50))} ms | ${fmt(percentile(e2e, 95))} ms | ${fmt(percentile(e2e, 99))} ms |${run.failures ? ` ${run.failures} non-200` : ""}${missing(kind, e2e, STEADY.total)}`,
    );
  }
  out();
}

/** Moves and claims whose Slack call never came (their work failed after the ack), said next to the row. */
function missing(kind: string, e2e: readonly number[], total = REQUESTS): string {
  if (kind === "/pipeline" || e2e.length === total) return "";
  return ` **${total - e2e.length} of ${total} never reached Slack**`;
}

function command(
  name: string,
  text: string,
  n: number,
  responseUrl: string,
  team = TEAM,
): Record<string, string> {
  return {
    token: "bench",
    team_id: team,
    team_domain: "handoff-demo",
    channel_id: "C0SALES",
    channel_name: "sales",
    user_id: "U0ADMIN",
    user_name: "sam",
    command: name,
    text,
    api_app_id: "A0HANDOFF",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `bench.${n}`,
  };
}

function claimPayload(task: { id: string; ts: string }, n: number, responseUrl: string): unknown {
  return {
    type: "block_actions",
    // A delivery team of 20 takes turns, so most clickers were seen moments ago (as in a team).
    user: { id: `U0B${String(n % 20).padStart(3, "0")}`, username: "b", name: "b", team_id: TEAM },
    api_app_id: "A0HANDOFF",
    token: "bench",
    container: { type: "message", message_ts: task.ts, channel_id: "C0DELIVERY", is_ephemeral: false },
    trigger_id: `bench.${n}`,
    team: { id: TEAM, domain: "handoff-demo" },
    channel: { id: "C0DELIVERY", name: "delivery" },
    response_url: responseUrl,
    actions: [
      {
        type: "button",
        action_id: "task.claim",
        block_id: `task.actions:${task.id}`,
        value: task.id,
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

function endToEnd(
  kind: "/deal move" | "Claim",
  calls: ReadonlyArray<{ method: string; args: Record<string, unknown>; response: unknown; at: number }>,
  sentAt: Map<number, number>,
  base: number,
  seeded: Seeded,
): number[] {
  const latencies: number[] = [];
  // Only calls Slack accepted: a refused update is not what the person sees.
  const accepted = calls.filter((c) => (c.response as { ok?: boolean } | undefined)?.ok === true);
  for (const [i, at] of sentAt) {
    const n = base + i;
    const match =
      kind === "/deal move"
        ? accepted.find(
            (c) =>
              (c.method === "chat.update" || c.method === "chat.postMessage") &&
              String(c.args.text ?? "").startsWith(`D-${seeded.dealNumbers[n]} ·`),
          )
        : accepted.find((c) => c.method === "chat.update" && c.args.ts === seeded.tasks[n]!.ts);
    if (match) latencies.push(match.at - at);
  }
  return latencies;
}

interface CpuReading {
  app: number;
  postgres: number;
  load: number;
}

async function cpuNow(app: AppProcess): Promise<CpuReading> {
  return { app: await app.cpuMs(), postgres: await cpuOfProcessesNamed("postgres"), load: ownCpuMs() };
}

/** CPU ms per request for each party between two readings, and what the cores could serve. */
function cpuSince(
  before: CpuReading,
  after: CpuReading,
  requests: number,
): CpuReading & { capacity: number } {
  const app = (after.app - before.app) / requests;
  const postgres = (after.postgres - before.postgres) / requests;
  const load = (after.load - before.load) / requests;
  return { app, postgres, load, capacity: (cpus().length * 1000) / (app + postgres) };
}

interface Seeded {
  dealNumbers: number[];
  tasks: Array<{ id: string; ts: string }>;
}

/** Deals to move and tasks to claim, inserted in bulk (one of each per request). */
async function seedInteractions(
  databaseUrl: string,
  emulator: SlackEmulator,
  count: number,
): Promise<Seeded> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const lead = await client.query<{ id: string }>(
      `select id from stage where workspace_id = $1 and key = 'lead'`,
      [TEAM],
    );
    const deals = await client.query<{ number: number }>(
      `with n as (update workspace set last_deal_number = last_deal_number + $2 where id = $1 returning last_deal_number - $2 as start)
       insert into deal (id, workspace_id, number, name, amount, currency, stage_id, owner_id, expected_close_date, created_by_id, updated_at)
       select gen_random_uuid(), $1, n.start + g, 'Bench deal ' || g, 1000 + g, 'USD', $3, 'U0ANA', date '2027-06-30', 'U0ANA', now()
       from n, generate_series(1, $2) g returning number`,
      [TEAM, count, lead.rows[0]!.id],
    );
    // Realistic projects: 40 tasks each, each a message in its project's thread, as the app
    // posted them (so a claim's chat.update finds its message).
    const perProject = 40;
    const projects = Math.ceil(count / perProject);
    const threadTs = Array.from(
      { length: projects },
      (_, p) => emulator.postAppMessage("C0DELIVERY", `bench project ${p}`).ts,
    );
    const taskTs = Array.from(
      { length: count },
      (_, t) =>
        emulator.postAppMessage("C0DELIVERY", `bench task ${t}`, {
          threadTs: threadTs[Math.floor(t / perProject)]!,
        }).ts,
    );
    const created = await client.query<{ id: string; number: number }>(
      `with n as (update workspace set last_project_number = last_project_number + $2 where id = $1 returning last_project_number - $2 as start)
       insert into project (id, workspace_id, number, name, kickoff_date, channel_id, thread_ts, created_by_id, updated_at)
       select gen_random_uuid(), $1, n.start + g, 'Bench project ' || g, date '2027-01-04', 'C0DELIVERY', ($3::text[])[g], 'U0DEV', now()
       from n, generate_series(1, $2) g returning id, number`,
      [TEAM, projects, threadTs],
    );
    const projectIds = created.rows.sort((a, b) => a.number - b.number).map((r) => r.id);
    const tasks = await client.query<{ id: string; ts: string }>(
      `with n as (update workspace set last_task_number = last_task_number + $3 where id = $1 returning last_task_number - $3 as start)
       insert into task (id, workspace_id, number, project_id, phase, position, title, due_date, message_ts, updated_at)
       select gen_random_uuid(), $1, n.start + g, ($2::uuid[])[1 + (g - 1) / ${perProject}], 'Bench', 1 + (g - 1) % ${perProject}, 'Bench task ' || g,
              date '2027-01-10', ($4::text[])[g], now()
       from n, generate_series(1, $3) g order by g returning id, message_ts as ts`,
      [TEAM, projectIds, count, taskTs],
    );
    return { dealNumbers: deals.rows.map((r) => r.number), tasks: tasks.rows };
  } finally {
    await client.end();
  }
}

/** The environment of the app under test: the emulator for Slack, the benchmark database. */
function appEnvironment(slackApiUrl: string, databaseUrl: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slackApiUrl,
    DATABASE_URL: databaseUrl,
    PORT: "0",
    HANDOFF_SALES_CHANNEL: "C0SALES",
    HANDOFF_DELIVERY_CHANNEL: "C0DELIVERY",
    HANDOFF_ADMINS: "U0ADMIN",
    LOG_LEVEL: "silent",
  };
}

interface AppProcess {
  url: string;
  settle(): Promise<void>;
  /** Peak resident memory of the app's process so far, in MB. */
  maxRssMb(): Promise<number>;
  /** CPU milliseconds the app's process has used so far. */
  cpuMs(): Promise<number>;
  /** Time inside the app's process of each HTTP answer since the last call (ms). */
  serverTimes(): Promise<number[]>;
  stop(): Promise<void>;
}

async function startAppProcess(mode: "handoff" | "bare", env: Record<string, string>): Promise<AppProcess> {
  const child = fork(path.join(ROOT, "bench/app-process.ts"), [mode], {
    cwd: ROOT,
    // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of each app process there, to see where time goes.
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_CPU_PROFILE
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
        : []),
    ],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, (message: AppProcessMessage) => void>();
  let nextId = 0;
  const ready = new Promise<number>((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`the ${mode} app exited with ${code} before it was ready`)),
    );
    child.on("message", (message: AppProcessMessage) => {
      if ("ready" in message) resolve(message.port);
      else pending.get(message.id)?.(message);
    });
  });
  const ask = (op: AppProcessRequest["op"]) =>
    new Promise<number | number[] | undefined>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (message) => {
        pending.delete(id);
        if ("ok" in message && message.ok) resolve(message.value);
        else reject(new Error("error" in message ? message.error : "unexpected answer"));
      });
      child.send({ id, op } satisfies AppProcessRequest);
    });
  const port = await ready;
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    settle: async () => {
      await ask("settle");
    },
    maxRssMb: async () => Number((await ask("maxRss")) ?? 0),
    cpuMs: async () => Number((await ask("cpu")) ?? 0),
    serverTimes: async () => {
      const times = await ask("serverTimes");
      return Array.isArray(times) ? times : [];
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      await ask("stop").catch(() => {});
      await exited;
    },
  };
}

// ───────────────────────── Scale ─────────────────────────

async function scale(databaseUrl: string): Promise<void> {
  const team = "T0SCALE";
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => {}); // a dropped connection surfaces on the next query instead
  await client.connect();
  const seedStarted = performance.now();
  await seedScale(client, team);
  const seedMs = performance.now() - seedStarted;

  const prisma = createPrismaClient({ url: databaseUrl });
  const stages = new PrismaStageRepository(prisma);
  const pipeline = new PipelineService({
    pipeline: new PrismaPipelineRepository(prisma),
    stages,
    clock: { now: () => new Date("2026-11-24T10:00:00Z") },
  });
  await pipeline.summarise(team, { timeZone: "UTC" }); // warm the pool and plans
  const ours: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await pipeline.summarise(team, { timeZone: "UTC" });
    ours.push(performance.now() - t0);
  }
  const hand: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await handWrittenPipeline(client, team);
    hand.push(performance.now() - t0);
  }
  const digests = new DigestService({
    digests: new PrismaDigestRepository(prisma),
    pipeline: new PrismaPipelineRepository(prisma),
    stages,
    clock: { now: () => AT },
    isDirectMessage,
  });
  await digests.weekly(team, { timeZone: "UTC" });
  const digestOurs: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await digests.weekly(team, { timeZone: "UTC" });
    digestOurs.push(performance.now() - t0);
  }
  const digestHand: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await handWrittenPipeline(client, team);
    await handWrittenDelivery(client, team);
    digestHand.push(performance.now() - t0);
  }
  await prisma.$disconnect();
  await client.end();
  const served = await serveAtScale(databaseUrl, team);

  out(
    `## Scale (${SCALE.deals.toLocaleString("en")} deals, ${SCALE.changes.toLocaleString("en")} stage changes, ${SCALE.projects.toLocaleString("en")} projects, ${SCALE.tasks.toLocaleString("en")} tasks; seeded in ${fmt(seedMs / 1000)} s)`,
  );
  out();
  out("| measure | ours | hand-written SQL with pg | ours/SQL |");
  out("|---|---|---|---|");
  out(
    `| /pipeline summary (median of ${REPEAT}) | ${fmtSpread(spread(ours), " ms")} | ${fmtSpread(spread(hand), " ms")} | ${fmt(median(ours) / median(hand), 2)}× |`,
  );
  out(
    `| weekly digest build (median of ${REPEAT}) | ${fmtSpread(spread(digestOurs), " ms")} | ${fmtSpread(spread(digestHand), " ms")} | ${fmt(median(digestOurs) / median(digestHand), 2)}× |`,
  );
  out(
    `| /pipeline through the app over HTTP (ack, median of ${REPEAT}) | ${fmtSpread(spread(served.pipeline), " ms")} | | |`,
  );
  out(
    `| /digest now through the app over HTTP (ack, median of ${REPEAT}) | ${fmtSpread(spread(served.digest), " ms")} | | |`,
  );
  out(
    `| peak RSS of the app's process (start, then serving the two above) | ${fmt(served.peakRssMb, 0)} MB | | |`,
  );
  out();
}

/** The app in its own process answering /pipeline and /digest now over the scale workspace. */
async function serveAtScale(
  databaseUrl: string,
  team: string,
): Promise<{ pipeline: number[]; digest: number[]; peakRssMb: number }> {
  const emulator = await SlackEmulator.start({ botToken: TOKEN, ...createDemoWorkspace() });
  const app = await startAppProcess("handoff", appEnvironment(emulator.apiUrl, databaseUrl));
  try {
    const timed = async (name: string, text: string): Promise<number[]> => {
      const latencies: number[] = [];
      // The first answer warms the pool and the query plans, as in the in-process figures.
      for (let i = 0; i <= REPEAT; i++) {
        const responseUrl = emulator.issueResponseUrl({ channelId: "C0SALES", userId: "U0ADMIN" });
        const run = await drive({
          url: app.url,
          signingSecret: SECRET,
          total: 1,
          concurrency: 1,
          body: () => commandBody(command(name, text, i, responseUrl, team)),
        });
        if (run.failures > 0) throw new Error(`${name} ${text} answered non-200 at scale`);
        if (i > 0) latencies.push(run.latencies[0]!);
      }
      return latencies;
    };
    const pipeline = await timed("/pipeline", "");
    const digest = await timed("/digest", "now");
    return { pipeline, digest, peakRssMb: await app.maxRssMb() };
  } finally {
    await app.stop();
    await emulator.stop();
  }
}

/** Bulk seed with generate_series: one statement per table, no round trips per row. */
async function seedScale(client: pg.Client, team: string): Promise<void> {
  await client.query(`insert into workspace (id, updated_at) values ($1, now()) on conflict do nothing`, [
    team,
  ]);
  await client.query(
    `insert into stage (id, workspace_id, key, name, position, probability, stale_after_days, kind, requires_amount_and_close_date)
     select gen_random_uuid(), $1, s.key, s.name, s.position, s.probability, s.stale, s.kind::"StageKind", s.position > 1 and s.kind <> 'LOST'
     from (values ('lead','Lead',1,10,7,'OPEN'),('qualified','Qualified',2,25,14,'OPEN'),('demo','Demo',3,40,14,'OPEN'),
                  ('proposal','Proposal',4,60,10,'OPEN'),('negotiation','Negotiation',5,80,10,'OPEN'),('won','Won',6,100,null,'WON'),('lost','Lost',7,0,null,'LOST'))
          as s(key, name, position, probability, stale, kind)
     on conflict do nothing`,
    [team],
  );
  await client.query(
    `insert into deal (id, workspace_id, number, name, amount, currency, stage_id, owner_id, expected_close_date, last_activity_at, closed_at, created_by_id, updated_at)
     select gen_random_uuid(), $1, g, 'Scale deal ' || g, (g % 997) * 100 + 500, (array['USD','EUR','GBP'])[1 + g % 3],
            (select id from stage where workspace_id = $1 and position = 1 + g % 7), 'U' || (g % 40), date '2026-11-01' + (g % 120),
            timestamptz '2026-11-24' - make_interval(days => g % 30), case when g % 7 in (5, 6) then timestamptz '2026-11-24' - make_interval(days => g % 90) end,
            'U1', now()
     from generate_series(1, $2) g`,
    [team, SCALE.deals],
  );
  await client.query(
    `insert into deal_stage_change (deal_id, from_stage_id, to_stage_id, changed_by_id, changed_at)
     select d.id, d.stage_id, d.stage_id, 'U1', timestamptz '2026-01-01' + make_interval(hours => g)
     from (select id, stage_id, row_number() over () as r from deal where workspace_id = $1) d
     join generate_series(1, $2::int / $3::int) g on true`,
    [team, SCALE.changes, SCALE.deals],
  );
  await client.query(
    `insert into project (id, workspace_id, number, name, kickoff_date, created_by_id, updated_at)
     select gen_random_uuid(), $1, g, 'Scale project ' || g, date '2026-10-01' + (g % 60), 'U1', now() from generate_series(1, $2) g`,
    [team, SCALE.projects],
  );
  await client.query(
    `insert into task (id, workspace_id, number, project_id, phase, position, title, due_date, assignee_id, status, updated_at)
     select gen_random_uuid(), $1, row_number() over (), p.id, 'Phase', g, 'Task ' || g, p.kickoff_date + g, case when g % 3 = 0 then null else 'U' || (g % 20) end,
            (case when g % 4 = 0 then 'DONE' else 'OPEN' end)::"TaskStatus", now()
     from project p join generate_series(1, $2::int / $3::int) g on true where p.workspace_id = $1`,
    [team, SCALE.tasks, SCALE.projects],
  );
  await client.query("analyze");
}

/** The delivery half of the weekly digest, by hand (the pipeline half is handWrittenPipeline). */
async function handWrittenDelivery(client: pg.Client, team: string): Promise<void> {
  // One connection runs one statement at a time: in turn, as pg would queue them anyway.
  for (const [text, values] of [
    [
      `select p.id, count(*) filter (where t.status = 'DONE'), count(*) from project p join task t on t.project_id = p.id
       where p.workspace_id = $1 and p.status = 'ACTIVE' group by p.id`,
      [team],
    ],
    [
      `select count(*) from task where workspace_id = $1 and completed_at > $2::timestamptz - interval '7 days'`,
      [team, AT],
    ],
    [
      `select assignee_id, count(*) from task where workspace_id = $1 and status = 'OPEN' and due_date < $2::date group by 1`,
      [team, AT],
    ],
    [`select count(*) from task where workspace_id = $1 and status = 'OPEN' and assignee_id is null`, [team]],
    [
      `select d.currency, s.kind, count(*), sum(d.amount) from deal d join stage s on s.id = d.stage_id
       where d.workspace_id = $1 and s.kind in ('WON', 'LOST') and d.closed_at > $2::timestamptz - interval '7 days' group by 1, 2`,
      [team, AT],
    ],
  ] as const) {
    await client.query(text, [...values]);
  }
}

/** The same figures as /pipeline, written by hand: the floor to compare with. */
async function handWrittenPipeline(client: pg.Client, team: string): Promise<void> {
  // One connection runs one statement at a time: in turn, as pg would queue them anyway.
  for (const [text, values] of [
    [
      `select d.stage_id, d.currency, count(*), sum(d.amount), round(sum(d.amount * s.probability) / 100, 2)
       from deal d join stage s on s.id = d.stage_id where d.workspace_id = $1 and s.kind = 'OPEN' group by 1, 2`,
      [team],
    ],
    [
      `select d.currency, sum(d.amount) from deal d join stage s on s.id = d.stage_id
       where d.workspace_id = $1 and s.kind = 'WON' and d.closed_at::date between date '2026-10-01' and date '2026-12-31' group by 1`,
      [team],
    ],
    [
      `select d.currency, round(sum(d.amount * s.probability) / 100, 2) from deal d join stage s on s.id = d.stage_id
       where d.workspace_id = $1 and s.kind = 'OPEN' and d.expected_close_date between date '2026-10-01' and date '2026-12-31' group by 1`,
      [team],
    ],
    [
      `select d.id, count(*) over () from deal d join stage s on s.id = d.stage_id
       where d.workspace_id = $1 and s.kind = 'OPEN' and d.last_activity_at < now() - make_interval(days => s.stale_after_days)
       order by d.last_activity_at limit 10`,
      [team],
    ],
  ] as const) {
    await client.query(text, [...values]);
  }
}

// ───────────────────────── Start ─────────────────────────

/** Puts a section measured on its own in place of the file's section of the same heading. */
async function replaceSection(file: string, section: string[]): Promise<void> {
  const heading = section[0]!;
  const note = `*This section: \`npm run bench -- ${quick ? "--quick " : ""}--only=${only}\`, ${new Date().toISOString().slice(0, 10)}, a run of its own.*`;
  const current = (await readFile(file, "utf8").catch(() => "")).split("\n");
  const start = current.indexOf(heading);
  const end = start < 0 ? -1 : current.findIndex((line, i) => i > start && line.startsWith("## "));
  const replaced = [heading, "", note, ...section.slice(1)];
  const next =
    start < 0
      ? [...current, ...replaced]
      : [...current.slice(0, start), ...replaced, ...(end < 0 ? [] : current.slice(end))];
  await writeFile(file, `${next.join("\n").replace(/\n+$/, "")}\n`);
}

interface StartFigures {
  ms: number;
  rssMb: number;
  /** The first signed /pipeline after healthy, and the median of the five after it. */
  firstCommandMs: number;
  nextCommandsMs: number;
}

async function startup(): Promise<void> {
  const emulator = await SlackEmulator.start({ botToken: TOKEN, ...createDemoWorkspace() });
  const dataDir = await mkdtemp(path.join(tmpdir(), "handoff-bench-start-"));
  await chmod(dataDir, 0o755);
  try {
    const cold = [await timeStart(emulator, dataDir)];
    const warm: StartFigures[] = [];
    for (let i = 0; i < (quick ? 2 : 3); i++) warm.push(await timeStart(emulator, dataDir));
    const row = (label: string, runs: StartFigures[], target: string) => {
      const seconds =
        runs.length === 1
          ? `${fmt(runs[0]!.ms / 1000, 2)} s`
          : fmtSpread(spread(runs.map((r) => r.ms / 1000)), " s", 2);
      return `| ${label} | ${seconds} | ${target} | ${fmt(median(runs.map((r) => r.firstCommandMs)), 0)} ms | ${fmt(median(runs.map((r) => r.nextCommandsMs)), 0)} ms | ${fmt(median(runs.map((r) => r.rssMb)), 0)} MB |`;
    };
    out("## Start (`npm start` with the embedded PostgreSQL, to a healthy `/healthz`)");
    out();
    out(
      "| start | time to healthy | target | first `/pipeline` ack after healthy | the next five (median) | RSS at healthy (the app and the embedded PostgreSQL together) |",
    );
    out("|---|---|---|---|---|---|");
    out(row("cold (new data folder: initdb, migrations)", cold, "< 4 s"));
    out(row(`warm (median of ${warm.length})`, warm, "< 2 s"));
    out();
  } finally {
    await emulator.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function timeStart(emulator: SlackEmulator, dataDir: string): Promise<StartFigures> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["bin/start.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: emulator.apiUrl,
      PORT: String(port),
      HANDOFF_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
    },
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error("npm start exited before it was healthy");
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (performance.now() - started > 120_000) throw new Error("not healthy within 120 s");
      await new Promise((r) => setTimeout(r, 25));
    }
    const ms = performance.now() - started;
    const rssMb = await rssOfTree(child.pid!);
    const responseUrl = emulator.issueResponseUrl({ channelId: "C0SALES", userId: "U0ADMIN" });
    const { latencies, failures } = await drive({
      url: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SECRET,
      body: (i) => commandBody(command("/pipeline", "", i, responseUrl)),
      total: 6,
      concurrency: 1,
    });
    if (failures > 0) throw new Error(`${failures} of the /pipeline commands after start failed`);
    return { ms, rssMb, firstCommandMs: latencies[0]!, nextCommandsMs: median(latencies.slice(1)) };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

/** The app and its embedded PostgreSQL: sum the resident memory of the process tree. */
async function rssOfTree(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  const own = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  const kids = await Promise.all(
    children
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((c) => rssOfTree(Number(c))),
  );
  return own + kids.reduce((a, b) => a + b, 0);
}

// ───────────────────────── Database ─────────────────────────

async function startDatabase(dir: string, cleanups: Array<() => Promise<void>>): Promise<string> {
  const db = await startEmbeddedDatabase({
    dataDir: dir,
    databaseName: "postgres",
    logger: createSilentLogger(),
  });
  cleanups.unshift(db.stop);
  return db.url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

import { monitorEventLoopDelay as mld } from "node:perf_hooks";

const genLoop = mld({ resolution: 10 });
genLoop.enable();
setInterval(() => {
  if (genLoop.max > 100e6)
    process.stderr.write(
      `[loadgen] ${new Date().toISOString()} loop max ${(genLoop.max / 1e6).toFixed(0)} ms\n`,
    );
  genLoop.reset();
}, 1000).unref();
await main();
