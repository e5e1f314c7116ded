/**
 * Webhook dispatch throughput: queued deliveries sent by the real dispatcher (claim under a
 * lock, sign, POST, record) to a receiver on 127.0.0.1, against raw node:http POSTs of the
 * same bodies to the same receiver, measured in the same run.
 */

/**
 * Webhook dispatch throughput: queued deliveries sent by the real dispatcher (claim under a
 * lock, sign, POST, record) to a receiver on 127.0.0.1, against raw node:http POSTs of the
 * same bodies to the same receiver, measured in the same run.
 */
import http, { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createPrismaClient } from "../src/db/client.ts";
import { PrismaUnitOfWork } from "../src/db/unit-of-work.ts";
import { PrismaWebhookDeliveryStore } from "../src/db/webhook-repository.ts";
import { PrismaWorkspaceRepository } from "../src/db/workspace-repository.ts";
import { WebhookDispatcher } from "../src/jobs/webhook-dispatcher.ts";
import { httpWebhookSender } from "../src/jobs/webhook-sender.ts";
import { createSilentLogger } from "../src/lib/logger.ts";
import { fmt, fmtSpread, median, spread } from "./stats.ts";

const TEAM = "T0WEBHOOKS";
/** Deals whose events interleave: one ordering key each, so this many can be in flight at once. */
const SUBJECTS = 500;
/** POSTs in flight at once for the baseline: what the dispatcher's workers × batch allow (4 × 50). */
const BASELINE_CONCURRENCY = 200;

export async function webhookThroughput(
  databaseUrl: string,
  options: { deliveries: number; runs: number; out: (line?: string) => void },
): Promise<void> {
  const { out } = options;
  const receiver = await startReceiver();
  const prisma = createPrismaClient({ url: databaseUrl, maxConnections: 10 });
  try {
    await new PrismaWorkspaceRepository(prisma).ensure(TEAM);
    const unitOfWork = new PrismaUnitOfWork(prisma);
    await prisma.webhookEndpoint.deleteMany({ where: { workspaceId: TEAM } });
    await unitOfWork.run((tx) =>
      tx.webhooks.add({
        teamId: TEAM,
        url: receiver.url,
        events: ["deal.stage_changed"],
        secret: "whsec_bench",
        createdById: "U0ADMIN",
        at: new Date(),
      }),
    );
    const body = JSON.stringify({
      id: "x",
      type: "deal.stage_changed",
      data: { ref: "D-1", pad: "x".repeat(900) },
    });
    const raw: number[] = [];
    const dispatched: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      raw.push(await rawPosts(receiver.url, body, options.deliveries));
      dispatched.push(await dispatch(prisma, unitOfWork, options.deliveries));
    }
    const ratio = median(dispatched) / median(raw);
    out(`## Webhook dispatch (queued deliveries to a receiver on 127.0.0.1, vs raw node:http POSTs)`);
    out();
    out(
      `${options.deliveries.toLocaleString("en")} deliveries per run over ${SUBJECTS} deals (one ordering key each), ${options.runs} runs; bodies of ~1 KB; the receiver answers 200 at once.`,
    );
    out();
    out("| what | deliveries/s (median, min–max) | target | ratio to raw POSTs |");
    out("|---|---|---|---|");
    out(
      `| raw node:http POSTs, keep-alive, ${BASELINE_CONCURRENCY} in flight (baseline) | ${fmtSpread(spread(raw), "", 0)} | | 1 |`,
    );
    out(
      `| dispatcher: claim, sign, POST, record (4 workers × 50) | ${fmtSpread(spread(dispatched), "", 0)} | ≥ 200 | ${fmt(ratio, 2)} |`,
    );
    out();
  } finally {
    await prisma.$disconnect();
    await receiver.stop();
  }
}

/** Queues `count` deliveries (one outbox write each, as services do), then times the dispatcher sending them all. */
async function dispatch(
  prisma: ReturnType<typeof createPrismaClient>,
  unitOfWork: PrismaUnitOfWork,
  count: number,
): Promise<number> {
  await prisma.webhookDelivery.deleteMany({});
  const at = new Date();
  for (let i = 0; i < count; i += 100) {
    await unitOfWork.run(async (tx) => {
      for (let j = i; j < Math.min(count, i + 100); j++)
        await tx.webhooks.record(TEAM, {
          type: "deal.stage_changed",
          subject: `deal:${j % SUBJECTS}`,
          data: { ref: `D-${j % SUBJECTS}`, n: j, pad: "x".repeat(900) },
          at,
        });
    });
  }
  const dispatcher = new WebhookDispatcher({
    store: new PrismaWebhookDeliveryStore(prisma),
    send: httpWebhookSender({ allowPrivate: true }),
    clock: { now: () => new Date() },
    logger: createSilentLogger(),
    onEndpointGone: async () => {},
    onEndpointFailing: async () => {},
  });
  const started = performance.now();
  await dispatcher.drain();
  const seconds = (performance.now() - started) / 1000;
  const delivered = await prisma.webhookDelivery.count({ where: { status: "DELIVERED" } });
  if (delivered !== count) throw new Error(`only ${delivered} of ${count} webhook deliveries were delivered`);
  return count / seconds;
}

/** The same number of POSTs with nothing around them: the floor the dispatcher is compared with. */
async function rawPosts(url: string, body: string, count: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(url, {
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      });
      request.on("response", (response) => {
        response.resume();
        response.on("end", resolve);
      });
      request.on("error", reject);
      request.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: BASELINE_CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        await post();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return count / seconds;
}

async function startReceiver(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
