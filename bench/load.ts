import http from "node:http";
import { slackSignature } from "@handoff/slack-emulator";

/** Where and what to send: request `i`'s body, and a hook at the moment it goes out. */
interface SignedTarget {
  url: string;
  signingSecret: string;
  body: (i: number) => { body: string; contentType: string };
  onSent?: (i: number, at: number) => void;
}

/**
 * Connections: kept open between requests, one per concurrent sender, as a proxy in front of
 * the app (or Slack's keep-alive) holds them. `warm` opens them all before the clock starts;
 * cold, each sender's first request also opens its connection, which a busy Node process
 * accepts one per event-loop turn. node:http rather than fetch: lighter on the load generator's
 * CPU, which the emulator and the app share here.
 */
interface Connections {
  warm: boolean;
}

/** Sends signed requests to an endpoint at a fixed concurrency and records each latency (ms). */
export async function drive(
  options: SignedTarget & { total: number; concurrency: number } & Partial<Connections>,
): Promise<{ latencies: number[]; wallMs: number; failures: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    if (options.warm ?? true) await openConnections(options.url, options.concurrency, agent);
    const latencies: number[] = [];
    let failures = 0;
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= options.total) return;
        const sent = await sendSigned(options, i, agent);
        latencies.push(sent.ms);
        if (!sent.ok) failures++;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    return { latencies, wallMs: performance.now() - started, failures };
  } finally {
    agent.destroy();
  }
}

/** Sends signed requests at a fixed rate, not waiting for answers (an open loop). */
export async function driveAtRate(
  options: SignedTarget & { total: number; perSecond: number },
): Promise<{ latencies: number[]; failures: number }> {
  const agent = new http.Agent({ keepAlive: true });
  try {
    const latencies: number[] = [];
    let failures = 0;
    const started = performance.now();
    const sends: Array<Promise<void>> = [];
    for (let i = 0; i < options.total; i++) {
      const due = started + (i * 1000) / options.perSecond;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      sends.push(
        sendSigned(options, i, agent).then((sent) => {
          latencies.push(sent.ms);
          if (!sent.ok) failures++;
        }),
      );
    }
    await Promise.all(sends);
    return { latencies, failures };
  } finally {
    agent.destroy();
  }
}

/** `count` connections opened at once and left open: unsigned requests the app refuses (401) at once. */
async function openConnections(url: string, count: number, agent: http.Agent): Promise<void> {
  await Promise.all(Array.from({ length: count }, () => post(url, {}, "", agent)));
}

/** Request `i`, signed as Slack signs it; how long until the whole answer was read. */
async function sendSigned(
  target: SignedTarget,
  i: number,
  agent: http.Agent,
): Promise<{ ms: number; ok: boolean }> {
  const { body, contentType } = target.body(i);
  const ts = Math.floor(Date.now() / 1000);
  const t0 = performance.now();
  target.onSent?.(i, t0);
  const status = await post(
    target.url,
    {
      "content-type": contentType,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": slackSignature(target.signingSecret, ts, body),
    },
    body,
    agent,
  );
  return { ms: performance.now() - t0, ok: status === 200 };
}

/** POSTs `body` and resolves with the status once the whole answer was read. */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  agent: http.Agent,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

export function commandBody(fields: Record<string, string>): { body: string; contentType: string } {
  return { body: new URLSearchParams(fields).toString(), contentType: "application/x-www-form-urlencoded" };
}

export function actionBody(payload: unknown): { body: string; contentType: string } {
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: "application/x-www-form-urlencoded",
  };
}
