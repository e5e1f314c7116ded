import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EmbeddedDatabase,
  findFreePort,
  startEmbeddedDatabase,
} from "../../src/db/embedded-postgres.ts";
import { createSilentLogger } from "../../src/lib/logger.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";

/** A database of its own, so this file can stop and restart it under the running app. */
let dir: string;
let port: number;
let database: EmbeddedDatabase | undefined;
let h: Harness;

const startDatabase = () => startEmbeddedDatabase({ dataDir: dir, port, logger: createSilentLogger() });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "handoff-outage-"));
  await chmod(dir, 0o755);
  port = await findFreePort();
  database = await startDatabase();
  h = await startHarness({ databaseUrl: database.url });
});

afterAll(async () => {
  await h?.stop();
  await database?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function health(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${h.baseUrl}/healthz`);
  return { status: response.status, body: await response.json() };
}

describe("when the database goes away and comes back", () => {
  it("reports 503, tells people privately to try again shortly, and recovers without a restart", async () => {
    // The first probe opens a connection, which on a loaded machine can take longer than its 1 s.
    await expect.poll(async () => (await health()).status, { timeout: 10_000, interval: 200 }).toBe(200);
    expect(await health()).toEqual({ status: 200, body: { ok: true, database: "up" } });
    await h.command(People.ana, "/deal", "help", { channelId: Channels.sales });
    expect(h.emulator.ephemerals(People.ana, Channels.sales).at(-1)?.text).toContain("/deal new");

    await database!.stop();
    database = undefined;

    expect(await health()).toEqual({ status: 503, body: { ok: false, database: "down" } });
    // Ana's workspace and role are still remembered (a few seconds), but her deals are not.
    const refused = await h.command(People.ana, "/deal", "list", { channelId: Channels.sales });
    expect(refused.status).toBe(200);
    expect(refused.durationMs).toBeLessThan(3_000);
    expect(h.emulator.ephemerals(People.ana, Channels.sales).at(-1)?.text).toMatch(
      /can't reach its database.*try again shortly/,
    );
    // Someone the app has not seen lately cannot even be told apart from a stranger.
    const stranger = await h.command(People.ben, "/deal", "help", { channelId: Channels.sales });
    expect(stranger.durationMs).toBeLessThan(3_000);
    expect(h.emulator.ephemerals(People.ben, Channels.sales).at(-1)?.text).toMatch(
      /can't reach its database.*try again shortly/,
    );
    expect(h.emulator.messages(Channels.sales)).toEqual([]);
    // An operator alerting on errors sees the outage: one line per refused request, not info.
    const outageLines = h.problems.filter((p) => p.msg === "request failed: the database is unreachable");
    expect(outageLines.length).toBeGreaterThanOrEqual(2);

    database = await startDatabase();

    await expect.poll(async () => (await health()).status, { timeout: 10_000, interval: 200 }).toBe(200);
    await h.command(People.ben, "/deal", "help", { channelId: Channels.sales });
    expect(h.emulator.ephemerals(People.ben, Channels.sales).at(-1)?.text).toContain("/deal new");
  });
});
