import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * ARCHITECTURE.md's dependency rule, checked on every import line of src/:
 * slack/ → services/ → domain/; db/ implements services' ports; only the composition
 * root wires concrete classes; Prisma stays in db/, Slack SDKs stay out of services/ and domain/.
 */

const SRC = path.resolve(import.meta.dirname, "../../../src");
const EMULATOR_PACKAGE = path.resolve(SRC, "../packages/slack-emulator");

interface Rule {
  /** Files (relative to src/, POSIX) the rule applies to. */
  files: RegExp;
  /** Import specifiers (resolved to src-relative paths for relative imports) that are forbidden. */
  forbidden: RegExp;
  why: string;
}

const COMPOSITION_ROOTS = /^(main|start-handoff)\.ts$/;

const RULES: Rule[] = [
  {
    files: /^domain\//,
    forbidden:
      /^(@slack\/|@prisma\/|pg$|pino|node-cron|src:(?!domain\/))|^(node:)?(fs|http|https|net|child_process|dns|tls|worker_threads)(\/|$)/,
    why: "domain/ is pure TypeScript: no Slack, no Prisma, no I/O, nothing outside domain/",
  },
  {
    files: /^services\//,
    forbidden: /^(@slack\/|@prisma\/|pg$|@handoff\/slack-emulator|src:(db|slack|sandbox|jobs)\/)/,
    why: "services/ declare ports; they never import Slack, Prisma or the adapters that implement them",
  },
  {
    files: /^slack\//,
    forbidden: /^(@prisma\/|pg$|src:db\/|src:sandbox\/|@handoff\/slack-emulator(?!\/block-kit-limits$))/,
    why: "slack/ talks to services, never to the database",
  },
  {
    files: /^slack\/views\//,
    forbidden: /^(@slack\/bolt|@slack\/web-api|src:(services|db|slack\/listeners|slack\/middleware)\/)/,
    why: "views are pure functions from values to Block Kit: no WebClient, no services",
  },
  {
    files: /^(?!db\/)/,
    forbidden: /^(@prisma\/|src:db\/generated\/)/,
    why: "Prisma and its generated types stay inside db/",
  },
  {
    files: /^db\//,
    forbidden: /^(@slack\/|@handoff\/slack-emulator|src:(slack|sandbox)\/)/,
    why: "db/ implements services' ports and knows nothing of Slack",
  },
  {
    // Read relative to src/, the package's files (sources and tests) start with ../packages/.
    files: /^\.\.\/packages\/slack-emulator\//,
    forbidden: /^src:(?!\.\.\/packages\/slack-emulator\/)|^@handoff\//,
    why: "the emulator package stands alone (it plays Slack): it imports nothing from the app",
  },
];

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2])!);
  return specifiers;
}

/** Relative imports become "src:<path from src>" so rules can name layers. */
function normalise(fromFile: string, specifier: string): string {
  if (!specifier.startsWith(".")) return specifier;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  return `src:${resolved}`;
}

function violations(files: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    if (COMPOSITION_ROOTS.test(file) || file.startsWith("db/generated/")) continue;
    for (const specifier of importsOf(source)) {
      const target = normalise(file, specifier);
      const broken = RULES.find((rule) => rule.files.test(file) && rule.forbidden.test(target));
      if (broken) found.push(`${file} imports ${specifier}: ${broken.why}`);
    }
  }
  return found;
}

function readSources(dir: string, base = dir): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, readSources(full, base));
    else if (entry.name.endsWith(".ts"))
      files[path.relative(base, full).split(path.sep).join("/")] = readFileSync(full, "utf8");
  }
  return files;
}

describe("dependency rule", () => {
  it("holds for every file in src/ and the emulator package", () => {
    const sources = { ...readSources(SRC), ...readSources(EMULATOR_PACKAGE, SRC) };
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    expect(violations(sources)).toEqual([]);
  });

  it("catches each kind of violation (the check itself can fail)", () => {
    const bad = {
      "domain/deal.ts":
        'import { WebClient } from "@slack/web-api";\nimport { x } from "../db/deal-repository.ts";',
      "domain/clock.ts": 'import { readFile } from "node:fs/promises";',
      "services/deal-service.ts":
        'import { PrismaClient } from "@prisma/client";\nimport type { App } from "@slack/bolt";',
      "slack/listeners/deals/move.ts":
        'import { PrismaDealRepository } from "../../../db/deal-repository.ts";',
      "slack/views/deal-card.ts": 'import type { WebClient } from "@slack/web-api";',
      "jobs/digest.ts": 'import type { Deal } from "../db/generated/prisma/client.ts";',
      "../packages/slack-emulator/src/server.ts":
        'import { DealService } from "../../../src/services/deal-service.ts";',
    };
    const found = violations(bad);
    expect(found, found.join("\n")).toHaveLength(9);
    expect(found.join("\n")).toContain("domain/clock.ts imports node:fs/promises");
    expect(
      violations({
        "slack/listeners/deals/move.ts": 'import { DealService } from "../../../services/deal-service.ts";',
      }),
    ).toEqual([]);
  });
});
