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
    files: /^api\//,
    forbidden: /^(@slack\/|@prisma\/|pg$|@handoff\/|src:(db|slack|sandbox|jobs)\/)/,
    why: "api/ is a transport like slack/: it parses HTTP and calls services, never the database or Slack",
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
    files: /^(lib|config)\//,
    forbidden: /^(@slack\/|@prisma\/|@handoff\/|pg$|src:(slack|services|db|jobs|sandbox)\/)/,
    why: "lib/ and config/ are the ground floor: no Slack, no database, no layer above them",
  },
  {
    files: /^jobs\//,
    forbidden: /^(@slack\/|@prisma\/|@handoff\/|pg$|src:(slack|db|sandbox)\/)/,
    why: "jobs/ schedule services' work through their ports; Slack and the database are adapters they are given",
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

/** Every import cycle among src/ files, each once, as "a.ts → b.ts → a.ts" (type imports count too). */
function importCycles(files: Record<string, string>): string[] {
  const edges = new Map<string, string[]>();
  for (const [file, source] of Object.entries(files)) {
    // Prisma's generated client is cyclic by design and is not ours to shape.
    if (file.startsWith("db/generated/")) continue;
    const targets = importsOf(source)
      .map((specifier) => normalise(file, specifier))
      .filter((target) => target.startsWith("src:"))
      .map((target) => target.slice("src:".length))
      .filter((target) => target in files);
    edges.set(file, [...new Set(targets)]);
  }
  const cycles = new Map<string, string>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === "open") {
        const cycle = stack.slice(stack.indexOf(next));
        // The same cycle found from another file is one cycle: key it by its sorted members.
        cycles.set([...cycle].sort().join("|"), [...cycle, next].join(" → "));
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of Object.keys(files).sort()) if (!state.has(file)) visit(file);
  return [...cycles.values()];
}

/**
 * Slack's markup belongs to the Slack layer: mentions (`<@U…>`, `<#C…>`, `<!here>`), mrkdwn bold
 * copy and backticked command hints. Elsewhere a string literal with them means words were built
 * outside src/slack/. The emulator and the sandbox play Slack, so they may.
 */
const SLACK_MARKUP: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /<[@#!]/, what: "a Slack mention" },
  { pattern: /`\/[a-z]/, what: "a backticked command hint" },
  { pattern: /(^|[\s(])\*[\w$](?:[^*\n]*[^\s*])?\*(?=$|[\s.,:;!?)])/, what: "mrkdwn *bold*" },
];
const MAY_USE_SLACK_MARKUP = /^(slack|sandbox)\/|^db\/generated\//;
/**
 * The string literals of a TypeScript source (quoted and template text), without comments or
 * regular expressions: a small scanner, enough for this code base.
 */
function stringLiterals(source: string): string[] {
  const literals: string[] = [];
  let i = 0;
  let lastSignificant = "";
  const templateDepth: number[] = [];
  /** The text parts of each open template literal; an expression stands in as "x". */
  const templateParts: string[][] = [];
  let braceDepth = 0;
  const readQuoted = (quote: string): string => {
    let text = "";
    i++;
    while (i < source.length && source[i] !== quote) {
      if (source[i] === "\\") {
        text += source[i + 1] ?? "";
        i += 2;
        continue;
      }
      text += source[i];
      i++;
    }
    i++;
    return text;
  };
  /** Template text up to its end or to a `${`; returns whether an expression follows. */
  const readTemplate = (): boolean => {
    let text = "";
    const parts = templateParts.at(-1)!;
    while (i < source.length) {
      const c = source[i]!;
      if (c === "\\") {
        text += source[i + 1] ?? "";
        i += 2;
      } else if (c === "`") {
        i++;
        parts.push(text);
        literals.push(templateParts.pop()!.join("x"));
        return false;
      } else if (c === "$" && source[i + 1] === "{") {
        i += 2;
        parts.push(text);
        return true;
      } else {
        text += c;
        i++;
      }
    }
    parts.push(text);
    literals.push(templateParts.pop()!.join("x"));
    return false;
  };
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === "/" && (lastSignificant === "" || "(,=:[!&|?{};+-*%<>~^".includes(lastSignificant))) {
      // A regular expression literal: skip it, character classes included.
      i++;
      let inClass = false;
      while (i < source.length && (inClass || source[i] !== "/") && source[i] !== "\n") {
        if (source[i] === "\\") i++;
        else if (source[i] === "[") inClass = true;
        else if (source[i] === "]") inClass = false;
        i++;
      }
      i++;
      lastSignificant = ")";
    } else if (c === '"' || c === "'") {
      literals.push(readQuoted(c));
      lastSignificant = ")";
    } else if (c === "`") {
      i++;
      templateParts.push([]);
      if (readTemplate()) templateDepth.push(braceDepth++);
      lastSignificant = ")";
    } else if (c === "}" && templateDepth.length > 0 && templateDepth.at(-1) === braceDepth - 1) {
      templateDepth.pop();
      braceDepth--;
      i++;
      if (readTemplate()) templateDepth.push(braceDepth++);
      lastSignificant = ")";
    } else {
      if (c === "{") braceDepth++;
      else if (c === "}") braceDepth--;
      if (!/\s/.test(c)) lastSignificant = /[\w$]/.test(c) ? "a" : c;
      i++;
    }
  }
  return literals;
}

