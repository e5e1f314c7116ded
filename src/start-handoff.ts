import type { AppConfig } from "./config/config.ts";
import { createPrismaClient } from "./db/client.ts";
import { isDatabaseUnavailable } from "./db/database-errors.ts";
import { startEmbeddedDatabase } from "./db/embedded-postgres.ts";
import { applyMigrations } from "./db/migrate.ts";
import {
  PrismaDatabaseProbe,
  PrismaPersonRepository,
  PrismaWorkspaceRepository,
} from "./db/workspace-repository.ts";
import type { Logger } from "./lib/logger.ts";
import { HealthService } from "./services/health-service.ts";
import { WorkspaceService } from "./services/workspace-service.ts";
import { createSlackApp } from "./slack/app.ts";

export interface RunningHandoff {
  readonly port: number;
  readonly databaseUrl: string;
  /** Graceful: stop taking requests, finish in-flight work, disconnect, stop the embedded database. */
  stop(): Promise<void>;
}

type SlackConfig = AppConfig & { slack: Exclude<AppConfig["slack"], { kind: "sandbox" }> };

/**
 * The composition root: config → database → repositories → services → Slack app.
 * Only this file wires concrete classes together. Each started part is stopped in
 * reverse order, also when a later part fails to start.
 */
export async function startHandoff(config: SlackConfig, logger: Logger): Promise<RunningHandoff> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => logger.error({ err: error }, "error while stopping"));
    }
    stops.length = 0;
  };

  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
    }
    await applyMigrations(databaseUrl, logger);

    const prisma = createPrismaClient({ url: databaseUrl });
    stops.push(() => prisma.$disconnect());

    const workspaces = new WorkspaceService({
      workspaces: new PrismaWorkspaceRepository(prisma),
      people: new PrismaPersonRepository(prisma),
      defaults: {
        channels: config.channels,
        timeZone: config.timeZone,
        admins: config.admins,
        managers: config.managers,
      },
    });
    const health = new HealthService(new PrismaDatabaseProbe(prisma));

    const slack = await createSlackApp({
      mode: config.slack,
      slackApiUrl: config.slackApiUrl,
      port: config.port,
      logger,
      workspaces,
      health,
      isInfrastructureDown: isDatabaseUnavailable,
    });
    const port = await slack.start();
    stops.push(() => slack.stop());
    logger.info({ port, mode: config.slack.kind }, "Handoff is listening");

    return { port, databaseUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
