import { expect, it } from "vitest";

// Deliberately failing: test/e2e/exit-codes.test.ts runs it in every tier and expects the
// run to exit non-zero. Never part of a normal run (see vitest.config.ts).
it("fails on purpose", () => {
  expect(1).toBe(2);
});
