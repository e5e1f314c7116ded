import { randomUUID } from "node:crypto";
import type { CustomRoute } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { LEAD_HOOK_ROUTE, leadHookHandler } from "./api/leads-hook.ts";
import { LeadHookLimits } from "./api/rate-limit.ts";
import { API_PREFIX, createApiHandler } from "./api/server.ts";
import { type AppConfig, ConfigError } from "./config/config.ts";
import { PrismaAcknowledgedWork } from "./db/acknowledged-work-store.ts";
import { PrismaApiIdempotency, PrismaApiTokenRepository } from "./db/api-token-repository.ts";
import { createPrismaClient, warmUp } from "./db/client.ts";
import { isDatabaseUnavailable } from "./db/database-errors.ts";
import { PrismaDealImportStore } from "./db/deal-import-repository.ts";
import { PrismaDealRepository } from "./db/deal-repository.ts";
import { PrismaDeliveryRepository } from "./db/delivery-repository.ts";
import { PrismaDigestRepository } from "./db/digest-repository.ts";
import { startEmbeddedDatabase } from "./db/embedded-postgres.ts";
import { PrismaLeadSources } from "./db/lead-repository.ts";
import { applyMigrations } from "./db/migrate.ts";
import { PrismaPipelineRepository } from "./db/pipeline-repository.ts";
import { PrismaRecordsRepository } from "./db/records-repository.ts";
import { PrismaReminderRepository } from "./db/reminder-repository.ts";
import { PrismaRetentionStore } from "./db/retention-repository.ts";
import { PrismaEffectStore } from "./db/slack-effect-store.ts";
import { PrismaStageRepository } from "./db/stage-repository.ts";
import { PrismaTemplateRepository } from "./db/template-repository.ts";
import { PrismaUnitOfWork } from "./db/unit-of-work.ts";
import { PrismaWebhookDeliveryStore, PrismaWebhookRepository } from "./db/webhook-repository.ts";
import {
  PrismaDatabaseProbe,
  PrismaPersonRepository,
  PrismaWorkspaceRepository,
  storedWorkspaceIds,
} from "./db/workspace-repository.ts";
import { ChannelPacer, type PacingConfig, SLACK_CHANNEL_PACING } from "./jobs/channel-pacer.ts";
import { DigestScheduler } from "./jobs/digest-scheduler.ts";
import { QueuedEffectsSignal } from "./jobs/queued-effects-signal.ts";
import { ReminderScheduler } from "./jobs/reminder-scheduler.ts";
import { RetentionJob } from "./jobs/retention-job.ts";
import { SlackEffectDispatcher } from "./jobs/slack-effect-dispatcher.ts";
import { WebhookDispatcher } from "./jobs/webhook-dispatcher.ts";
import { httpWebhookSender } from "./jobs/webhook-sender.ts";
import { type Clock, systemClock } from "./lib/clock.ts";
import type { Logger } from "./lib/logger.ts";
import { AdminService } from "./services/admin-service.ts";
import { ApiAccessService } from "./services/api-access-service.ts";
import { DealService } from "./services/deal-service.ts";
import { DeliveryService } from "./services/delivery-service.ts";
import { DigestService } from "./services/digest-service.ts";
import { ExportService } from "./services/export-service.ts";
import { HealthService } from "./services/health-service.ts";
import { HomeService } from "./services/home-service.ts";
import { ImportService } from "./services/import-service.ts";
import { LeadService } from "./services/lead-service.ts";
import { PipelineService } from "./services/pipeline-service.ts";
import { RecordsService } from "./services/records-service.ts";
import { ReminderService } from "./services/reminder-service.ts";
import { TemplateService } from "./services/template-service.ts";
import { RECENT_DELIVERIES, WebhookService } from "./services/webhook-service.ts";
import { WorkspaceService } from "./services/workspace-service.ts";
import {
  ACKNOWLEDGED_WORK_LEASE_MS,
  type BotIdentity,
  createSlackApp,
  webClientOptions,
} from "./slack/app.ts";
import { MethodHoldingWebClient } from "./slack/method-holds.ts";
import { SlackNotifier } from "./slack/notifier.ts";
import type { SlackServices } from "./slack/services.ts";
import { isDirectMessage, SlackChannelDirectory } from "./slack/slack-channels.ts";
import { SlackEmailDirectory, SlackOwnerProfiles } from "./slack/slack-email-directory.ts";
import { SlackPersonDirectory, SlackProfiles } from "./slack/slack-people.ts";

