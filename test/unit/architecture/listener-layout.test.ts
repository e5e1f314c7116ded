import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The listener layout: src/slack/listeners/<feature>/index.ts registers the feature's handlers,
 * one per file in commands/, actions/, views/ (submissions) or events/; helpers they share sit
 * at the feature's root. Files stay short, and Slack payloads are read through payloads.ts.
 */

const LISTENERS = path.resolve(import.meta.dirname, "../../../src/slack/listeners");
const SURFACES = new Set(["commands", "actions", "views", "events"]);
const MAX_LINES = 60;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

const files = filesUnder(LISTENERS).map((file) => ({
  file: path.relative(LISTENERS, file).split(path.sep).join("/"),
  source: readFileSync(file, "utf8"),
}));
const features = readdirSync(LISTENERS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe("src/slack/listeners", () => {
  it(`has no file longer than ${MAX_LINES} lines`, () => {
    const long = files
      .map(({ file, source }) => ({ file, lines: source.trimEnd().split("\n").length }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it("gives every feature an index.ts and keeps its handlers in commands/, actions/, views/ or events/", () => {
    for (const feature of features) expect(files.map((f) => f.file)).toContain(`${feature}/index.ts`);
    const misplaced = files
      .map(({ file }) => file.split("/"))
      .filter((parts) => parts.length > 3 || (parts.length === 3 && !SURFACES.has(parts[1]!)))
      .map((parts) => parts.join("/"));
    expect(misplaced).toEqual([]);
  });

  it("never imports another feature's handlers, only the helpers at its root", () => {
    const crossing = files.flatMap(({ file, source }) =>
      [...source.matchAll(/from "(\.\.?\/[^"]+)"/g)]
        .map((match) => path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!)))
        .filter((target) => {
          const [feature, surface] = target.split("/");
          return feature !== file.split("/")[0] && features.includes(feature!) && SURFACES.has(surface!);
        })
        .map((target) => `${file} → ${target}`),
    );
    expect(crossing).toEqual([]);
  });

  it("reads button values, private_metadata and view state through payloads.ts, not by hand", () => {
    const byHand = files
      .filter(({ source }) => {
        const rest = source.replace(/readPrivateMetadata\(\s*\w+,\s*view\.private_metadata\s*\)/g, "");
        return /\.value \?\? ""|as ViewStateValues|state\.values|JSON\.parse\(|private_metadata/.test(rest);
      })
      .map(({ file }) => file);
    expect(byHand).toEqual([]);
  });
});
