import { defineConfig } from "vitest/config";

// Five tiers (see README "Tests"): unit is pure and fast; integration talks to a real
// PostgreSQL; e2e runs the real app over HTTP against the Slack emulator; browser drives the
// sandbox page in headless Chromium (skipped, with a notice, where Chromium is missing); chaos
// runs three app processes on one database through faults, after all the others.
//
// test/canary/ holds a test that always fails. It runs only when HANDOFF_CANARY=1, from
// test/e2e/exit-codes.test.ts, which checks that every tier then exits non-zero.
const canary = process.env.HANDOFF_CANARY === "1" ? ["test/canary/**/*.canary.ts"] : [];

export default defineConfig({
  test: {
    // The plain-text summary CI prints (N passed, N failed, N skipped) is read from here.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "packages/*/test/**/*.test.ts", ...canary],
          // Property tests are CPU-bound: on a busy CI machine some take several seconds.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", ...canary],
          globalSetup: ["test/support/database-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts", ...canary],
          globalSetup: ["test/support/database-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // Part of every run, alone at the end (about three minutes): e2e files running beside
          // its three app processes on 2 cores would make acks late for reasons not the app's.
          name: "chaos",
          include: ["test/chaos/**/*.test.ts"],
          globalSetup: ["test/support/database-global-setup.ts"],
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts", ...canary],
          globalSetup: ["test/support/database-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
