import { slackSignature } from "../src/sandbox/driver.ts";

/** Sends signed requests to an endpoint at a fixed concurrency and records each latency (ms). */
export async function drive(options: {
  url: string;
  signingSecret: string;
  total: number;
  concurrency: number;
  body: (i: number) => { body: string; contentType: string };
  onSent?: (i: number, at: number) => void;
}): Promise<{ latencies: number[]; wallMs: number; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= options.total) return;
      const { body, contentType } = options.body(i);
      const ts = Math.floor(Date.now() / 1000);
      const t0 = performance.now();
      options.onSent?.(i, t0);
      const response = await fetch(options.url, {
        method: "POST",
        headers: {
          "content-type": contentType,
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": slackSignature(options.signingSecret, ts, body),
        },
        body,
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { latencies, wallMs: performance.now() - started, failures };
}

/** Sends signed requests at a fixed rate, not waiting for answers (an open loop). */
export async function driveAtRate(options: {
  url: string;
  signingSecret: string;
  total: number;
  perSecond: number;
  body: (i: number) => { body: string; contentType: string };
  onSent?: (i: number, at: number) => void;
}): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const sends: Array<Promise<void>> = [];
  for (let i = 0; i < options.total; i++) {
    const due = started + (i * 1000) / options.perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const { body, contentType } = options.body(i);
    const ts = Math.floor(Date.now() / 1000);
    const t0 = performance.now();
    options.onSent?.(i, t0);
    sends.push(
      fetch(options.url, {
        method: "POST",
        headers: {
          "content-type": contentType,
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": slackSignature(options.signingSecret, ts, body),
        },
        body,
      }).then(async (response) => {
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (response.status !== 200) failures++;
      }),
    );
  }
  await Promise.all(sends);
  return { latencies, failures };
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
