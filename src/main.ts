import { ConfigError, loadConfig } from "./config/config.ts";
import { createRootLogger } from "./lib/logger.ts";
import { type RunningHandoff, startHandoff } from "./start-handoff.ts";

const SANDBOX_NOT_READY = [
  "Handoff needs Slack credentials to run: set SLACK_BOT_TOKEN (xoxb-…) and SLACK_SIGNING_SECRET",
  "(and SLACK_APP_TOKEN (xapp-…) for Socket Mode; SLACK_API_URL to point at a Slack emulator).",
  'See README.md, "Connect a Slack workspace".',
].join(" ");

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
  if (config.slack.kind === "sandbox") {
    process.stderr.write(`${SANDBOX_NOT_READY}\n`);
    process.exit(1);
  }

  let running: RunningHandoff;
  try {
    running = await startHandoff({ ...config, slack: config.slack }, logger);
  } catch (error) {
    logger.fatal({ err: error }, "Handoff could not start");
    await flushAndExit(1);
    return;
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    running.stop().then(
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

function flushAndExit(code: number): Promise<void> {
  // Give pino's transport a tick to write the last lines.
  return new Promise(() => setTimeout(() => process.exit(code), 50));
}

await main();
