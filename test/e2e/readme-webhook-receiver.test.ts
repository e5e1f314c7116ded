import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../../src/domain/webhooks.ts";

/**
 * The README's receiver, run as written: the block of Node code under "## Webhooks" must
 * accept what Handoff signs and refuse a forged, altered or replayed request.
 */
const SECRET = "whsec_readme_0123456789";
let dir: string;
let child: ChildProcess;
let url: string;
let output = "";

async function readmeReceiverCode(): Promise<string> {
  const readme = await readFile(path.join(import.meta.dirname, "../../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Webhooks"));
  const block = section.match(/```js\n([\s\S]*?)```/);
  if (!block) throw new Error("no js block under ## Webhooks in the README");
  return block[1]!;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "handoff-readme-receiver-"));
  const file = path.join(dir, "receiver.mjs");
  await writeFile(file, await readmeReceiverCode());
  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  child = spawn(process.execPath, [file], {
    env: { ...process.env, HANDOFF_WEBHOOK_SECRET: SECRET, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  for (let i = 0; ; i++) {
    const up = await fetch(url, { method: "POST", body: "" }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (i > 100) throw new Error("the README's receiver did not start");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 30_000);
afterAll(async () => {
  child?.kill();
  await rm(dir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);
const body = JSON.stringify({
  id: "0b4f8a52-0c1e-4a47-9a57-3c3f3b0e5a11",
  type: "deal.won",
  created_at: new Date().toISOString(),
  team_id: "T0README",
  data: { ref: "D-12" },
});
const post = (signature: string | undefined, text = body) =>
  fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(signature ? { "Handoff-Signature": signature } : {}) },
    body: text,
  }).then((r) => r.status);

describe("the README's webhook receiver", () => {
  it("accepts a request Handoff signed, and reads the event", async () => {
    expect(await post(signWebhook(SECRET, now(), body))).toBe(200);
    // The receiver logs after it answers: its line may reach us a moment after the response.
    await expect.poll(() => output).toContain("0b4f8a52-0c1e-4a47-9a57-3c3f3b0e5a11 deal.won D-12");
  });

  it("accepts it while the secret is rotated (two v1 values, one right)", async () => {
    const right = signWebhook(SECRET, now(), body);
    const wrong = signWebhook("whsec_old", now(), body).split(",")[1];
    expect(await post(`${right.split(",")[0]},${wrong},${right.split(",")[1]}`)).toBe(200);
  });

  it("refuses a missing signature, another secret, an altered body and a replay", async () => {
    expect(await post(undefined)).toBe(401);
    expect(await post(signWebhook("whsec_someone_else", now(), body))).toBe(401);
    expect(await post(signWebhook(SECRET, now(), body), body.replace("D-12", "D-13"))).toBe(401);
    expect(await post(signWebhook(SECRET, now() - 600, body))).toBe(401);
    expect(await post("t=nonsense,v1=zz")).toBe(401);
  });
});
