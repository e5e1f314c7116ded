import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  App,
  type CustomRoute,
  HTTPReceiver,
  LogLevel,
  type Receiver,
  SocketModeReceiver,
} from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import type { SlackMode } from "../config/config.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { HealthService } from "../services/health-service.ts";
import type { AcknowledgedWorkJournal } from "../services/ports.ts";
import { createBoltLogger } from "./bolt-logger.ts";
import { registerListeners } from "./listeners/index.ts";
import { answerFailuresPrivately } from "./middleware/answer-failures.ts";
import { journalAcknowledgedWork, REPLAY_OF } from "./middleware/durable-work.ts";
import { InFlightRequests } from "./middleware/in-flight.ts";
import { attachActor, attachRequestLogger } from "./middleware/request-context.ts";
import { refuseMalformedEnvelopes, refuseMalformedRequests } from "./refuse-malformed.ts";
import type { SlackServices } from "./services.ts";
import type { SlackChannelDirectory } from "./slack-channels.ts";
import type { SlackProfiles } from "./slack-people.ts";
import { UserTimeZones } from "./user-time-zones.ts";

export const SLACK_EVENTS_PATH = "/slack/events";
export const HEALTH_PATH = "/healthz";

export interface SlackAppOptions {
  mode: Exclude<SlackMode, { kind: "sandbox" }>;
  /** Web API base URL (an emulator's, in tests and the sandbox); Slack's own when unset. */
  slackApiUrl: string | undefined;
  port: number;
  logger: Logger;
  services: SlackServices;
  clock: Clock;
  health: HealthService;
  isInfrastructureDown: (error: unknown) => boolean;
  /** More HTTP routes on the app's port (the sandbox serves its page this way). */
  extraRoutes?: CustomRoute[];
  /** HTTP mode: the address to listen on; every interface when unset. */
  host?: string;
  /** The journal of acknowledged work: when given, it is written before each ack. */
  journal?: AcknowledgedWorkJournal;
  /** Requests worked on at once here before new ones are told "busy" (default MAX_IN_FLIGHT). */
  maxInFlight?: number;
  /** An acknowledged request's lease (default ACKNOWLEDGED_WORK_LEASE_MS); tests scale it with Slack's pace. */
  leaseMs?: number;
  /** The bot's ids, when the caller already asked auth.test (Bolt otherwise asks at init). */
  bot?: BotIdentity | undefined;
  /** The process's users.info cache, shared with the services' person checks. */
  profiles?: SlackProfiles;
  /** Conversations as the bot sees them, on the quick client the services' checks use too. */
  channels: SlackChannelDirectory;
}

export interface BotIdentity {
  userId: string;
  botId: string;
}

/**
 * Acknowledged requests worked on at once in one instance before new ones get "busy, try
 * again": far above a normal burst (the bench's 200 requests in 3 s), low enough that what is
 * acknowledged is done within seconds rather than minutes.
 */
export const MAX_IN_FLIGHT = 400;
/** How long an acknowledged request's lease lasts without its holder extending it. */
export const ACKNOWLEDGED_WORK_LEASE_MS = 30_000;

export interface SlackServer {
  readonly app: App;
  /** Listens and returns the bound HTTP port (useful with port 0) and address. */
  start(): Promise<{ port: number; host: string }>;
  /** Stops taking requests and waits (up to the timeout) for in-flight work. */
  stop(timeoutMs?: number): Promise<void>;
  /** Resolves when the work of requests already acknowledged has finished (tests, benchmarks). */
  idle(timeoutMs?: number): Promise<boolean>;
  /** Handles a journaled request again (its instance died before finishing it); no ack is sent. */
  replay(key: string, body: unknown): Promise<void>;
}

/**
 * Listener-time Web API calls must be quick (a trigger_id lives ~3 s), so: a timeout, no
 * waiting out rate limits, and a short retry budget instead of web-api's default ten retries over half an hour. Durable
 * side effects go through the queue, which retries on its own schedule.
 */
export function webClientOptions(slackApiUrl: string | undefined, logger?: Logger): WebClientOptions {
  return {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    // web-api's own warnings (a failed request, a retry) go to our log, not to the console.
    ...(logger
      ? { logger: createBoltLogger(logger), logLevel: boltLevel[logger.level] ?? LogLevel.ERROR }
      : {}),
    timeout: 10_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true },
    // web-api would otherwise hold every later call of this client (every person's views.open)
    // behind one 429's Retry-After; the person is told to try again instead.
    rejectRateLimitedCalls: true,
  };
}

const boltLevel: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

