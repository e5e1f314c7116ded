/**
 * The import at scale: 50,000 HubSpot rows through `npm run import` (the same service as
 * `/handoff import`), its wall time and peak RSS, against a `COPY` of the same rows into the
 * deal table in the same run: the floor of getting those rows into PostgreSQL at all.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import pg from "pg";
import { fmt, fmtSpread, spread } from "./stats.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const TEAM = "T0IMPORTBENCH";
/** Each run imports into a workspace of its own: a second run into the same one would create nothing. */
const RUNS = 3;
const STAGES = [
  "Appointment scheduled",
  "Qualified",
  "Proposal",
  "Contract sent",
  "Closed won",
  "Closed lost",
];

/** A HubSpot deals export as HubSpot writes it: BOM, CRLF, quoted commas, dates with times. */
export function hubspotRows(count: number): string {
  const lines = [
    "\uFEFFRecord ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Associated Company,Pipeline,Create Date",
  ];
  for (let i = 0; i < count; i++) {
    const month = String((i % 12) + 1).padStart(2, "0");
    const day = String((i % 28) + 1).padStart(2, "0");
    lines.push(
      `${9_000_000 + i},"Deal ${i}, expansion",${STAGES[i % STAGES.length]},${((i * 7919) % 500) * 100 + 100},2027-${month}-${day} 00:00,owner${i % 20}@example.com,"Company ${i % 3000}, Inc.",Sales Pipeline,2026-10-02 09:14`,
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A Salesforce opportunities report: no id column, so rows are matched by deal name and company. */
export function salesforceRows(count: number): string {
  const lines = [
    "Opportunity Name,Stage,Amount,Amount Currency,Close Date,Opportunity Owner,Account Name,Lead Source,Next Step",
  ];
  for (let i = 0; i < count; i++) {
    const month = String((i % 12) + 1).padStart(2, "0");
    lines.push(
      `Opportunity ${i},Prospecting,${((i * 7919) % 500) * 100 + 100},USD,2027-${month}-15,owner${i % 20}@example.com,Account ${i % 3000},Web,Call back`,
    );
  }
  return `${lines.join("\n")}\n`;
}

interface Measured {
  ms: number;
  peakRssMb: number;
  output: string;
  code: number | null;
}

/** Runs the import command as an operator would, sampling the process's peak RSS (VmHWM) until it exits. */
async function runImportCommand(
  file: string,
  databaseUrl: string,
  team: string,
  extra: readonly string[] = [],
): Promise<Measured> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ["bin/start.mjs", "--run=import", file, "--team", team, "--as", "U0ADMIN", ...extra],
    { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl } },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let peakKb = 0;
  const sample = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, "utf8").catch(() => "");
    peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
  };
  const timer = setInterval(() => void sample(), 50);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  return { ms: performance.now() - started, peakRssMb: peakKb / 1024, output, code };
}

/** The same rows as deal rows, loaded with one COPY (server-side, from a file). */
async function copyRows(client: pg.Client, dir: string, count: number): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    "select id from stage where workspace_id = $1 and key = 'lead'",
    [TEAM],
  );
  const stageId = rows[0]!.id;
  const { rows: top } = await client.query<{ n: number }>(
    "select coalesce(max(number), 0) as n from deal where workspace_id = $1",
    [TEAM],
  );
  const csv: string[] = [];
  for (let i = 0; i < count; i++) {
    csv.push(
      [
        randomUUID(),
        TEAM,
        top[0]!.n + 1 + i,
        `"Deal ${i}, expansion"`,
        ((i * 7919) % 500) * 100 + 100,
        "USD",
        stageId,
        "U0ADMIN",
        "U0ADMIN",
        `copy:${i}`,
        "2026-12-04T00:00:00Z",
      ].join(","),
    );
  }
  const file = path.join(dir, "deals-copy.csv");
  await writeFile(file, `${csv.join("\n")}\n`, { mode: 0o644 });
  const started = performance.now();
  await client.query(
    `copy deal (id, workspace_id, number, name, amount, currency, stage_id, owner_id, created_by_id, creation_key, updated_at)
       from '${file}' with (format csv)`,
  );
  return performance.now() - started;
}

