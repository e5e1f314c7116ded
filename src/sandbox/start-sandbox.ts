import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  createDemoWorkspace,
  DemoChannels,
  DemoPeople,
  type EmulatorStateData,
  SlackDriver,
  SlackEmulator,
} from "@handoff/slack-emulator";
import type { AppConfig } from "../config/config.ts";
import type { PacingConfig } from "../jobs/channel-pacer.ts";
import { travellingClock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import { type HandoffControls, type RunningHandoff, startHandoffWithControls } from "../start-handoff.ts";
import { seedDemoData } from "./demo-data.ts";
import { isLoopbackHost } from "./web/same-origin.ts";
import { SandboxPage } from "./web/sandbox-page.ts";

export interface RunningSandbox {
  /** Where a person opens the sandbox. */
  readonly pageUrl: string;
  /** The non-loopback address the login-less page listens on, when someone chose to expose it. */
  readonly exposedOn: string | undefined;
  readonly handoff: SandboxHandoff;
  readonly emulator: SlackEmulator;
  readonly driver: SlackDriver;
  /** Seeds the demo workspace (once; later calls say it is already there); says what it did. */
  seedDemo(): Promise<string>;
  stop(): Promise<void>;
}

/** The app, and the one control the sandbox uses: seeding waits for each step's messages. */
export type SandboxHandoff = RunningHandoff & Pick<HandoffControls, "settle">;

export interface SandboxOptions {
  /** Save the emulated Slack here between runs; default `<dataDir>/sandbox-slack.json`, false = never. */
  stateFile?: string | false;
}

// Slack's own per-channel limit (about 1/s) would make a won deal's 19 messages take 20 s;
// the emulator enforces no limit here, so the sandbox lets them arrive at once.
const SANDBOX_PACING: PacingConfig = { burst: 30, perSecond: 20 };

/**
 * The app as in production (real HTTP, signed requests, the same listeners and services),
 * with Slack played by the emulator and a page on the app's port to use it from a browser.
 */
export async function startSandbox(
  config: AppConfig,
  logger: Logger,
  options: SandboxOptions = {},
): Promise<RunningSandbox> {
  const stateFile =
    options.stateFile === false
      ? undefined
      : (options.stateFile ?? path.join(config.dataDir, "sandbox-slack.json"));
  const savedState = stateFile ? await readSavedState(stateFile, logger) : undefined;
  const workspace = createDemoWorkspace();
  const emulator = await SlackEmulator.start({
    botToken: `xoxb-sandbox-${randomBytes(8).toString("hex")}`,
    ...workspace,
    ...(savedState ? { savedState } : {}),
    // Files beside the saved Slack, so the saved messages' download links still work.
    ...(stateFile ? { fileDir: path.join(path.dirname(stateFile), "sandbox-files") } : {}),
    logger,
  });
  const signingSecret = randomBytes(16).toString("hex");
  const loopbackOnly = isLoopbackHost(config.sandboxHost);
  if (!loopbackOnly)
    logger.warn(
      { host: config.sandboxHost },
      "the sandbox page has no login and now listens beyond this machine: anyone who can reach it can act as anyone in it",
    );
  const page = new SandboxPage({ emulator, logger, loopbackOnly });

  // Real time, except while the demo data is made at the days it is meant to have been made.
  const clock = travellingClock();
  let handoff: SandboxHandoff;
  try {
    const started = await startHandoffWithControls(
      {
        ...config,
        slack: { kind: "http", botToken: emulator.botToken, signingSecret },
        slackApiUrl: emulator.apiUrl,
        channels: {
          sales: config.channels.sales ?? DemoChannels.sales,
          wins: config.channels.wins ?? DemoChannels.wins,
          delivery: config.channels.delivery ?? DemoChannels.delivery,
          digest: config.channels.digest ?? DemoChannels.digest,
        },
        admins: config.admins.length > 0 ? config.admins : [DemoPeople.admin],
        managers: config.managers.length > 0 ? config.managers : [DemoPeople.maya],
        // Lead hook URLs shown in /handoff leads point at this machine's page.
        publicUrl: config.publicUrl ?? (config.port > 0 ? `http://localhost:${config.port}` : undefined),
      },
      logger,
      {
        pacing: SANDBOX_PACING,
        clock,
        extraRoutes: page.routes(),
        host: config.sandboxHost,
        onlyWorkspace: emulator.team.id,
      },
    );
    handoff = { ...started.running, settle: started.controls.settle };
  } catch (error) {
    page.close();
    await emulator.stop();
    throw error;
  }

  const driver = new SlackDriver({
    emulator,
    appUrl: `http://127.0.0.1:${handoff.port}/slack/events`,
    signingSecret,
    logger,
  });
  // The demo's API token: its secret exists only where it was shown, so the sandbox keeps it
  // (next to the saved Slack) for the page's API panel.
  const tokenFile = stateFile ? path.join(path.dirname(stateFile), "sandbox-api-token") : undefined;
  const savedToken = tokenFile ? await readFile(tokenFile, "utf8").catch(() => "") : "";
  page.setApiToken(savedToken.trim() || undefined, `http://localhost:${handoff.port}`);
  const onApiToken = (secret: string) => {
    page.setApiToken(secret, `http://localhost:${handoff.port}`);
    if (tokenFile)
      writeFile(tokenFile, secret, { mode: 0o600 }).catch((error: unknown) =>
        logger.warn({ err: error }, "could not save the sandbox's API token"),
      );
  };
  page.connect({
    driver,
    seedDemo: (progress) =>
      seedDemoData(
        {
          driver,
          emulator,
          settle: () => handoff.settle(),
          travelTo: (days) => clock.travelTo(days),
          onApiToken,
        },
        progress,
      ),
  });
  const saver = stateFile ? new StateSaver(emulator, stateFile, logger) : undefined;

  return {
    pageUrl: `http://localhost:${handoff.port}/`,
    exposedOn: loopbackOnly ? undefined : config.sandboxHost,
    handoff,
    emulator,
    driver,
    seedDemo: () => page.seedDemo(),
    async stop() {
      // Open event streams would keep the HTTP server from closing.
      page.close();
      await handoff.stop();
      await saver?.stop();
      await emulator.stop();
    },
  };
}

async function readSavedState(file: string, logger: Logger): Promise<EmulatorStateData | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as EmulatorStateData;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      logger.warn(
        { err: error, file },
        "the saved sandbox Slack could not be read; starting with an empty one",
      );
    return undefined;
  }
}

/** Writes the emulated workspace to disk a moment after it changes, and once more at stop. */
class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly onChange = (change: { type: string }) => {
    if (change.type === "api_call" || this.timer) return;
    this.timer = setTimeout(() => this.save(), 500);
  };

  constructor(
    private readonly emulator: SlackEmulator,
    private readonly file: string,
    private readonly logger: Logger,
  ) {
    emulator.events.on("change", this.onChange);
  }

  async stop(): Promise<void> {
    this.emulator.events.off("change", this.onChange);
    if (this.timer) this.save();
    await this.writing;
  }

  private save(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const { triggers: _t, responseUrls: _r, ...kept } = this.emulator.snapshot();
    const text = JSON.stringify(kept);
    this.writing = this.writing
      .then(async () => {
        await mkdir(path.dirname(this.file), { recursive: true });
        await writeFile(`${this.file}.tmp`, text);
        await rename(`${this.file}.tmp`, this.file);
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, "could not save the sandbox Slack"));
  }
}
