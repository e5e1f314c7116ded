#!/usr/bin/env node
// Runs Prisma's CLI (a developer tool: creating migrations, `migrate status`, `generate`) on
// machines that cannot download Prisma's native schema engine. It points the CLI at the
// WebAssembly bridge in tools/prisma-schema-engine, installing the bridge's own npm
// dependencies on first use. The app itself never needs it: it starts with the committed
// client (src/db/generated) and applies migrations with src/db/migrate.ts.
//
//   npm run prisma -- migrate dev --name add_leads
//   npm run prisma -- generate
//
// A PRISMA_SCHEMA_ENGINE_BINARY already set (a native engine, say) is used as it is.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bridgeDir = path.join(root, "tools", "prisma-schema-engine");
const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };

if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  if (!existsSync(path.join(bridgeDir, "node_modules", "@prisma", "schema-engine-wasm"))) {
    process.stderr.write("Installing the schema engine bridge's dependencies (once)…\n");
    const install = spawnSync("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: bridgeDir,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (install.status !== 0) {
      process.stderr.write(
        `Could not install tools/prisma-schema-engine's dependencies (npm ci exited ${install.status}).\n`,
      );
      process.exit(1);
    }
  }
  env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(bridgeDir, "schema-engine");
}

const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const run = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(run.status ?? 1);
