// `npm start` (and `npm run import`, with --run=import): runs src/main.ts (or the import
// command, src/cli/import-deals.ts) from a bundle made by esbuild and cached in
// node_modules/.cache/handoff-start, rebuilt (in a fraction of a second) whenever a file
// under src/ changed. One bundled file loads far faster than ~150 TypeScript modules
// compiled one by one through a loader thread: a start that reaches healthy sooner, and less
// CPU spent on each. Type checking stays with `npm test`; `npm run dev` still uses tsx.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CACHE = path.join(ROOT, "node_modules", ".cache", "handoff-start");
/** Earlier builds kept beside the current one (another process may still be starting from one). */
const KEEP = 3;

/** Each source file's path, size and time, and this script: any change means a new bundle. */
function fingerprint() {
  const hash = createHash("sha256");
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const { size, mtimeMs } = statSync(full);
        hash.update(`${full}\0${size}\0${mtimeMs}\n`);
      }
    }
  };
  walk(path.join(ROOT, "src"));
  walk(path.join(ROOT, "packages", "slack-emulator", "src"));
  hash.update(readFileSync(path.join(ROOT, "tsconfig.json")));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest("hex").slice(0, 16);
}

/** `import.meta.url` and `import.meta.dirname` keep naming the source file, not the bundle. */
const keepModuleLocation = {
  name: "keep-module-location",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta")) return undefined;
      const contents = source
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path)));
      return { contents, loader: "ts" };
    });
  },
};

/**
 * npm packages stay imports of node_modules, except the workspace's own (@handoff/…): those are
 * TypeScript, which Node cannot load, so they are bundled like src/.
 */
const bundleWorkspacePackages = {
  name: "bundle-workspace-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@handoff/") ? undefined : { path: args.path, external: true },
    );
  },
};

/** Builds into a folder of its own, then renames it into place: starts running at once never see half a build. */
async function build(target) {
  const esbuild = await import("esbuild");
  const temporary = `${target}.${process.pid}.tmp`;
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ["src/main.ts", "src/cli/import-deals.ts"],
    outdir: temporary,
    bundle: true,
    splitting: true, // the sandbox stays a chunk of its own, loaded only in sandbox mode
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    logLevel: "error",
    plugins: [bundleWorkspacePackages, keepModuleLocation],
  });
  try {
    renameSync(temporary, target);
  } catch (error) {
    // Another start built the same sources first: use its build.
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
}

function removeOldBuilds(current) {
  const builds = readdirSync(CACHE, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== current && !entry.name.endsWith(".tmp"))
    .map((entry) => ({ name: entry.name, time: statSync(path.join(CACHE, entry.name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of builds.slice(KEEP - 1))
    rmSync(path.join(CACHE, old.name), { recursive: true, force: true });
}

const current = fingerprint();
const target = path.join(CACHE, current);
if (!existsSync(target)) {
  await build(target);
  removeOldBuilds(current);
}
// Stack traces name the TypeScript sources, not the bundle.
process.setSourceMapsEnabled(true);
const ENTRIES = { app: "main.js", import: "cli/import-deals.js" };
const chosen = process.argv.indexOf("--run=import");
if (chosen !== -1) process.argv.splice(chosen, 1); // the command reads its own arguments after it
await import(pathToFileURL(path.join(target, chosen === -1 ? ENTRIES.app : ENTRIES.import)).href);
