// `npm run build`: the app as JavaScript in dist/, for `node dist/main.js` and the Docker image.
//
// The emulator package is TypeScript that tsx, vitest and tsc read straight from
// packages/slack-emulator/src. Plain Node cannot, so the build compiles the package too and puts
// it at dist/node_modules/@handoff/slack-emulator: Node looks in dist/node_modules first when
// dist/main.js imports the package, and finds JavaScript there.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const tscBin = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const tsc = (project) => execFileSync(process.execPath, [tscBin, "-p", project], { stdio: "inherit" });

// The app.
tsc("tsconfig.build.json");

// The emulator package, with its entry points turned from src/*.ts into *.js.
const PACKAGE_DIR = "packages/slack-emulator";
const PACKAGE_OUT = "dist/node_modules/@handoff/slack-emulator";
rmSync(`${PACKAGE_DIR}/dist`, { recursive: true, force: true });
tsc(`${PACKAGE_DIR}/tsconfig.build.json`);
rmSync(PACKAGE_OUT, { recursive: true, force: true });
cpSync(`${PACKAGE_DIR}/dist`, PACKAGE_OUT, { recursive: true });
const manifest = JSON.parse(readFileSync(`${PACKAGE_DIR}/package.json`, "utf8"));
manifest.exports = Object.fromEntries(
  Object.entries(manifest.exports).map(([entry, file]) => [
    entry,
    file.replace(/^\.\/src\//, "./").replace(/\.ts$/, ".js"),
  ]),
);
writeFileSync(`${PACKAGE_OUT}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);

// The sandbox page: its static files, and its script with the types stripped.
const STATIC_DIR = "src/sandbox/web/static";
const STATIC_OUT = "dist/sandbox/web/static";
mkdirSync(STATIC_OUT, { recursive: true });
cpSync(STATIC_DIR, STATIC_OUT, {
  recursive: true,
  filter: (source) => !/\.ts$|tsconfig\.json$/.test(source),
});
const { transpilePageScript } = await import("../dist/sandbox/web/page-script.js");
writeFileSync(
  `${STATIC_OUT}/app.js`,
  await transpilePageScript(readFileSync(`${STATIC_DIR}/app.ts`, "utf8")),
);
