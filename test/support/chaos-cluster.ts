import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { SlackEmulator } from "@handoff/slack-emulator";
import { type DriverResponse, SlackDriver } from "@handoff/slack-emulator";
import { SLACK_EVENTS_PATH } from "../../src/slack/app.ts";
import { BOT_TOKEN, Channels, People, SIGNING_SECRET } from "./e2e-harness.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** How long a person keeps trying a request nobody acknowledges. */
const PERSON_GIVES_UP_MS = 60_000;

interface Instance {
  child: ChildProcess;
  port: number;
  driver: SlackDriver;
  exited: Promise<void>;
  output: string[];
}

/**
 * Three app instances, each its own process (so `kill -9` is real), on one database and one
 * Slack emulator, behind a round-robin of signed requests: what a load balancer in front of
 * three replicas does, without health checks (a dead replica refuses connections until the
 * person tries again and lands on another).
 */
export class ChaosCluster {
  readonly instances: Array<Instance | undefined> = [];
  private next = 0;

  constructor(
    private readonly emulator: SlackEmulator,
    private readonly databaseUrl: string,
    private readonly scale: number,
  ) {}

  async start(count: number): Promise<void> {
    await Promise.all(Array.from({ length: count }, (_, i) => this.startInstance(i)));
  }

  async startInstance(index: number): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/chaos-instance.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: this.emulator.apiUrl,
        DATABASE_URL: this.databaseUrl,
        PORT: "0",
        HANDOFF_SALES_CHANNEL: Channels.sales,
        HANDOFF_WINS_CHANNEL: Channels.wins,
        HANDOFF_DELIVERY_CHANNEL: Channels.delivery,
        HANDOFF_ADMINS: People.admin,
        HANDOFF_MANAGERS: People.maya,
        LOG_LEVEL: "error",
        NODE_ENV: "test",
        CHAOS_SCALE: String(this.scale),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<void>((resolve) =>
      child.once("exit", (code, signal) => {
        output.push(`\n[instance ${index} exited: ${signal ?? code}]\n`);
        resolve();
      }),
    );
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`instance ${index} did not start`)), 60_000);
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const match = line.match(/^\{"chaosPort":(\d+)\}$/);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        } else output.push(line);
      });
      void exited.then(() => reject(new Error(`instance ${index} exited:\n${output.join("")}`)));
    });
    const driver = new SlackDriver({
      emulator: this.emulator,
      appUrl: `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`,
      signingSecret: SIGNING_SECRET,
    });
    this.instances[index] = { child, port, driver, exited, output };
  }

  /** kill -9: no shutdown, no lease released, no lock given back. */
  async kill(index: number): Promise<void> {
    const instance = this.instances[index];
    if (!instance) return;
    instance.child.kill("SIGKILL");
    await instance.exited;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.instances.map(async (instance) => {
        if (!instance || instance.child.exitCode !== null || instance.child.signalCode !== null) return;
        instance.child.kill("SIGTERM");
        const stopped = await Promise.race([
          instance.exited.then(() => true),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), 15_000)),
        ]);
        if (!stopped) instance.child.kill("SIGKILL");
      }),
    );
  }

  /** What the instances wrote on stderr (errors), for a failing run's message. */
  errors(): string {
    return this.instances.flatMap((instance) => instance?.output ?? []).join("");
  }

  /**
   * One person's request through the round-robin. A refused connection or a missed ack (3 s)
   * is not an acknowledgement: the person tries again a moment later, landing elsewhere, for
   * up to a minute (on a busy 2-core machine a restarting instance and its two peers can miss
   * several acks in a row; what is checked is what happens to the acknowledged ones).
   */
  async send(
    request: (driver: SlackDriver) => Promise<DriverResponse>,
    stats: { attempts: number; refused: number },
  ): Promise<DriverResponse> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const instance = this.instances[this.next++ % this.instances.length];
      stats.attempts++;
      let why = "no instance";
      const response = await (instance
        ? request(instance.driver).catch((error: Error) => {
            why = error.message;
            return undefined;
          })
        : Promise.resolve(undefined));
      // "Nothing was changed — try again" (the database or the instance was too busy) is an
      // answer, not an acknowledgement: the person tries again.
      if (response && response.status === 200 && !saysNothingChanged(response.body)) return response;
      if (response) why = `HTTP ${response.status} ${JSON.stringify(response.body)}`;
      stats.refused++;
      if (attempt >= 10 && Date.now() - started > PERSON_GIVES_UP_MS)
        throw new Error(`no instance acknowledged the request after ${attempt} tries; the last: ${why}`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 200 * attempt)));
    }
  }

  /** A driver of a live instance, for what is read rather than sent. */
  anyDriver(): SlackDriver {
    const live = this.instances.find((i) => i && i.child.exitCode === null && i.child.signalCode === null);
    if (!live) throw new Error("no live instance");
    return live.driver;
  }
}

function saysNothingChanged(body: unknown): boolean {
  const text = (body as { text?: unknown } | null)?.text;
  return typeof text === "string" && text.includes("Nothing was changed");
}