export async function importSection(
  databaseUrl: string,
  dir: string,
  out: (line?: string) => void,
  quick: boolean,
): Promise<void> {
  const count = quick ? 5_000 : 50_000;
  const file = path.join(dir, "hubspot-deals.csv");
  const text = hubspotRows(count);
  await writeFile(file, text);
  // The bundle is built (once per source change) by a run that only prints its usage.
  await new Promise((resolve) =>
    spawn(process.execPath, ["bin/start.mjs", "--run=import"], { cwd: ROOT, stdio: "ignore" }).on(
      "exit",
      resolve,
    ),
  );
  const runs: Measured[] = [];
  for (let n = 0; n < (quick ? 1 : RUNS); n++) {
    const run = await runImportCommand(file, databaseUrl, n === 0 ? TEAM : `${TEAM}${n}`);
    if (run.code !== 0 || !run.output.includes(`${count.toLocaleString("en-US")} deals created`)) {
      throw new Error(`the import did not finish:\n${run.output}`);
    }
    runs.push(run);
  }
  const wall = spread(runs.map((r) => r.ms / 1000));
  // Rows without an id: each batch looks its deals up by name and company, first into a new
  // workspace, then again when every row matches a deal and nothing is created.
  const keyless = path.join(dir, "salesforce-opportunities.csv");
  await writeFile(keyless, salesforceRows(count));
  const keylessTeam = `${TEAM}SF`;
  const keylessRuns = [
    await runImportCommand(keyless, databaseUrl, keylessTeam),
    await runImportCommand(keyless, databaseUrl, keylessTeam),
  ];
  // The HubSpot file again into the first run's workspace, every deal's name changed: all updated.
  const renamed = path.join(dir, "hubspot-deals-renamed.csv");
  await writeFile(renamed, text.replaceAll(', expansion"', ', renewal"'));
  const updateRun = await runImportCommand(renamed, databaseUrl, TEAM, ["--update"]);
  if (!updateRun.output.includes(`${count.toLocaleString("en-US")} deals updated`)) {
    throw new Error(`the update did not finish:\n${updateRun.output}`);
  }
  const createdAll = `${count.toLocaleString("en-US")} deals created`;
  if (!keylessRuns[0]!.output.includes(createdAll) || !keylessRuns[1]!.output.includes("0 deals created")) {
    throw new Error(`the Salesforce import did not finish:\n${keylessRuns.map((r) => r.output).join("\n")}`);
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let copyMs: number;
  try {
    copyMs = await copyRows(client, dir, count);
  } finally {
    await client.end();
  }
  out(`## Import (${count.toLocaleString("en-US")} HubSpot rows, ${fmt(text.length / 2 ** 20, 1)} MB)`);
  out();
  out(
    "`npm run import -- <file> --team … --as …` in a process of its own, start to exit, from the same cached bundle `npm run import` runs (built before the clock starts): start-up and migrations, a first pass over the file that checks it, the preview (every row read and checked, existing deals looked up 500 rows at a time), then the import as the file is read again, in batches of 500 rows, one transaction each (deal, first stage change, the note \"imported from <file>\", accounts). No pass holds more than a batch of rows, besides each row's identity (to refuse a second row of the same deal). Peak RSS is the import process's high-water mark (VmHWM). The floor is one `COPY` of the same rows into the deal table alone, in the same database, in this run.",
  );
  out();
  out(
    `${runs.length === 1 ? "One run" : `Median (min–max) of ${runs.length} runs, each into a workspace of its own`}; machine load average ${loadavg()
      .map((l) => fmt(l, 1))
      .join(" / ")} (1 / 5 / 15 min) at the end. Target: peak RSS under 400 MB, wall time under 60 s.`,
  );
  out();
  out("| file | wall time | peak RSS | COPY of the same rows | ours / COPY |");
  out("|---|---|---|---|---|");
  out(
    `| ${count.toLocaleString("en-US")} HubSpot rows | ${fmtSpread(wall, " s")} | ${fmtSpread(spread(runs.map((r) => r.peakRssMb)), " MB", 0)} | ${fmt(copyMs / 1000, 2)} s | ${fmt((wall.median * 1000) / copyMs, 1)}× |`,
  );
  out(
    `| the same HubSpot file with every deal's name changed, \`--update\` (all updated), one run | ${fmt(updateRun.ms / 1000, 1)} s | ${fmt(updateRun.peakRssMb, 0)} MB | | |`,
  );
  const [first, again] = keylessRuns as [Measured, Measured];
  out(
    `| ${count.toLocaleString("en-US")} Salesforce rows (no id: matched by name and company), one run | ${fmt(first.ms / 1000, 1)} s | ${fmt(first.peakRssMb, 0)} MB | | ${fmt(first.ms / copyMs, 1)}× |`,
  );
  out(
    `| the same Salesforce file again (every row matches a deal; nothing created), one run | ${fmt(again.ms / 1000, 1)} s | ${fmt(again.peakRssMb, 0)} MB | | |`,
  );
  out();
}
