/**
 * One app instance as its own process, for the chaos tests: `node --import tsx
 * test/support/chaos-instance.ts`. It is `src/main.ts` minus the embedded database and the
 * sandbox, with Slack's pace, the effect lock and the acknowledged-work lease scaled down
 * together (CHAOS_SCALE: 10 means ten times faster), which main.ts has no settings for.
 * Prints `{"chaosPort":N}` once it listens. SIGTERM stops it gracefully; kill -9 is the point.
 */
import { loadConfig } from "../../src/config/config.ts";
import { createRootLogger } from "../../src/lib/logger.ts";
import { installProcessGuards } from "../../src/lib/process-guards.ts";
import { startHandoff } from "../../src/start-handoff.ts";

const scale = Number(process.env.CHAOS_SCALE ?? "1");
const config = loadConfig();
if (config.slack.kind === "sandbox" || !config.databaseUrl)
  throw new Error("a chaos instance needs Slack credentials and DATABASE_URL");
const logger = createRootLogger({ level: config.logLevel });
const running = startHandoff({ ...config, slack: config.slack }, logger, {
  scheduleJobs: false,
  // Slack's ~1 message/s per channel, its 30 s locks and leases, all scaled by the same factor.
  pacing: { burst: 3, perSecond: 0.9 * scale },
  effectLockMs: 30_000 / scale,
  acknowledgedWorkLeaseMs: 30_000 / scale,
  inDoubtRetryMs: 30_000 / scale,
  recoveryPollMs: 5_000 / scale,
  // An ok:false rate_limited has no Retry-After: the app's own 30 s wait is Slack's pace too.
  okFalseRateLimitMs: 30_000 / scale,
});
installProcessGuards(process, logger, () => process.exit(1));
running.then(
  (app) => {
    process.stdout.write(`${JSON.stringify({ chaosPort: app.port })}\n`);
    process.once("SIGTERM", () => {
      app.stop().finally(() => process.exit(0));
    });
  },
  (error: unknown) => {
    logger.fatal({ err: error }, "chaos instance could not start");
    setTimeout(() => process.exit(1), 50);
  },
);
