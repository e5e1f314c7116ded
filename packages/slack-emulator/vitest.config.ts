import { defineConfig } from "vitest/config";

// `npm test -w @handoff/slack-emulator` runs the package's tests alone; the app's `npm test`
// runs them too, in its unit tier.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], reporters: ["default"] },
});
