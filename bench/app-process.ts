/**
 * The app under test in a process of its own, as in production, so the load generator and the
 * Slack emulator do not share its event loop: `handoff` is the real app (composition root),
 * `bare` a Bolt app on the same receiver whose listeners only ack. Driven over IPC by run.ts.
 */
import diagnostics from "node:diagnostics_channel";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { loadConfig } from "../src/config/config.ts";
import { createSilentLogger } from "../src/lib/logger.ts";
import { startTestHandoff } from "../test/support/test-handoff.ts";
import { ownCpuMs } from "./cpu.ts";

export type AppProcessRequest = { id: number; op: "settle" | "maxRss" | "cpu" | "serverTimes" | "stop" };
export type AppProcessMessage =
  | { ready: true; port: number }
  | { id: number; ok: true; value?: number | number[] }
  | { id: number; ok: false; error: string };

interface Running {
  port: number;
  settle(): Promise<void>;
  stop(): Promise<void>;
}

async function startReal(): Promise<Running> {
  const config = loadConfig();
  if (config.slack.kind === "sandbox") throw new Error("the benchmark app needs Slack settings");
  return startTestHandoff({ ...config, slack: config.slack }, createSilentLogger(), {
    scheduleJobs: false,
    // The emulator enforces no rate limit here: measure the app, not Slack's pacing.
    pacing: { burst: 1e6, perSecond: 1e6 },
  });
}

async function startBare(): Promise<Running> {
  const receiver = new HTTPReceiver({
    signingSecret: process.env.SLACK_SIGNING_SECRET!,
    endpoints: "/slack/events",
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: process.env.SLACK_BOT_TOKEN!,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL! },
    deferInitialization: true,
  });
  await app.init();
  app.command(/.*/, async ({ ack }) => ack());
  app.action(/.*/, async ({ ack }) => ack());
  const server = (await app.start(Number(process.env.PORT ?? 0))) as unknown as {
    address(): { port: number };
  };
  return {
    port: server.address().port,
    settle: async () => {},
    stop: async () => {
      await app.stop();
    },
  };
}

// Each answer's time inside this process, from its request's headers to its response's last
// byte: set against the load generator's figures, it shows what is the app's and what is not.
const startedAt = new WeakMap<object, number>();
let serverTimes: number[] = [];
diagnostics.subscribe("http.server.request.start", (message) => {
  startedAt.set((message as { response: object }).response, performance.now());
});
diagnostics.subscribe("http.server.response.finish", (message) => {
  const started = startedAt.get((message as { response: object }).response);
  if (started !== undefined) serverTimes.push(performance.now() - started);
});

const running = await (process.argv[2] === "bare" ? startBare() : startReal());
const send = (message: AppProcessMessage) => process.send!(message);
process.on("message", (request: AppProcessRequest) => {
  const answer = async (): Promise<number | number[] | undefined> => {
    switch (request.op) {
      case "settle":
        await running.settle();
        return undefined;
      case "serverTimes": {
        const times = serverTimes;
        serverTimes = [];
        return times;
      }
      case "cpu":
        // CPU milliseconds (user + system) this process has used since it started.
        return ownCpuMs();
      case "maxRss":
        // Peak resident set size of this process since it started, in MB.
        return process.resourceUsage().maxRSS / 1024;
      case "stop":
        await running.stop();
        setImmediate(() => process.exit(0));
        return undefined;
    }
  };
  answer().then(
    (value) => send({ id: request.id, ok: true, ...(value !== undefined ? { value } : {}) }),
    (error: unknown) => send({ id: request.id, ok: false, error: String(error) }),
  );
});
send({ ready: true, port: running.port });
