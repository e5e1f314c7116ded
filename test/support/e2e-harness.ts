import { Writable } from "node:stream";
import {
  createDemoWorkspace,
  DemoChannels,
  DemoPeople,
  manifestBotScopes,
  SlackDriver,
  SlackEmulator,
} from "@handoff/slack-emulator";
import { pino } from "pino";
import { loadConfig } from "../../src/config/config.ts";
import { type PacingConfig, SLACK_CHANNEL_PACING } from "../../src/jobs/channel-pacer.ts";
import type { Clock } from "../../src/lib/clock.ts";
import { SLACK_EVENTS_PATH } from "../../src/slack/app.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";
import { startTestHandoff, type TestHandoff } from "./test-handoff.ts";

export const BOT_TOKEN = "xoxb-0000-handoff-e2e";
/** The scopes the app asks for: a call outside them fails here as it would in Slack. */
export const MANIFEST_BOT_SCOPES = manifestBotScopes(
  new URL("../../manifests/slack-app.http.json", import.meta.url),
);
export const SIGNING_SECRET = "e2e-signing-secret-0123456789";
export const APP_TOKEN = "xapp-1-A0HANDOFF-e2e";

/** The demo people, by role, and the app's channels, as tests refer to them. */
export const People = DemoPeople;
export const Channels = DemoChannels;

export interface Harness {
  emulator: SlackEmulator;
  driver: SlackDriver;
  app: TestHandoff;
  /** The app's own database, for assertions that what Slack shows is also what is stored. */
  db: TestDatabase | undefined;
  baseUrl: string;
  /** What the app logged at warn or above: a failure a person would have seen as "something went wrong". */
  problems: Array<{ level: number; msg: string; err?: { message?: string; stack?: string } }>;
  /** A slash command as a person types it, then whatever its acknowledged work does (answers arrive later). */
  command(...args: Parameters<SlackDriver["command"]>): ReturnType<SlackDriver["command"]>;
  stop(): Promise<void>;
}

/**
 * The real app, started through its composition root on a free port, talking over HTTP to
 * the Slack emulator, with its own migrated database: what production runs, minus Slack.
 */
export async function startHarness(
  options: {
    env?: Record<string, string>;
    databaseUrl?: string;
    clock?: Clock;
    emulator?: SlackEmulator;
    /** Slack's per-channel limit, enforced by the emulator; the app then paces as in production. Off unless given. */
    channelRateLimit?: PacingConfig;
    /** Socket Mode (SLACK_APP_TOKEN set): the app connects to the emulator's WebSocket instead of taking HTTP. */
    socketMode?: boolean;
    /** The app's own pace (default: Slack's, when channelRateLimit is given). */
    pacing?: PacingConfig;
    /** How long a claimed Slack effect stays locked without news (default 30 s). */
    effectLockMs?: number;
    /** The effects client's timeout for a Slack call (default 10 s). */
    slackTimeoutMs?: number;
    /** How long a retry of a post that may have gone out waits (default 30 s). */
    inDoubtRetryMs?: number;
    /** Acknowledged requests worked on at once before new ones are told "busy". */
    maxInFlight?: number;
  } = {},
): Promise<Harness> {
  // A given emulator (and database) outlive this app: a second instance, or one restarted.
  const emulator =
    options.emulator ??
    (await SlackEmulator.start({
      botToken: BOT_TOKEN,
      botScopes: MANIFEST_BOT_SCOPES,
      appToken: APP_TOKEN,
      ...createDemoWorkspace(),
      ...(options.channelRateLimit
        ? { rateLimits: { postMessagePerChannel: options.channelRateLimit } }
        : {}),
    }));
  const db = options.databaseUrl ? undefined : await createTestDatabase();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.apiUrl,
    DATABASE_URL: options.databaseUrl ?? db!.url,
    PORT: "0",
    HANDOFF_SALES_CHANNEL: Channels.sales,
    HANDOFF_WINS_CHANNEL: Channels.wins,
    HANDOFF_DELIVERY_CHANNEL: Channels.delivery,
    HANDOFF_DIGEST_CHANNEL: Channels.digest,
    HANDOFF_ADMINS: People.admin,
    HANDOFF_MANAGERS: People.maya,
    LOG_LEVEL: "silent",
    ...(options.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
    ...options.env,
  });
  if (config.slack.kind === "sandbox") throw new Error("the harness needs Slack credentials");
  const problems: Harness["problems"] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) problems.push(JSON.parse(line));
      done();
    },
  });
  const app = await startTestHandoff({ ...config, slack: config.slack }, pino({ level: "error" }, sink), {
    ...(options.clock ? { clock: options.clock } : {}),
    scheduleJobs: false,
    // Without a rate limit to respect, pacing would only slow the tests down.
    pacing:
      options.pacing ??
      (options.channelRateLimit ? SLACK_CHANNEL_PACING : { burst: 10_000, perSecond: 10_000 }),
    ...(options.effectLockMs ? { effectLockMs: options.effectLockMs } : {}),
    ...(options.slackTimeoutMs ? { slackTimeoutMs: options.slackTimeoutMs } : {}),
    ...(options.inDoubtRetryMs ? { inDoubtRetryMs: options.inDoubtRetryMs } : {}),
    ...(options.maxInFlight !== undefined ? { maxInFlight: options.maxInFlight } : {}),
  });
  const baseUrl = `http://127.0.0.1:${app.port}`;
  if (options.socketMode) await emulator.socketMode.waitForConnections(1);
  const driver = new SlackDriver({
    emulator,
    appUrl: `${baseUrl}${SLACK_EVENTS_PATH}`,
    signingSecret: SIGNING_SECRET,
    ...(options.socketMode ? { socketMode: emulator.socketMode } : {}),
  });
  return {
    emulator,
    driver,
    app,
    db,
    baseUrl,
    problems,
    command: async (...args) => {
      const response = await driver.command(...args);
      await app.settle();
      return response;
    },
    stop: async () => {
      await app.stop();
      if (!options.emulator) await emulator.stop();
      await db?.drop();
      // Every e2e file ends here: a call the manifest's scopes do not allow fails the file.
      const refused = emulator.calls.filter(
        (call) => (call.response as { error?: unknown } | undefined)?.error === "missing_scope",
      );
      if (refused.length > 0) {
        const lines = refused.map((c) => `${c.method} needed ${(c.response as { needed?: string }).needed}`);
        throw new Error(`the app called Slack without the scope: ${[...new Set(lines)].join("; ")}`);
      }
    },
  };
}