/** The running app as production holds it. */
export interface RunningHandoff {
  readonly port: number;
  /** The address the HTTP server is bound to ("::" or "0.0.0.0": every interface). */
  readonly host: string;
  readonly databaseUrl: string;
  /** Graceful: stop taking requests, finish in-flight work, disconnect, stop the embedded database. */
  stop(): Promise<void>;
}

/**
 * What production leaves to its timers, done on demand: for the test harness
 * (test/support/test-handoff.ts), the benchmarks and the sandbox's demo seeding.
 */
export interface HandoffControls {
  /** Delivers every queued Slack effect that is due now. */
  drainEffects(): Promise<void>;
  /** Sends every queued webhook delivery that is due now (by the app's clock). */
  drainWebhooks(): Promise<void>;
  /** One pass looking for acknowledged work a dead instance left unfinished. */
  recoverAcknowledgedWork(): Promise<number>;
  /** One pass of the schedulers (reminders, digests), as their cron tick would do it. */
  runScheduledJobs(): Promise<void>;
  /** Waits for acknowledged requests to finish their work, then delivers what they queued. */
  settle(): Promise<void>;
}

/** Production runs with none; tests drive time themselves (a fixed clock, schedules ticked on demand). */
export interface HandoffOptions {
  clock?: Clock;
  scheduleJobs?: boolean;
  pacing?: PacingConfig;
  /** Tests scale Slack's pace and the lock together (the ratio is what matters). */
  effectLockMs?: number;
  /** The effects client's Slack timeout (default 10 s), and how long a retry of a post that may have gone out waits. */
  slackTimeoutMs?: number;
  inDoubtRetryMs?: number;
  /** Acknowledged requests worked on at once before new ones are told "busy". */
  maxInFlight?: number;
  /** How often to look for acknowledged work a dead instance left unfinished. */
  recoveryPollMs?: number;
  /** An acknowledged request's lease (default 30 s): tests scale it with the pace and the lock. */
  acknowledgedWorkLeaseMs?: number;
  /** How long an `ok:false` rate_limited answer waits (default 30 s): tests scale it with the pace. */
  okFalseRateLimitMs?: number;
  /** More HTTP routes on the app's port: the sandbox's page. */
  extraRoutes?: CustomRoute[];
  /** The address to listen on; every interface when unset (Slack must reach the app). */
  host?: string;
  /**
   * The sandbox: this instance may only use a database that holds no workspace but this one,
   * or its demo would mix with a real workspace's data and take its queued Slack posts and jobs.
   */
  onlyWorkspace?: string;
}

/** Starts the app (main.ts). */
export async function startHandoff(
  config: SlackConfig,
  logger: Logger,
  options: HandoffOptions = {},
): Promise<RunningHandoff> {
  return (await startHandoffWithControls(config, logger, options)).running;
}

function databaseInUse(others: string[], config: AppConfig): ConfigError {
  const which = config.databaseUrl ? "DATABASE_URL's database" : `the database in ${config.dataDir}`;
  const instead = config.databaseUrl
    ? "unset DATABASE_URL (the sandbox then keeps its own database) or point it at an empty database"
    : "set HANDOFF_DATA_DIR to another directory for the sandbox";
  return new ConfigError(
    `The sandbox will not start on ${which}: it holds the Slack workspace ${others.join(", ")}, ` +
      `whose data and queued Slack messages the demo would mix with. To try the sandbox, ${instead}; ` +
      "to run Handoff for that workspace, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.",
  );
}