export async function createSlackApp(options: SlackAppOptions): Promise<SlackServer> {
  const { mode, logger } = options;
  const boltLogger = createBoltLogger(logger);
  const logLevel = boltLevel[logger.level] ?? LogLevel.ERROR;
  const routes: CustomRoute[] = [
    { path: HEALTH_PATH, method: ["GET"], handler: healthHandler(options.health, logger) },
    ...(options.extraRoutes ?? []),
  ];

  let receiver: Receiver;
  if (mode.kind === "socket") {
    const socket = new SocketModeReceiver({
      appToken: mode.appToken,
      logger: boltLogger,
      logLevel,
      customRoutes: routes,
      // apps.connections.open goes where the Web API goes (the emulator in tests).
      installerOptions: { port: options.port, clientOptions: webClientOptions(options.slackApiUrl) },
    });
    refuseMalformedEnvelopes(socket, { logger });
    receiver = socket;
  } else {
    const http = new HTTPReceiver({
      signingSecret: mode.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger: boltLogger,
      logLevel,
      customRoutes: routes,
      processBeforeResponse: false,
      // refuseMalformedRequests verifies each request's signature before Bolt sees it.
      signatureVerification: false,
    });
    refuseMalformedRequests(http, { path: SLACK_EVENTS_PATH, signingSecret: mode.signingSecret, logger });
    receiver = http;
  }
  const app = new App({
    token: mode.botToken,
    receiver,
    logger: boltLogger,
    logLevel,
    clientOptions: webClientOptions(options.slackApiUrl, logger),
    // auth.test at construction would race the emulator and hide its error; init() below awaits it.
    deferInitialization: true,
    // The token was checked by the caller's auth.test: Bolt takes its answer.
    ...(options.bot
      ? { botId: options.bot.botId, botUserId: options.bot.userId, tokenVerificationEnabled: false }
      : {}),
    extendedErrorHandler: true,
  });
  await app.init();

  const inFlight = new InFlightRequests();
  app.use(inFlight.middleware);
  if (options.journal)
    app.use(
      journalAcknowledgedWork({
        journal: options.journal,
        logger,
        inFlight: () => inFlight.size,
        maxInFlight: options.maxInFlight ?? MAX_IN_FLIGHT,
        leaseMs: options.leaseMs ?? ACKNOWLEDGED_WORK_LEASE_MS,
        isInfrastructureDown: options.isInfrastructureDown,
      }),
    );
  app.use(attachRequestLogger(logger));
  app.use(answerFailuresPrivately({ root: logger, isInfrastructureDown: options.isInfrastructureDown }));
  app.use(attachActor(options.services.workspaces));
  registerListeners(app, {
    services: options.services,
    timeZones: new UserTimeZones(options.profiles),
    clock: options.clock,
    channels: options.channels,
  });

  // The last resort: middleware above answers people; this only records what escaped it.
  app.error(async ({ error, body }: { error: Error; body: unknown }) => {
    logger.error({ err: error, body: summarise(body) }, "unhandled error in Bolt");
  });

  let stopped = false;
  return {
    app,
    async start() {
      const listen = options.host ? { port: options.port, host: options.host } : options.port;
      const started = (await app.start(listen)) as unknown;
      if (mode.kind === "socket") return { port: options.port, host: options.host ?? "::" };
      const address = (started as Server).address() as AddressInfo;
      return { port: address.port, host: address.address };
    },
    idle: (timeoutMs = 10_000) => inFlight.drain(timeoutMs),
    replay: (key, body) =>
      app.processEvent({
        body: body as never,
        // Slack is not waiting any more: what would have gone in the ack goes to the response_url.
        ack: async (response?: unknown) => {
          const url = (body as { response_url?: unknown }).response_url;
          if (response === undefined || response === "" || typeof url !== "string") return;
          const message = typeof response === "string" ? { text: response } : response;
          await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ response_type: "ephemeral", ...(message as object) }),
          });
        },
        customProperties: { [REPLAY_OF]: key },
      }),
    async stop(timeoutMs = 10_000) {
      if (stopped) return;
      stopped = true;
      await app.stop();
      const drained = await inFlight.drain(timeoutMs);
      if (!drained) logger.warn({ pending: inFlight.size }, "stopped with requests still in flight");
    },
  };
}

function healthHandler(health: HealthService, logger: Logger): CustomRoute["handler"] {
  return (_req, res) => {
    health.check().then(
      (report) => {
        res.writeHead(report.ok ? 200 : 503, {
          "content-type": "application/json",
          "cache-control": "no-store",
        });
        res.end(JSON.stringify(report));
      },
      (error: unknown) => {
        logger.error({ err: error }, "health check failed");
        res.writeHead(503, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: false, database: "down" }));
      },
    );
  };
}

function summarise(body: unknown): unknown {
  if (!body || typeof body !== "object") return body;
  const { type, command, team_id, user_id } = body as Record<string, unknown>;
  return { type, command, team_id, user_id };
}
