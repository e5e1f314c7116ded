import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Audit, audit } from "../support/chaos-audit.ts";
import {
  burst,
  type ChaosRun,
  openProjects,
  SCALE,
  seedDeals,
  startChaosRun,
  terminateConnections,
  waitUntilQuiet,
} from "../support/chaos-burst.ts";

/**
 * Chaos: three app processes on one PostgreSQL behind a round-robin of signed requests,
 * a burst of ~300 moves, claims and wins, and one fault per run. Whatever was acknowledged is
 * done, every Slack message is posted exactly once and current, threads keep the order of the
 * changes. Slack's pace, the locks, the leases and the outage are scaled down together (SCALE).
 */
let run: ChaosRun | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a run's time goes, printed as each phase ends (a run that times out still shows how far it got). */
function phases(name: string): (phase: string) => void {
  let last = Date.now();
  return (phase) => {
    const now = Date.now();
    // biome-ignore lint/suspicious/noConsole: the figures the issue asks to report
    console.info(`chaos ${name.slice(0, 1)}: ${phase} in ${now - last} ms`);
    last = now;
  };
}

async function chaos(name: string, fault: (run: ChaosRun) => Promise<void>): Promise<Audit> {
  const done = phases(name);
  run = await startChaosRun();
  done("three instances started");
  const seeded = await seedDeals(run);
  await openProjects(run, seeded);
  done("deals seeded and projects opened");
  const started = Date.now();
  const { tally, sentInMs } = await burst(run, seeded, () => fault(run!)).catch((error: Error) => {
    if (process.env.CHAOS_LOG) writeFileSync(process.env.CHAOS_LOG, run!.cluster.errors());
    throw new Error(`${error.message}\ninstances said:\n${run?.cluster.errors().slice(0, 4_000)}`);
  });
  done("burst sent");
  const quietInMs = await waitUntilQuiet(run, 120_000);
  done("everything delivered");
  const result = await audit(run, tally);
  // What the instances logged at error, for a run that went wrong (CHAOS_LOG=<file>).
  if (process.env.CHAOS_LOG) writeFileSync(process.env.CHAOS_LOG, run.cluster.errors());
  // biome-ignore lint/suspicious/noConsole: the figures the issue asks to report
  console.info(
    `chaos ${name}: acknowledged ${result.acknowledged.moves} moves, ${result.acknowledged.claims} claims, ` +
      `${result.acknowledged.wins} wins (${tally.attempts} requests sent, ${tally.refused} not acknowledged and tried again); ` +
      `sent in ${sentInMs} ms, all delivered ${sentInMs + quietInMs} ms after the start (${Date.now() - started} ms); ` +
      `${result.effects.delivered} Slack effects, max attempts ${result.effects.maxAttempts}; ` +
      `lost ${result.lost.length}, duplicated ${result.duplicated.length}, never posted ${result.neverPosted.length}, ` +
      `out of order ${result.outOfOrder.length}`,
    { lost: result.lost.slice(0, 10), neverPosted: result.neverPosted.slice(0, 10) },
  );
  return result;
}

/**
 * One run per fault: the cluster is started, the burst sent with the fault, everything
 * delivered, then each promise checked on its own.
 */
function chaosRun(
  name: string,
  fault: (run: ChaosRun) => Promise<void>,
  known: { lostIsKnownBug?: string } = {},
): void {
  describe(name, () => {
    let result: Audit;
    beforeAll(async () => {
      result = await chaos(name, fault);
    }, 240_000);
    afterAll(async () => {
      await run?.stop();
      run = undefined;
    });

    it("acknowledged every request of the burst", () => {
      expect(result.acknowledged.moves).toBe(150);
      expect(result.acknowledged.claims).toBeGreaterThanOrEqual(100);
      expect(result.acknowledged.wins).toBe(10);
    });
    // A known bug, reported rather than hidden: this assertion fails today (see the reason).
    (known.lostIsKnownBug ? it.fails : it)(
      `loses no acknowledged request${known.lostIsKnownBug ? ` (known bug: ${known.lostIsKnownBug})` : ""}`,
      () => {
        expect(result.lost).toEqual([]);
      },
    );
    it("posts no Slack message twice", () => {
      expect(result.duplicated).toEqual([]);
    });
    it("posts every message, and every card and task message shows the current state", () => {
      expect(result.neverPosted).toEqual([]);
    });
    it("keeps each thread in the order of the changes", () => {
      expect(result.outOfOrder).toEqual([]);
    });
  });
}

describe("chaos: three instances, one database, a burst of moves, claims and wins", () => {
  chaosRun("A: kill -9 of one instance mid-burst, then a restart", async (r) => {
    await sleep(2_000);
    await r.cluster.kill(1);
    await sleep(30_000 / SCALE);
    await r.cluster.startInstance(1);
  });

  chaosRun("B: every database connection terminated mid-burst", async (r) => {
    await sleep(2_000);
    await terminateConnections(r.db.url);
    await sleep(1_500);
    await terminateConnections(r.db.url);
  });

  chaosRun("C: Slack answering 500, 429 + Retry-After and ok:false rate_limited for a while", async (r) => {
    // Slack failing for 60 s, scaled: every post and update in turn gets one of the three.
    const faults = [
      { kind: "http", status: 500 },
      { kind: "rate_limited", retryAfterSeconds: 1 },
      { kind: "error", error: "rate_limited" },
    ] as const;
    for (let i = 0; i < 2_000; i++)
      for (const method of ["chat.postMessage", "chat.update"])
        r.emulator.injectFault({ method, fault: faults[i % faults.length]! });
    await sleep(60_000 / SCALE);
    r.emulator.clearFaults();
  });
});
