/**
 * `npm run import -- <file.csv> [--dry-run] [--team T…] [--as U…] [--update]`: the same import
 * as `/handoff import`, on the server, with the same words. Exit code 0 when the file was
 * imported (or previewed), 1 when it was refused.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { WebClient } from "@slack/web-api";
import { ConfigError, loadConfig } from "../config/config.ts";
import { createPrismaClient } from "../db/client.ts";
import { PrismaDealImportStore } from "../db/deal-import-repository.ts";
import { startEmbeddedDatabase } from "../db/embedded-postgres.ts";
import { applyMigrations } from "../db/migrate.ts";
import { PrismaStageRepository } from "../db/stage-repository.ts";
import { PrismaUnitOfWork } from "../db/unit-of-work.ts";
import {
  PrismaPersonRepository,
  PrismaWorkspaceRepository,
  storedWorkspaceIds,
} from "../db/workspace-repository.ts";
import { csvText } from "../domain/csv.ts";
import { isAppError } from "../lib/app-error.ts";
import { systemClock } from "../lib/clock.ts";
import { createRootLogger } from "../lib/logger.ts";
import { StartupError } from "../lib/startup-error.ts";
import { ImportService } from "../services/import-service.ts";
import { webClientOptions } from "../slack/app.ts";
import { appErrorText } from "../slack/error-messages.ts";
import { importPreviewText, importProgressText, importSummaryText } from "../slack/import-words.ts";
import { SlackEmailDirectory } from "../slack/slack-email-directory.ts";

const USAGE = "Usage: npm run import -- <file.csv> [--dry-run] [--update] [--team T…] [--as U…]";

class Refusal extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const args = readArgs(argv);
  // The file first: a typo in its name is told before a database starts.
  const bytes = (await stat(args.file)).size;
  const config = loadConfig();
  const logger = createRootLogger({ level: "warn", pretty: false });
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  const prisma = createPrismaClient({ url: databaseUrl });
  try {
    await applyMigrations(databaseUrl, logger);
    const teamId = args.team ?? (await onlyWorkspace(prisma));
    await new PrismaWorkspaceRepository(prisma).ensure(teamId);
    const userId = args.as ?? (await someAdmin(prisma, teamId, config.admins));
    const client =
      config.slack.kind === "sandbox"
        ? undefined
        : new WebClient(config.slack.botToken, webClientOptions(config.slackApiUrl, logger));
    const people = new PrismaPersonRepository(prisma);
    const service = new ImportService({
      imports: new PrismaDealImportStore(prisma),
      stages: new PrismaStageRepository(prisma),
      unitOfWork: new PrismaUnitOfWork(prisma, systemClock, 10_000),
      clock: systemClock,
      people: client ? new SlackEmailDirectory(client) : { userIdByEmail: async () => undefined },
      admins: (team) => people.listAdmins(team),
    });
    const text = bytes > 10 * 1024 * 1024 ? "" : csvText(await readFile(args.file));
    const file = { name: path.basename(args.file), text, bytes };
    const actor = { teamId, userId, role: "admin" as const };
    const choices = { update: args.update, stageMapping: {} };
    const prepared = await service.prepare(actor, file, choices);
    process.stdout.write(`${importPreviewText(prepared.preview, choices)}\n`);
    if (args.dryRun) {
      process.stdout.write("Dry run: nothing was imported.\n");
      return 0;
    }
    const summary = await prepared.run(({ done, total }) => {
      process.stdout.write(`${importProgressText(file.name, done, total)}\n`);
    });
    process.stdout.write(`${importSummaryText(summary)}\n`);
    return 0;
  } catch (error) {
    if (isAppError(error)) {
      process.stderr.write(`${plain(appErrorText(error))}\n`);
      return 1;
    }
    throw error;
  } finally {
    await prisma.$disconnect();
    await embedded?.stop();
  }
}

function readArgs(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false },
      update: { type: "boolean", default: false },
      team: { type: "string" },
      as: { type: "string" },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new Refusal(USAGE);
  if (values.team !== undefined && !/^[TE][A-Z0-9]{2,}$/.test(values.team)) {
    throw new Refusal(`--team takes a Slack team id like T0123ABCD, not "${values.team}".`);
  }
  if (values.as !== undefined && !/^[UW][A-Z0-9]{2,}$/.test(values.as)) {
    throw new Refusal(`--as takes a Slack user id like U0123ABCD, not "${values.as}".`);
  }
  return { file, dryRun: values["dry-run"], update: values.update, team: values.team, as: values.as };
}

async function onlyWorkspace(prisma: ReturnType<typeof createPrismaClient>): Promise<string> {
  const teams = await storedWorkspaceIds(prisma);
  if (teams.length === 1) return teams[0]!;
  throw new Refusal(
    teams.length === 0
      ? "Handoff has no workspace yet: start it once (npm start) and open it in Slack, or name one with --team T…."
      : `This database holds several workspaces (${teams.join(", ")}…): name one with --team T….`,
  );
}

/** Deals nobody here owns go to the importer: a stored admin, else the first of HANDOFF_ADMINS. */
async function someAdmin(
  prisma: ReturnType<typeof createPrismaClient>,
  teamId: string,
  configured: readonly string[],
): Promise<string> {
  const stored = await new PrismaPersonRepository(prisma).listAdmins(teamId);
  const admin = stored[0] ?? configured[0];
  if (admin) return admin;
  throw new Refusal("Say who imports, to own the deals nobody else matches: --as U… (a Slack user id).");
}

/** The Slack table's words without Slack's markup: a terminal shows them as typed. */
function plain(text: string): string {
  return text.replace(/:[a-z_]+: /g, "").replace(/<@([A-Z0-9]+)>/g, "$1");
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Refusal || error instanceof ConfigError || error instanceof StartupError) {
      process.stderr.write(`${error.message}\n`);
    } else if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      process.stderr.write(`No such file: ${(error as NodeJS.ErrnoException).path}\n`);
    } else {
      process.stderr.write(`The import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exit(1);
  },
);
