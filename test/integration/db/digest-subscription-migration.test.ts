import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, inject, it } from "vitest";
import { applyMigrations, MIGRATIONS_DIR } from "../../../src/db/migrate.ts";
import { createSilentLogger } from "../../../src/lib/logger.ts";
import { adminQuery, withDatabase } from "../../support/database-global-setup.ts";

const MIGRATION = "20261204100000_digest_subscription_per_channel";
const logger = createSilentLogger();
const name = `handoff_dedupe_${randomBytes(5).toString("hex")}`;
let folder: string | undefined;

afterAll(async () => {
  await adminQuery(inject("adminDatabaseUrl"), `drop database if exists "${name}" with (force)`);
  if (folder) await rm(folder, { recursive: true, force: true });
});

it("keeps one digest subscription per channel and kind, moving the others' digests to it", async () => {
  await adminQuery(inject("adminDatabaseUrl"), `create database "${name}"`);
  const url = withDatabase(inject("adminDatabaseUrl"), name);
  // The database as it was before: every migration but this one.
  folder = await mkdtemp(path.join(tmpdir(), "handoff-migrations-"));
  await cp(MIGRATIONS_DIR, folder, {
    recursive: true,
    filter: (source) => !source.includes(MIGRATION),
  });
  await applyMigrations(url, logger, folder);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`insert into workspace (id, updated_at) values ('T1', now())`);
    const sub = async (number: number, channel: string, kind: string, extra = "") => {
      const { rows } = await client.query<{ id: string }>(
        `insert into digest_subscription (id, workspace_id, number, kind, channel_id, day_of_week, time, time_zone${extra ? ", cancelled_at, default_key" : ""})
         values (gen_random_uuid(), 'T1', $1, $2, $3, 1, '09:00', 'UTC'${extra}) returning id`,
        [number, kind, channel],
      );
      return rows[0]!.id;
    };
    const run = (subscriptionId: string, slot: string) =>
      client.query(
        `insert into digest_run (id, workspace_id, subscription_id, kind, slot, figures)
         values (gen_random_uuid(), 'T1', $1, 'WEEKLY', $2, '{}')`,
        [subscriptionId, slot],
      );
    // The demo workspace: a person's S-1 and the default S-2, both weekly in #digest; and a
    // cancelled S-3 there too. A daily one in the same channel is another kind and stays.
    const s1 = await sub(1, "C0DIGEST", "WEEKLY");
    const s2 = await sub(2, "C0DIGEST", "WEEKLY", ", null, 'default-weekly:T1'");
    const s3 = await sub(3, "C0DIGEST", "WEEKLY", ", now(), null");
    await sub(4, "C0DIGEST", "DAILY");
    await run(s1, "2026-11-23T09:00:00Z");
    await run(s1, "2026-11-30T09:00:00Z");
    await run(s2, "2026-11-30T09:00:00Z");
    await run(s3, "2026-11-16T09:00:00Z");
  } finally {
    await client.end();
  }

  expect((await applyMigrations(url, logger)).applied).toEqual([MIGRATION]);

  const after = new pg.Client({ connectionString: url });
  await after.connect();
  try {
    const { rows: subs } = await after.query(
      "select number, kind, default_key from digest_subscription order by number",
    );
    expect(subs).toEqual([
      { number: 2, kind: "WEEKLY", default_key: "default-weekly:T1" },
      { number: 4, kind: "DAILY", default_key: null },
    ]);
    const { rows: runs } = await after.query(
      "select s.number, r.slot from digest_run r join digest_subscription s on s.id = r.subscription_id order by r.slot",
    );
    expect(runs.map((r) => [r.number, (r.slot as Date).toISOString()])).toEqual([
      [2, "2026-11-16T09:00:00.000Z"],
      [2, "2026-11-23T09:00:00.000Z"],
      [2, "2026-11-30T09:00:00.000Z"],
    ]);
    await expect(
      after.query(
        `insert into digest_subscription (id, workspace_id, number, kind, channel_id, time, time_zone)
         values (gen_random_uuid(), 'T1', 5, 'WEEKLY', 'C0DIGEST', '09:00', 'UTC')`,
      ),
    ).rejects.toThrow(/digest_subscription_workspace_id_channel_id_kind_key/);
  } finally {
    await after.end();
  }
});
