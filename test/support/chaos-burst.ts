import type { DriverResponse } from "@handoff/slack-emulator";
import { createDemoWorkspace, SlackEmulator } from "@handoff/slack-emulator";
import pg from "pg";
import { PrismaStageRepository } from "../../src/db/stage-repository.ts";
import { PrismaWorkspaceRepository } from "../../src/db/workspace-repository.ts";
import { ChaosCluster } from "./chaos-cluster.ts";
import { BOT_TOKEN, Channels, MANIFEST_BOT_SCOPES, People } from "./e2e-harness.ts";
import { blocksText } from "./slack-views.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

/**
 * Slack's pace (~1 message/s per channel), the 30 s effect lock, the 30 s acknowledged-work
 * lease and a 60 s Slack outage, all scaled down by the same factor: the runs are short, the
 * ratios real.
 */
export const SCALE = 10;
/** Deals moved twice each (Lead → Qualified, then → Proposal). */
const MOVED_DEALS = 75;
/** Projects opened before the burst, whose ready tasks are claimed during it. */
const PROJECTS_BEFORE = 4;
/** People clicking Claim on each ready task (first click wins, the others are told who has it). */
const CLAIMERS_PER_TASK = 15;
/** Deals won during the burst (command, then the handoff form). */
const WINS = 10;
/** Requests each lane keeps in flight at once. */
const CONCURRENCY = 6;

export interface ChaosRun {
  emulator: SlackEmulator;
  db: TestDatabase;
  cluster: ChaosCluster;
  stop(): Promise<void>;
}

export async function startChaosRun(): Promise<ChaosRun> {
  const emulator = await SlackEmulator.start({
    botToken: BOT_TOKEN,
    botScopes: MANIFEST_BOT_SCOPES,
    ...createDemoWorkspace(),
    // Slack's limit for the channel, scaled like the app's pace (burst 4, then ~1/s × SCALE).
    rateLimits: { postMessagePerChannel: { burst: 4, perSecond: SCALE } },
  });
  const db = await createTestDatabase();
  const cluster = new ChaosCluster(emulator, db.url, SCALE);
  try {
    await cluster.start(3);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return {
    emulator,
    db,
    cluster,
    stop: async () => {
      await cluster.stop();
      await emulator.stop();
      await db.drop();
    },
  };
}

interface Seeded {
  moved: Array<{ number: number; cardTs: string }>;
  toWin: number[];
}

/** Deals as an earlier day left them, each with its card in #sales (creating 100 through modals takes minutes). */
export async function seedDeals(run: ChaosRun): Promise<Seeded> {
  const teamId = run.emulator.team.id;
  await new PrismaWorkspaceRepository(run.db.prisma).ensure(teamId);
  await new PrismaStageRepository(run.db.prisma).list(teamId);
  const total = MOVED_DEALS + PROJECTS_BEFORE + WINS;
  const cards = Array.from(
    { length: total },
    (_, i) => run.emulator.postAppMessage(Channels.sales, `Deal ${i + 1}`).ts,
  );
  const stageOf = (i: number) => (i < MOVED_DEALS ? "lead" : "negotiation");
  const stages = Array.from({ length: total }, (_, i) => stageOf(i));
  await run.db.prisma.$executeRaw`
    with n as (update workspace set last_deal_number = ${total} where id = ${teamId})
    insert into deal (id, workspace_id, number, name, amount, currency, stage_id, owner_id, expected_close_date,
                      created_by_id, updated_at, card_channel_id, card_ts)
    select gen_random_uuid(), ${teamId}, g, 'Deal ' || g, 1000, 'USD', s.id, ${People.ana}, date '2027-06-30',
           ${People.ana}, now(), ${Channels.sales}, (${cards}::text[])[g]
      from generate_series(1, ${total}) g
      join stage s on s.workspace_id = ${teamId} and s.key = (${stages}::text[])[g]`;
  return {
    moved: Array.from({ length: MOVED_DEALS }, (_, i) => ({ number: i + 1, cardTs: cards[i]! })),
    toWin: Array.from({ length: PROJECTS_BEFORE + WINS }, (_, i) => MOVED_DEALS + i + 1),
  };
}

export interface Tally {
  attempts: number;
  refused: number;
  moves: Array<{ deal: number; trigger: string }>;
  claims: Array<{ user: string; taskId: string }>;
  wins: number[];
}

const newTally = (): Tally => ({ attempts: 0, refused: 0, moves: [], claims: [], wins: [] });

/** Ana wins a deal: `/deal won D-n`, then the handoff form, each through the round-robin. */
async function win(run: ChaosRun, deal: number, tally: Tally): Promise<void> {
  for (let tries = 0; ; tries++) {
    run.emulator.closeAllModals(People.ana);
    await run.cluster.send(
      (d) => d.command(People.ana, "/deal", `won D-${deal}`, { channelId: Channels.sales }),
      tally,
    );
    const modal = await run.emulator
      .waitFor(() => run.emulator.openModal(People.ana), { timeoutMs: 10_000 })
      .catch(() => undefined);
    if (modal) break;
    // An instance that acknowledged and died before views.open: the person types it again.
    if (tries >= 5) throw new Error(`the handoff form of D-${deal} never opened`);
  }
  const viewId = run.emulator.openModal(People.ana)!.id;
  await run.cluster.send(async (d) => {
    // Each try submits the same form again, as a person pressing the button again would.
    const open = run.emulator.openModal(People.ana);
    if (!open || open.id !== viewId) return { status: 200 } as DriverResponse;
    return d.submitView(People.ana, {
      "Customer goals": `Goals of deal ${deal}`,
      "Commitments made": "SSO on day one",
      "Key contacts": "Pat, IT lead",
      "Delivery lead": { user: People.dev },
    });
  }, tally);
  tally.wins.push(deal);
}

/** Wins the first deals to win before the burst, and waits for their threads, so their tasks can be claimed. */
export async function openProjects(run: ChaosRun, seeded: Seeded): Promise<void> {
  const tally = newTally();
  for (const deal of seeded.toWin.slice(0, PROJECTS_BEFORE)) await win(run, deal, tally);
  await waitUntilQuiet(run, 90_000);
}

async function inWaves<T>(items: T[], width: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await each(items[next++]!);
    }),
  );
}

