import { ConfigError, loadConfig } from "./config/config.ts";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "./db/embedded-postgres.ts";
import { createRootLogger } from "./lib/logger.ts";
import { installProcessGuards } from "./lib/process-guards.ts";
import { StartupError } from "./lib/startup-error.ts";

interface Stoppable {
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      // One line naming the variable, no stack trace: this is the person's to fix, not a bug.
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createRootLogger({ level: config.logLevel });
  const slack = config.slack;
  // Signals are handled from the first moment: a SIGTERM while starting waits for the start
  // to finish, then stops what it started (the default action would leave PostgreSQL running).
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    starting
      .then((running) => running?.stop())
      .then(
        () => flushAndExit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          return flushAndExit(1);
        },
      );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  installProcessGuards(process, logger, () => {
    const stopped = starting.then((running) => running?.stop());
    // A stop that hangs must not keep a broken process alive.
    const deadline = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
    Promise.race([stopped, deadline]).finally(() => flushAndExit(1));
  });

  // The embedded PostgreSQL starts while the app's modules load (both take most of a second,
  // initdb on a first start two): the app is healthy sooner.
  const embedded = config.databaseUrl
    ? undefined
    : startEmbeddedDatabase({ dataDir: config.dataDir, logger });
  embedded?.catch(() => {}); // awaited below; a failure is reported there
  const stopDatabase = async () => {
    const database = await embedded?.catch(() => undefined);
    await database?.stop();
  };

  const start = async (): Promise<Stoppable | undefined> => {
    try {
      const databaseUrl =
        config.databaseUrl ?? (await awaitBoth(embedded!, import("./start-handoff.ts"))).url;
      if (slack.kind === "sandbox") {
        // Loaded only here: a production process never loads the emulator.
        const { startSandbox } = await import("./sandbox/start-sandbox.ts");
        const sandbox = await startSandbox({ ...config, databaseUrl }, logger);
        const demo = process.argv.includes("--demo");
        process.stdout.write(sandboxBanner(sandbox.pageUrl, sandbox.exposedOn, demo));
        if (demo) {
          sandbox.seedDemo().then(
            (summary) => logger.info(summary),
            (error: unknown) => logger.error({ err: error }, "demo data could not be added"),
          );
        }
        return withDatabaseStop(sandbox, stopDatabase);
      }
      const { startHandoff } = await import("./start-handoff.ts");
      return withDatabaseStop(await startHandoff({ ...config, databaseUrl, slack }, logger), stopDatabase);
    } catch (error) {
      await stopDatabase();
      const reason = operatorsToFix(error, config.port);
      if (error instanceof ConfigError) {
        process.stderr.write(`Configuration error: ${error.message}\n`);
      } else if (reason) {
        // Someone else's to fix, like a bad setting: one line, no stack.
        process.stderr.write(`Handoff could not start: ${reason}\n`);
      } else {
        logger.fatal({ err: error }, "Handoff could not start");
      }
      await flushAndExit(1);
      return undefined;
    }
  };
  const starting = start();
}

/** The database, once the module loading that went on meanwhile has also finished. */
async function awaitBoth(
  database: Promise<EmbeddedDatabase>,
  loading: Promise<unknown>,
): Promise<EmbeddedDatabase> {
  const [started] = await Promise.all([database, loading]);
  return started;
}

function withDatabaseStop(running: Stoppable, stopDatabase: () => Promise<void>): Stoppable {
  return {
    stop: async () => {
      await running.stop();
      await stopDatabase();
    },
  };
}

/** The one-line reason for a failed start that is not a bug, or undefined for a bug. */
function operatorsToFix(error: unknown, port: number): string | undefined {
  if (error instanceof StartupError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE")
    return `port ${port} is already in use: stop what is using it, or set PORT to another port.`;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN")
    return `the database at DATABASE_URL cannot be reached (${code}): start it, or unset DATABASE_URL to use the embedded one.`;
  if (code === "28P01" || code === "28000" || code === "3D000")
    return `the database at DATABASE_URL refused the connection: ${(error as Error).message}.`;
  // @slack/web-api's codes: the token is checked with auth.test before serving.
  if (code === "slack_webapi_request_error")
    return `Slack's API could not be reached (${(error as Error).message}): check the network, or SLACK_API_URL if set.`;
  if (code === "slack_webapi_platform_error") {
    const slackError = (error as { data?: { error?: string } }).data?.error ?? "refused";
    return `Slack refused SLACK_BOT_TOKEN (${slackError}): copy the Bot User OAuth Token from the app's OAuth & Permissions page.`;
  }
  return undefined;
}

function sandboxBanner(pageUrl: string, exposedOn: string | undefined, demo: boolean): string {
  const exposed = !exposedOn
    ? []
    : [
        `  WARNING: HANDOFF_SANDBOX_HOST=${exposedOn} makes the sandbox reachable from other machines. Its page has`,
        "  no login: anyone who can reach it can act as any person in it. Unset it to keep it on this machine.",
        "",
      ];
  return [
    "",
    "  Handoff sandbox: no Slack credentials are set, so Handoff runs against its built-in Slack",
    "  emulator. Nothing here reaches a real Slack workspace.",
    "",
    `  Open ${pageUrl} to use it.  Demo data: ${demo ? "being added now" : "the button on the page, or npm start -- --demo"}`,
    '  To connect a real workspace, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (README, "Connect a Slack workspace").',
    "",
    ...exposed,
    "",
  ].join("\n");
}

function flushAndExit(code: number): Promise<void> {
  // Give pino's transport a tick to write the last lines.
  return new Promise(() => setTimeout(() => process.exit(code), 50));
}

await main();