/** How long acknowledged work may wait for a database connection under load. */
const WORK_WAIT_MS = 30_000;

export type SlackConfig = AppConfig & { slack: Exclude<AppConfig["slack"], { kind: "sandbox" }> };

/**
 * The composition root: config → database → repositories → effect signal → services → Slack
 * app → dispatcher and jobs. Only this file wires concrete classes together. Each started part
 * is stopped in reverse order, also when a later part fails to start.
 */
export async function startHandoffWithControls(
  config: SlackConfig,
  logger: Logger,
  options: HandoffOptions = {},
): Promise<{ running: RunningHandoff; controls: HandoffControls }> {
  const clock = options.clock ?? systemClock;
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => logger.error({ err: error }, "error while stopping"));
    }
    stops.length = 0;
  };

  // Its own client: no built-in retries (they stall the whole queue on a 429); the
  // dispatcher retries per effect and honours Retry-After, per channel for chat.postMessage
  // (its pacer) and per method for the rest (this client).
  const effectsClient = new MethodHoldingWebClient(config.slack.botToken, {
    ...webClientOptions(config.slackApiUrl, logger),
    ...(options.slackTimeoutMs ? { timeout: options.slackTimeoutMs } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  // Who this token is, asked once while the database starts (a round trip to Slack that
  // would otherwise delay being ready); Bolt is given the answer instead of asking again.
  const identity = effectsClient.auth.test();
  identity.catch(() => {}); // awaited below; a failure is reported there

  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
    }
    await applyMigrations(databaseUrl, logger);

    // Work waits its turn for a connection under load rather than fail once acknowledged.
    const prisma = createPrismaClient({ url: databaseUrl, waitMs: WORK_WAIT_MS });
    stops.push(() => prisma.$disconnect());
    // Who is asking (read before every ack) and /healthz: connections of their own, so under
    // load they never queue behind acknowledged work, and a short wait, to answer in time.
    const answers = createPrismaClient({ url: databaseUrl, maxConnections: 3 });
    stops.push(() => answers.$disconnect());
    // Warming loads Prisma's query compiler; the app is built meanwhile and listens once both are done.
    const warming = Promise.all([warmUp(prisma), warmUp(answers)]);
    warming.catch(() => {}); // awaited before listening
    if (options.onlyWorkspace) {
      const others = await storedWorkspaceIds(answers, { except: options.onlyWorkspace });
      if (others.length > 0) throw databaseInUse(others, config);
    }

    // Each repository once. Workspace settings and people are read before every ack: those
    // reads use the answers pool; the admin's writes and the Home's reads go with the work.
    const stages = new PrismaStageRepository(prisma);
    const deals = new PrismaDealRepository(prisma);
    const delivery = new PrismaDeliveryRepository(prisma);
    const pipeline = new PrismaPipelineRepository(prisma);
    const workspacesAnswering = new PrismaWorkspaceRepository(answers);
    const peopleAnswering = new PrismaPersonRepository(answers);
    const workspacesAtWork = new PrismaWorkspaceRepository(prisma);
    const peopleAtWork = new PrismaPersonRepository(prisma);
    const unitOfWork = new PrismaUnitOfWork(prisma, clock, WORK_WAIT_MS);
    // Services say when they queued Slack effects; the dispatcher, built later, listens.
    const effectsQueued = new QueuedEffectsSignal();
    // A change that queues webhook deliveries queues Slack effects too (effectsQueued); a test
    // event or an endpoint enabled again queues deliveries alone.
    const webhooksQueued = new QueuedEffectsSignal();
    const defaults = {
      channels: config.channels,
      timeZone: config.timeZone,
      admins: config.admins,
      managers: config.managers,
    };
    const workspaces = new WorkspaceService({
      workspaces: workspacesAnswering,
      people: peopleAnswering,
      defaults,
    });
    // Asked while a form waits for its answer (3 s): a short timeout, no retries.
    const quickClient = new WebClient(config.slack.botToken, {
      ...webClientOptions(config.slackApiUrl, logger),
      timeout: 1_500,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    // One users.info cache for the process: the services' person checks and the listeners' time zones.
    const profiles = new SlackProfiles();
    const people = new SlackPersonDirectory(quickClient, profiles);
    const channels = new SlackChannelDirectory(quickClient);
    // Imports and exports ask Slack about many people: a client with retries (nobody waits on a form).
    const dataClient = new WebClient(config.slack.botToken, webClientOptions(config.slackApiUrl, logger));
    const importStore = new PrismaDealImportStore(prisma);
    const dealService = new DealService({
      deals,
      stages,
      unitOfWork,
      clock,
      people,
      onEffectsQueued: effectsQueued.notify,
    });
    // The app's own user holds leads nobody has taken yet: asked of auth.test, which ran meanwhile.
    const served = await identity;
    const services: SlackServices = {
      workspaces,
      deals: dealService,
      leads: new LeadService({
        sources: new PrismaLeadSources(prisma),
        deals: dealService,
        unitOfWork,
        clock,
        appUserId: appUserIdOf(served),
        leadOwners: config.leadOwners,
        salesChannel: async (teamId) => (await workspaces.settings(teamId)).channels.sales,
        adminIds: (teamId) => workspaces.adminIds(teamId),
        publicUrl: config.publicUrl,
        onEffectsQueued: effectsQueued.notify,
      }),
      pipeline: new PipelineService({ pipeline, stages, clock }),
      // ── data in: owners by email asked of Slack with retries (an import is not a form waiting) ──
      imports: new ImportService({
        imports: importStore,
        stages,
        unitOfWork,
        clock,
        people: new SlackEmailDirectory(dataClient),
        admins: async (teamId) => (await workspaces.roles(teamId)).admins,
      }),
      exports: new ExportService({ imports: importStore, people: new SlackOwnerProfiles(dataClient), clock }),
      delivery: new DeliveryService({
        delivery,
        stages,
        unitOfWork,
        clock,
        people,
        holidays: (teamId) => workspaces.holidays(teamId),
        onEffectsQueued: effectsQueued.notify,
      }),
      // ── digests ──
      digests: new DigestService({
        digests: new PrismaDigestRepository(prisma, clock),
        pipeline,
        stages,
        clock,
        onEffectsQueued: effectsQueued.notify,
        publishers: async (teamId) => {
          const roles = await workspaces.roles(teamId);
          return [...roles.managers, ...roles.admins];
        },
        isDirectMessage,
      }),
      // ── App Home and administration ──
      home: new HomeService({
        deals,
        delivery,
        clock,
        panels: peopleAtWork,
        viewers: peopleAtWork,
      }),
      admin: new AdminService({
        workspaces: workspacesAtWork,
        people: peopleAtWork,
        directory: people,
        channels,
        stages,
        unitOfWork,
        defaults,
        clock,
        onSettingsSaved: (teamId) => workspaces.forget(teamId),
      }),
      templates: new TemplateService({
        templates: new PrismaTemplateRepository(prisma),
        unitOfWork,
        clock,
        adminIds: (teamId) => workspaces.adminIds(teamId),
      }),
      webhooks: new WebhookService({
        webhooks: new PrismaWebhookRepository(prisma),
        unitOfWork,
        clock,
        allowPrivate: config.webhooksAllowPrivate,
        adminIds: (teamId) => workspaces.adminIds(teamId),
        onDeliveriesQueued: webhooksQueued.notify,
        onEffectsQueued: effectsQueued.notify,
      }),
      apiAccess: new ApiAccessService({
        tokens: new PrismaApiTokenRepository(answers),
        idempotency: new PrismaApiIdempotency(prisma),
        unitOfWork,
        clock,
        adminIds: (teamId) => workspaces.adminIds(teamId),
      }),
    };

    // The REST API, on the same port: a transport beside Slack's, over the same services.
    const api = createApiHandler({
      services: {
        apiAccess: services.apiAccess,
        workspaces,
        deals: services.deals,
        delivery: services.delivery,
        records: new RecordsService({ records: new PrismaRecordsRepository(prisma), stages }),
        leads: services.leads,
        exports: services.exports,
      },
      logger: logger.child({ surface: "api" }),
      rateLimit: config.apiRateLimit,
      isInfrastructureDown: isDatabaseUnavailable,
    });
    const apiRoute: CustomRoute = {
      path: `${API_PREFIX.split("/").slice(0, 2).join("/")}/*rest`,
      method: ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"],
      handler: api,
    };

    const journal = new PrismaAcknowledgedWork(answers);
    const leaseMs = options.acknowledgedWorkLeaseMs ?? ACKNOWLEDGED_WORK_LEASE_MS;
    const slack = await createSlackApp({
      bot: botIdentity(served),
      profiles,
      channels,
      journal,
      ...(options.maxInFlight !== undefined ? { maxInFlight: options.maxInFlight } : {}),
      leaseMs,
      mode: config.slack,
      slackApiUrl: config.slackApiUrl,
      port: config.port,
      logger,
      services,
      clock,
      health: new HealthService(new PrismaDatabaseProbe(answers)),
      isInfrastructureDown: isDatabaseUnavailable,
      extraRoutes: [
        apiRoute,
        // Leads from website forms and tools, on the app's own port.
        {
          path: LEAD_HOOK_ROUTE,
          method: ["POST", "OPTIONS"],
          handler: leadHookHandler({
            leads: services.leads,
            limits: new LeadHookLimits(config.leadHookRateLimit),
            logger,
          }),
        },
        ...(options.extraRoutes ?? []),
      ],
      ...(options.host ? { host: options.host } : {}),
    });

    // The workspace this token serves: the only one whose queued posts and job slots this
    // instance may take (a sandbox or a second install on the same database keeps to its own).
    const workspaceIds = [served.team_id].filter((id): id is string => typeof id === "string" && id !== "");
    if (workspaceIds.length === 0) throw new Error("auth.test named no workspace for the bot token");
    const dispatcher = new SlackEffectDispatcher({
      workspaceIds,
      store: new PrismaEffectStore(prisma),
      deliver: new SlackNotifier({
        client: effectsClient,
        services,
        clock,
        logger,
        ...(options.okFalseRateLimitMs ? { okFalseRateLimitMs: options.okFalseRateLimitMs } : {}),
      }).deliver,
      clock,
      logger,
      pacer: new ChannelPacer(options.pacing ?? SLACK_CHANNEL_PACING),
      queued: effectsQueued,
      ...(options.effectLockMs ? { lockMs: options.effectLockMs } : {}),
      ...(options.inDoubtRetryMs ? { inDoubtRetryMs: options.inDoubtRetryMs } : {}),
    });

    const webhookDispatcher = new WebhookDispatcher({
      workspaceIds,
      store: new PrismaWebhookDeliveryStore(prisma),
      send: httpWebhookSender({ allowPrivate: config.webhooksAllowPrivate }),
      clock,
      logger,
      onEndpointGone: (endpoint) => services.webhooks.removeGone(endpoint),
      onEndpointFailing: (endpoint, at) => services.webhooks.disableFailing(endpoint, at),
      queued: effectsQueued,
    });
    webhooksQueued.subscribe(() => webhookDispatcher.poke());

    const reminders = new ReminderScheduler({
      reminders: new ReminderService({
        reminders: new PrismaReminderRepository(prisma),
        unitOfWork,
        onEffectsQueued: effectsQueued.notify,
      }),
      workspaces: services.workspaces,
      clock,
      logger,
      workspaceIds,
    });

    const digests = new DigestScheduler({
      digests: services.digests,
      workspaces: services.workspaces,
      clock,
      logger,
      workspaceIds,
    });

    const retention = new RetentionJob({
      store: new PrismaRetentionStore(prisma, {
        recentDeliveriesShown: RECENT_DELIVERIES,
        replaysAtMost: MAX_REPLAYS,
      }),
      clock,
      logger,
    });

    const recovery = new AcknowledgedWorkRecovery(journal, slack, workspaceIds, logger, leaseMs);
    await warming;
    const { port, host } = await slack.start();
    dispatcher.start();
    webhookDispatcher.start();
    recovery.start(options.recoveryPollMs ?? RECOVERY_POLL_MS);
    if (options.scheduleJobs ?? true) {
      reminders.start();
      digests.start();
      retention.start();
    }
    // Requests in flight may still queue effects: let them finish before the dispatcher stops.
    stops.push(async () => {
      await recovery.stop();
      await slack.stop();
      await reminders.stop();
      await digests.stop();
      await retention.stop();
      await dispatcher.stop();
      await webhookDispatcher.stop();
    });
    logger.info({ port, mode: config.slack.kind }, "Handoff is listening");

    return {
      running: { port, host, databaseUrl, stop: stopAll },
      controls: {
        drainEffects: () => dispatcher.drain(),
        drainWebhooks: () => webhookDispatcher.drain(),
        recoverAcknowledgedWork: () => recovery.runOnce(),
        runScheduledJobs: async () => {
          await reminders.tick();
          await digests.tick();
        },
        settle: async () => {
          await recovery.running;
          await slack.idle();
          await webhookDispatcher.drain();
          await dispatcher.drain();
        },
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function appUserIdOf(served: { user_id?: string }): string {
  if (!served.user_id) throw new Error("auth.test named no user for the bot token");
  return served.user_id;
}

/** The bot's ids from auth.test, so Bolt need not ask Slack again (undefined: Bolt asks). */
function botIdentity(served: { user_id?: string; bot_id?: string }): BotIdentity | undefined {
  return served.user_id && served.bot_id ? { userId: served.user_id, botId: served.bot_id } : undefined;
}

/** How often each instance looks for acknowledged work whose instance died. */
const RECOVERY_POLL_MS = 5_000;
/** A request whose replay failed this often (it may be what kills instances) is left for an operator. */
const MAX_REPLAYS = 3;

/**
 * Finishes what a dead instance acknowledged but did not do: claims journaled requests whose
 * lease lapsed (its holder stopped extending it) and handles each once more. The services make
 * a replay safe (creation keys, note keys, move keys, conditional claims).
 */
class AcknowledgedWorkRecovery {
  private timer: NodeJS.Timeout | undefined;
  running: Promise<number> | undefined;

  constructor(
    private readonly journal: PrismaAcknowledgedWork,
    private readonly slack: { replay(key: string, body: unknown): Promise<void> },
    private readonly workspaceIds: readonly string[],
    private readonly logger: Logger,
    private readonly leaseMs: number,
  ) {}

  start(pollMs: number): void {
    this.timer = setInterval(() => void this.runOnce(), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  runOnce(): Promise<number> {
    this.running ??= this.recover().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async recover(): Promise<number> {
    const owner = randomUUID();
    let claimed: Awaited<ReturnType<PrismaAcknowledgedWork["claimAbandoned"]>>;
    try {
      const now = new Date();
      claimed = await this.journal.claimAbandoned(
        this.workspaceIds,
        owner,
        now,
        new Date(now.getTime() + this.leaseMs),
        20,
        MAX_REPLAYS,
      );
    } catch (error) {
      this.logger.warn({ err: error }, "could not look for unfinished acknowledged work");
      return 0;
    }
    for (const request of claimed) {
      const log = this.logger.child({ request: request.key, attempts: request.attempts });
      log.warn("finishing acknowledged work an instance left unfinished");
      try {
        await this.slack.replay(request.key, request.body);
        await this.journal.finish(request.key, owner, new Date());
      } catch (error) {
        log.error({ err: error }, "replaying acknowledged work failed; will try again");
      }
    }
    return claimed.length;
  }
}