/** The task messages whose Claim button is showing, as a person sees them now. */
function readyTaskMessages(run: ChaosRun) {
  const parents = run.emulator.messages(Channels.delivery);
  return parents.flatMap((parent) =>
    run.emulator
      .messages(Channels.delivery, { threadTs: parent.ts })
      .filter((m) => m.ts !== parent.ts && blocksText(m.blocks).includes('"Claim"')),
  );
}

/**
 * ~300 requests at once: 150 moves (two per deal, a wave apart), 15 people clicking Claim on
 * each ready task, and deals won through their handoff forms; `during` injects the fault.
 */
export async function burst(
  run: ChaosRun,
  seeded: Seeded,
  during: () => Promise<void>,
): Promise<{ tally: Tally; sentInMs: number }> {
  const tally = newTally();
  const started = Date.now();
  const claimers = Array.from({ length: CLAIMERS_PER_TASK }, (_, i) => {
    const id = `U0CL${String(i).padStart(3, "0")}`;
    run.emulator.addUser({ id, name: `claimer${i}`, real_name: `Claimer ${i}` });
    return id;
  });
  const tasks = readyTaskMessages(run);
  const clicks = tasks.flatMap((message) => claimers.map((user) => ({ message, user })));
  const move = async (deal: { number: number }, stage: string) => {
    const answer = await run.cluster.send(
      (d) => d.command(People.ana, "/deal", `move D-${deal.number} ${stage}`, { channelId: Channels.sales }),
      tally,
    );
    const trigger = (answer.request.payload as { trigger_id: string }).trigger_id;
    tally.moves.push({ deal: deal.number, trigger });
  };
  const lanes = [
    (async () => {
      await inWaves(seeded.moved, CONCURRENCY, (deal) => move(deal, "qualified"));
      await inWaves(seeded.moved, CONCURRENCY, (deal) => move(deal, "proposal"));
    })(),
    inWaves(clicks, CONCURRENCY, async ({ message, user }) => {
      await run.cluster.send(
        (d) =>
          d.clickButton(user, { channelId: Channels.delivery, ts: message.ts, asSeen: message }, "Claim"),
        tally,
      );
      const value = (message.blocks ?? []) as unknown[];
      tally.claims.push({ user, taskId: claimTaskId(value) });
    }),
    (async () => {
      for (const deal of seeded.toWin.slice(PROJECTS_BEFORE)) await win(run, deal, tally);
    })(),
    during(),
  ];
  await Promise.all(lanes);
  return { tally, sentInMs: Date.now() - started };
}

function claimTaskId(blocks: unknown[]): string {
  for (const block of blocks as Array<{ elements?: Array<{ text?: { text?: string }; value?: string }> }>) {
    for (const element of block.elements ?? [])
      if (element.text?.text === "Claim") return element.value ?? "";
  }
  throw new Error("a task message without a Claim button");
}

/** Until every queued Slack effect is delivered (or dead) and every acknowledged request finished. */
export async function waitUntilQuiet(run: ChaosRun, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const [pending, unfinished] = await Promise.all([
      run.db.prisma.slackEffect.count({ where: { status: "PENDING" } }),
      run.db.prisma.acknowledgedRequest.count({ where: { finishedAt: null } }),
    ]);
    if (pending === 0 && unfinished === 0) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `not quiet after ${timeoutMs} ms: ${pending} effects pending, ${unfinished} requests unfinished\n${run.cluster.errors()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Ends every other connection to the run's database, as a failover or a restarted pooler does. */
export async function terminateConnections(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}