function slackMarkupOutsideSlack(files: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    if (MAY_USE_SLACK_MARKUP.test(file)) continue;
    for (const literal of stringLiterals(source)) {
      const hit = SLACK_MARKUP.find(({ pattern }) => pattern.test(literal));
      if (hit) found.push(`${file}: ${hit.what} in ${JSON.stringify(literal.slice(0, 80))}`);
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

  it("has no import cycle in src/", () => {
    const cycles = importCycles(readSources(SRC));
    expect(cycles, cycles.join("\n")).toEqual([]);
  });

  it("keeps Slack markup (mentions, *bold*, backticked commands) inside src/slack/", () => {
    const found = slackMarkupOutsideSlack(readSources(SRC));
    expect(found, found.join("\n")).toEqual([]);
  });

  it("reports a cycle with its path, and Slack markup outside slack/ (the checks can fail)", () => {
    expect(
      importCycles({
        "services/a.ts": 'import { b } from "./b.ts";',
        "services/b.ts": 'import type { C } from "../domain/c.ts";',
        "domain/c.ts": 'import { a } from "../services/a.ts";',
        "domain/d.ts": 'import { c } from "./c.ts";',
      }),
    ).toEqual(["domain/c.ts → services/a.ts → services/b.ts → domain/c.ts"]);
    const found = slackMarkupOutsideSlack({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
      "services/a.ts": "const owner = (id: string) => `Only <@${id}> can`; // <@ in a comment is fine",
      "services/b.ts": 'throw new Error("Try `/deal find acme`.");',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
      "domain/c.ts": "const title = `*${name}* is won`;",
      "jobs/d.ts": "const channel = '<#C123>';",
      "domain/fine.ts":
        'const pattern = /^<@([UW][A-Z0-9]+)>$/; const sum = a * b * c; const s = "2 * 3 = 6";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
      "slack/views/card.ts": "const text = `*${name}* — ask <@${ownerId}>, or `/deal edit D-1``;",
      "sandbox/emulator/chat.ts": 'const text = "<@U1> said *hi*";',
    });
    expect(found.map((f) => f.split(":")[0])).toEqual([
      "services/a.ts",
      "services/b.ts",
      "domain/c.ts",
      "jobs/d.ts",
    ]);
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
      "lib/logger.ts": 'import { LogLevel } from "@slack/bolt";',
      "config/config.ts": 'import type { DealService } from "../services/deal-service.ts";',
      "jobs/reminders.ts": 'import { SlackNotifier } from "../slack/notifier.ts";',
    };
    const found = violations(bad);
    expect(found, found.join("\n")).toHaveLength(12);
    expect(found.join("\n")).toContain("lib/logger.ts imports @slack/bolt");
    expect(found.join("\n")).toContain("config/config.ts imports ../services/deal-service.ts");
    expect(found.join("\n")).toContain("jobs/reminders.ts imports ../slack/notifier.ts");
    expect(found.join("\n")).toContain("domain/clock.ts imports node:fs/promises");
    expect(
      violations({
        "slack/listeners/deals/move.ts": 'import { DealService } from "../../../services/deal-service.ts";',
      }),
    ).toEqual([]);
  });
});
