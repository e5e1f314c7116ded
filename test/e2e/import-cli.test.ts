import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runToEnd } from "../support/run-to-end.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/import");

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** `npm run import -- …` as an operator types it, against the test's database, with no Slack token. */
function runImport(...args: string[]) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: db.url };
  return runToEnd("npm", ["run", "-s", "import", "--", ...args], { cwd: ROOT, env });
}

describe("npm run import", () => {
  it("previews with --dry-run and imports nothing", { timeout: 60_000 }, async () => {
    const run = await runImport(
      path.join(FIXTURES, "hubspot-deals.csv"),
      "--dry-run",
      "--team",
      "T0CLI",
      "--as",
      "U0OPS",
    );
    expect(run.output).toContain("hubspot-deals.csv (HubSpot deals export): 6 rows read.");
    expect(run.output).toContain('line 6: "12kk" is not an amount');
    expect(run.output).toContain("Dry run: nothing was imported.");
    expect(run.code, run.output).toBe(0);
    expect(await db.prisma.deal.count()).toBe(0);
  });

  it("imports, then a second run creates nothing (exit 0 both times)", { timeout: 60_000 }, async () => {
    const file = path.join(FIXTURES, "salesforce-opportunities.csv");
    const first = await runImport(file, "--team", "T0CLI", "--as", "U0OPS");
    expect(first.output).toContain("Imported salesforce-opportunities.csv: 3 deals created");
    expect(first.code, first.output).toBe(0);
    const second = await runImport(file, "--as", "U0OPS");
    expect(second.output).toContain("0 deals created, 0 deals updated, 3 deals left as they were");
    expect(second.code, second.output).toBe(0);
    expect(await db.prisma.deal.count({ where: { workspaceId: "T0CLI" } })).toBe(3);
  });

  it("exits 1 with the reason when the file is refused", { timeout: 60_000 }, async () => {
    const binary = path.join(tmpdir(), `deals-${process.pid}.xlsx`);
    await writeFile(binary, Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0x14, 0, 6, 0]));
    const run = await runImport(binary, "--team", "T0CLI", "--as", "U0OPS");
    expect(run.output).toContain("is not a CSV file");
    expect(run.code).toBe(1);
    const missing = await runImport(path.join(FIXTURES, "nope.csv"));
    expect(missing.output).toContain("No such file");
    expect(missing.code).toBe(1);
  });
});
