import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createDemoWorkspace, SlackDriver, SlackEmulator } from "@handoff/slack-emulator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaStageRepository } from "../../src/db/stage-repository.ts";
import { PrismaWorkspaceRepository } from "../../src/db/workspace-repository.ts";
import { SLACK_EVENTS_PATH } from "../../src/slack/app.ts";
import {
  BOT_TOKEN,
  Channels,
  type Harness,
  People,
  SIGNING_SECRET,
  startHarness,
} from "../support/e2e-harness.ts";
import { deliverEverything } from "../support/seed-deals.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

/**
 * An instance acknowledges `/deal move` and dies (kill -9) before doing it. The request was
 * journaled before the ack, so a second instance on the same database finishes it: the deal
 * moves once, its card and thread line are posted once, the person hears back once.
 */
let emulator: SlackEmulator;
let db: TestDatabase;
let doomed: ChildProcess | undefined;
let survivor: Harness | undefined;

beforeAll(async () => {
  emulator = await SlackEmulator.start({ botToken: BOT_TOKEN, ...createDemoWorkspace() });
  db = await createTestDatabase();
});
afterAll(async () => {
  doomed?.kill("SIGKILL");
  await survivor?.stop();
  await emulator?.stop();
  await db?.drop();
});

/** The app as its own process (as `npm start` runs it), so it can really be killed. */
async function startProcess(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["bin/start.mjs"], {
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.apiUrl,
      DATABASE_URL: db.url,
      PORT: "0",
      HANDOFF_SALES_CHANNEL: Channels.sales,
      HANDOFF_WINS_CHANNEL: Channels.wins,
      HANDOFF_DELIVERY_CHANNEL: Channels.delivery,
      HANDOFF_ADMINS: People.admin,
      LOG_LEVEL: "info",
      NODE_ENV: "test",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the app process did not start")), 45_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = line.match(/"port":(\d+).*Handoff is listening|Handoff is listening.*"port":(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1] ?? match[2]));
      }
    });
    child.on("exit", (code) => reject(new Error(`the app process exited (${code})`)));
  });
  return { child, port };
}

describe("acknowledged work when its instance dies", () => {
  it("is finished exactly once by another instance", async () => {
    const started = await startProcess();
    doomed = started.child;
    const driver = new SlackDriver({
      emulator,
      appUrl: `http://127.0.0.1:${started.port}${SLACK_EVENTS_PATH}`,
      signingSecret: SIGNING_SECRET,
    });
    // The deal and its card, as an earlier day left them (a cold process opens modals too slowly).
    await new PrismaWorkspaceRepository(db.prisma).ensure(emulator.team.id);
    await new PrismaStageRepository(db.prisma).list(emulator.team.id);
    const posted = emulator.postAppMessage(Channels.sales, "Phoenix");
    await db.prisma.$executeRaw`
      with n as (update workspace set last_deal_number = 1 where id = ${emulator.team.id})
      insert into deal (id, workspace_id, number, name, amount, currency, expected_close_date, stage_id, owner_id, created_by_id, updated_at, card_channel_id, card_ts)
      select gen_random_uuid(), ${emulator.team.id}, 1, 'Phoenix', 5000, 'USD', date '2027-03-01', s.id, ${People.ana}, ${People.ana}, now(), ${Channels.sales}, ${posted.ts}
        from stage s where s.workspace_id = ${emulator.team.id} and s.key = 'lead'`;
    const card = emulator.messages(Channels.sales)[0]!;

    // Hold the deal's row so the move, acknowledged, cannot be done before the kill.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query("begin");
    await blocker.query("select id from deal where number = 1 for update");
    const answer = await driver.command(People.ana, "/deal", "move D-1 proposal", {
      channelId: Channels.sales,
    });
    expect(answer.status).toBe(200);
    const journaled = await db.prisma.acknowledgedRequest.findMany();
    expect(journaled.map((r) => [r.key.split(":")[0], r.finishedAt])).toContainEqual(["command", null]);
    doomed.kill("SIGKILL");
    await new Promise((resolve) => doomed!.once("exit", resolve));
    await blocker.query("rollback");
    await blocker.end();
    expect((await db.prisma.deal.findFirstOrThrow({ include: { stage: true } })).stage.name).toBe("Lead");

    survivor = await startHarness({ emulator, databaseUrl: db.url });
    // The dead instance's lease (30 s) has to lapse first.
    const deadline = Date.now() + 60_000;
    while ((await survivor.app.recoverAcknowledgedWork()) === 0) {
      if (Date.now() > deadline) throw new Error("the acknowledged move was never recovered");
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await survivor.app.settle();
    await deliverEverything(survivor, 60_000, db);

    const deal = await db.prisma.deal.findFirstOrThrow({ include: { stage: true } });
    expect(deal.stage.name).toBe("Proposal");
    expect(
      await db.prisma.dealStageChange.count({ where: { dealId: deal.id, toStageId: deal.stageId } }),
    ).toBe(1);
    const lines = emulator
      .messages(Channels.sales, { threadTs: card.ts })
      .filter((m) => /moved \*Lead → Proposal\*/.test(m.text ?? ""));
    expect(lines).toHaveLength(1);
    expect(
      emulator.ephemerals(People.ana, Channels.sales).filter((m) => /^Moved D-1/.test(m.text ?? "")),
    ).toHaveLength(1);
    expect(await db.prisma.acknowledgedRequest.count({ where: { finishedAt: null } })).toBe(0);
    // Nothing is left to recover, so nothing happens twice.
    expect(await survivor.app.recoverAcknowledgedWork()).toBe(0);
  }, 150_000);
});
