import { slackSignature } from "../src/sandbox/driver.ts";

/** Where and what to send: request `i`'s body, and a hook at the moment it goes out. */
interface SignedTarget {
  url: string;
  signingSecret: string;
  body: (i: number) => { body: string; contentType: string };
  onSent?: (i: number, at: number) => void;
}

/** Sends signed requests to an endpoint at a fixed concurrency and records each latency (ms). */
export async function drive(
  options: SignedTarget & { total: number; concurrency: number },
): Promise<{ latencies: number[]; wallMs: number; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= options.total) return;
      const sent = await sendSigned(options, i);
      latencies.push(sent.ms);
      if (!sent.ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { latencies, wallMs: performance.now() - started, failures };
}

/** Sends signed requests at a fixed rate, not waiting for answers (an open loop). */
export async function driveAtRate(
  options: SignedTarget & { total: number; perSecond: number },
): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const sends: Array<Promise<void>> = [];
  for (let i = 0; i < options.total; i++) {
    const due = started + (i * 1000) / options.perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    sends.push(
      sendSigned(options, i).then((sent) => {
        latencies.push(sent.ms);
        if (!sent.ok) failures++;
      }),
    );
  }
  await Promise.all(sends);
  return { latencies, failures };
}

/** Request `i`, signed as Slack signs it; how long until the whole answer was read. */
async function sendSigned(target: SignedTarget, i: number): Promise<{ ms: number; ok: boolean }> {
  const { body, contentType } = target.body(i);
  const ts = Math.floor(Date.now() / 1000);
  const t0 = performance.now();
  target.onSent?.(i, t0);
  const response = await fetch(target.url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": slackSignature(target.signingSecret, ts, body),
    },
    body,
  });
  await response.arrayBuffer();
  return { ms: performance.now() - t0, ok: response.status === 200 };
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
