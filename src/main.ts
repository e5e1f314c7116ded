import { ConfigError, loadConfig } from "./config/config.ts";
import { createRootLogger } from "./lib/logger.ts";
import { installProcessGuards } from "./lib/process-guards.ts";
import { startHandoff } from "./start-handoff.ts";

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
  let running: { stop(): Promise<void> } | undefined;
  installProcessGuards(process, logger, () => {
    const stopped = running ? running.stop() : Promise.resolve();
    // A stop that hangs must not keep a broken process alive.
    const deadline = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
    Promise.race([stopped, deadline]).finally(() => flushAndExit(1));
  });
  try {
    if (slack.kind === "sandbox") {
      // Loaded only here: a production process never loads the emulator.
      const { startSandbox } = await import("./sandbox/start-sandbox.ts");
      const sandbox = await startSandbox(config, logger);
      running = sandbox;
      process.stdout.write(sandboxBanner(sandbox.pageUrl, sandbox.exposedOn));
      if (process.argv.includes("--demo")) {
        sandbox.seedDemo().then(
          (summary) => logger.info(summary),
          (error: unknown) => logger.error({ err: error }, "demo data could not be added"),
        );
      }
    } else {
      running = await startHandoff({ ...config, slack }, logger);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      await flushAndExit(1);
      return;
    }
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      // Someone else's to fix, like a bad setting: one line, no stack.
      process.stderr.write(
        `Port ${config.port} is already in use: stop what is using it, or set PORT to another port.\n`,
      );
      await flushAndExit(1);
      return;
    }
    logger.fatal({ err: error }, "Handoff could not start");
    await flushAndExit(1);
    return;
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    (running?.stop() ?? Promise.resolve()).then(
      () => flushAndExit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        return flushAndExit(1);
      },
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

function sandboxBanner(pageUrl: string, exposedOn: string | undefined): string {
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
    `  Open ${pageUrl} to use it.  Demo data: the button on the page, or npm start -- --demo`,
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
