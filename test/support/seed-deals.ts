import type { Harness } from "./e2e-harness.ts";
import type { TestDatabase } from "./test-database.ts";

/**
 * Deals D-2 … D-(count+1) as if created earlier, in deal D-1's workspace and stage, each with
 * its card already posted in `channel`: a burst needs many deals, and creating each through
 * its modal would take most of a test's time.
 */
export async function seedDealsWithCards(h: Harness, channel: string, owner: string, count: number) {
  const prisma = h.db!.prisma;
  const { workspaceId, stageId } = (
    await prisma.$queryRaw<{ workspaceId: string; stageId: string }[]>`
      select d.workspace_id as "workspaceId", d.stage_id as "stageId" from deal d where d.number = 1`
  )[0]!;
  const cards = Array.from(
    { length: count },
    (_, i) => h.emulator.postAppMessage(channel, `Seeded deal ${i + 2}`).ts,
  );
  await prisma.$executeRaw`
    with n as (update workspace set last_deal_number = last_deal_number + ${count} where id = ${workspaceId})
    insert into deal (id, workspace_id, number, name, amount, currency, stage_id, owner_id, expected_close_date,
                      created_by_id, updated_at, card_channel_id, card_ts)
    select gen_random_uuid(), ${workspaceId}, 1 + g, 'Seeded deal ' || (1 + g), 1000, 'USD', ${stageId}::uuid,
           ${owner}, date '2027-06-30', ${owner}, now(), ${channel}, (${cards}::text[])[g]
      from generate_series(1, ${count}) g`;
  return cards;
}

/** Delivers until no effect is pending (retries are scheduled seconds out, on the real clock). */
export async function deliverEverything(
  h: Harness,
  timeoutMs = 60_000,
  db: TestDatabase = h.db!,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await h.app.drainEffects();
    const pending = await db.prisma.slackEffect.count({ where: { status: "PENDING" } });
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} Slack effects still pending`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
