import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText } from "../support/slack-views.ts";

/** End to end over HTTP: /handoff import, the file attached in Slack, the preview, the mapping, the import. */
let h: Harness;

const HUBSPOT = [
  "Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Associated Company",
  "501,Acme renewal,Proposal,12000,2027-03-31,ana@handoff-demo.test,Acme",
  "502,Zürich pilot,Contract sent,8000,2027-04-15,ben@handoff-demo.test,Zürich AG",
  '503,"Globex, phase 2",Contract sent,5000,2027-05-01,someone@elsewhere.example,Globex',
  "504,Broken amount,Proposal,12kk,2027-05-01,ana@handoff-demo.test,Broken",
].join("\r\n");

const dm = () => h.emulator.openDm(People.admin);
const lastDm = () => h.emulator.messages(dm()).at(-1);

async function attach(name: string, content: string | Buffer, update = false) {
  await h.command(People.admin, "/handoff", "import", { channelId: Channels.sales });
  await h.emulator.waitFor(
    () => blocksText(h.emulator.openModal(People.admin)?.title).includes("Import deals"),
    {
      description: "the Import deals modal",
    },
  );
  const before = h.emulator.messages(dm()).length;
  const done = await h.driver.submitView(People.admin, {
    "CSV file": { file: { name, content } },
    ...(update ? { "Deals already in Handoff": ["Update existing deals"] } : {}),
  });
  expect(done.outcome.kind).toBe("view_closed");
  await h.app.settle();
  await h.emulator.waitFor(() => h.emulator.messages(dm()).length > before, { description: "the preview" });
  return lastDm()!;
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe("/handoff import", () => {
  it("previews privately, maps a stage, imports, and posts no deal card", async () => {
    const preview = await attach("hubspot.csv", HUBSPOT);
    const text = preview.text;
    expect(text).toContain("hubspot.csv (HubSpot deals export): 4 rows read.");
    expect(text).toContain("3 deals to create, 0 deals to update.");
    expect(text).toContain('line 5: "12kk" is not an amount');
    expect(text).toContain(
      'Stages no Handoff stage matches (their deals go to Lead unless you map them): "Contract sent".',
    );
    expect(text).toContain("Owners matched: 2 by email, 0 by name.");
    expect(text).toContain('Warning: 1 deal name an owner nobody here matches ("someone@elsewhere.example")');
    expect(await h.db!.prisma.deal.count()).toBe(0);

    await h.driver.selectOption(People.admin, { channelId: dm(), ts: preview.ts }, "Lead", "Negotiation");
    await h.app.settle();
    await h.driver.clickButton(People.admin, { channelId: dm(), ts: preview.ts }, "Import");
    await h.app.settle();
    await h.emulator.waitFor(
      () => blocksText(h.emulator.message(dm(), preview.ts)?.blocks).includes("Imported"),
      {
        description: "the summary in place of the preview",
      },
    );
    expect(blocksText(h.emulator.message(dm(), preview.ts)?.blocks)).toContain(
      "Imported hubspot.csv: 3 deals created, 0 deals updated, 1 row refused. You own 1 deal whose owner nobody here matched.",
    );
    const deals = await h.db!.prisma.deal.findMany({ include: { stage: true }, orderBy: { number: "asc" } });
    expect(deals.map((d) => [d.name, d.stage.name, d.ownerId])).toEqual([
      ["Acme renewal", "Proposal", People.ana],
      ["Zürich pilot", "Negotiation", People.ben],
      ["Globex, phase 2", "Negotiation", People.admin],
    ]);
    expect(h.emulator.messages(Channels.sales)).toEqual([]);
    expect(h.problems).toEqual([]);
  });

  it("imports nothing twice: the same file again previews nothing to create", async () => {
    const preview = await attach("hubspot.csv", HUBSPOT);
    expect(blocksText(preview.blocks)).toContain(
      "0 deals to create, 0 deals to update, 3 deals already in Handoff",
    );
    await h.driver.clickButton(People.admin, { channelId: dm(), ts: preview.ts }, "Cancel");
    await h.app.settle();
    expect(blocksText(h.emulator.message(dm(), preview.ts)?.blocks)).toContain(
      "Import cancelled. Nothing was imported.",
    );
    expect(await h.db!.prisma.deal.count()).toBe(3);
  });

  it("says privately why a file is refused, and imports nothing", async () => {
    const before = await h.db!.prisma.deal.count();
    await attach("deals.csv", Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0x14, 0, 6, 0, 0, 0, 8, 0]));
    expect(lastDm()?.text).toContain("deals.csv is not a CSV file");
    const many = `Deal Name\r\n${Array.from({ length: 50_001 }, (_, i) => `Deal ${i}`).join("\r\n")}`;
    await attach("many.csv", many);
    expect(lastDm()?.text).toContain("many.csv has 50,001 rows; an import takes up to 50,000.");
    expect(await h.db!.prisma.deal.count()).toBe(before);
  });

  it("is for admins: anyone else hears privately who to ask", async () => {
    await h.command(People.ana, "/handoff", "import", { channelId: Channels.sales });
    const answer = h.emulator.ephemerals(People.ana, Channels.sales).at(-1);
    expect(answer?.text).toContain("Only Handoff admins can import deals.");
    expect(h.emulator.openModal(People.ana)).toBeUndefined();
  });
});

describe("the fixtures, imported end to end in Slack", () => {
  // A workspace of their own: Handoff's export names D-1 and D-2, which would match the deals above.
  beforeAll(async () => {
    await h.stop();
    h = await startHarness();
  });

  for (const name of [
    "handoff-export.csv",
    "pipedrive-deals.csv",
    "salesforce-opportunities.csv",
    "hubspot-deals.csv",
  ]) {
    it(`imports ${name}`, async () => {
      const content = readFileSync(path.resolve(import.meta.dirname, "../fixtures/import", name));
      const preview = await attach(name, content);
      await h.driver.clickButton(People.admin, { channelId: dm(), ts: preview.ts }, "Import");
      await h.app.settle();
      await h.emulator.waitFor(
        () => blocksText(h.emulator.message(dm(), preview.ts)?.blocks).includes(`Imported ${name}`),
        {
          description: `the summary of ${name}`,
        },
      );
      expect(blocksText(h.emulator.message(dm(), preview.ts)?.blocks)).toMatch(/[1-9]\d* deals? created/);
    });
  }
});

describe("owners by name", () => {
  it("gives the Salesforce file's deals to the people Slack knows by those names", async () => {
    const owners = await h.db!.prisma.deal.findMany({
      where: { name: { in: ["Globex – Q2 expansion", "Hooli pilot"] } },
      select: { name: true, ownerId: true },
      orderBy: { name: "asc" },
    });
    // Ben Okafor is in the workspace; Maya Lind is not (Maya Chen is).
    expect(owners).toEqual([
      { name: "Globex – Q2 expansion", ownerId: People.ben },
      { name: "Hooli pilot", ownerId: People.admin },
    ]);
  });
});

describe("/deal export", () => {
  it("sends the deals as a CSV file in the DM, which imports back unchanged", async () => {
    await h.command(People.admin, "/deal", "export all", { channelId: Channels.sales });
    await h.emulator.waitFor(() => lastDm()?.files, { description: "the export in the DM" });
    const [file] = lastDm()!.files as Array<{ id: string; name: string; filetype: string }>;
    expect(file).toMatchObject({ filetype: "csv" });
    expect(h.emulator.ephemerals(People.admin, Channels.sales).at(-1)?.text).toMatch(
      /Your export \(\d+ deals, CSV\) is in your DM with Handoff/,
    );
    const csv = h.emulator.fileContent(file!.id)!.toString("utf8");
    expect(csv.split("\r\n")[0]).toBe(
      "Reference,Name,Company,Stage,Amount,Currency,Close date,Owner,Owner email,Contact,Contact email,Next step,Source",
    );
    const deals = await h.db!.prisma.deal.count();
    const preview = await attach(file!.name, csv, true);
    expect(preview.text).toContain(
      `0 deals to create, 0 deals to update, ${deals} deals already in Handoff and unchanged.`,
    );
    expect(preview.text).toContain("Owners matched: ");
    expect(preview.text).not.toContain("Warning");
  });

  it("says so when there is nothing to export", async () => {
    await h.command(People.lena, "/deal", "export mine", { channelId: Channels.sales });
    expect(h.emulator.ephemerals(People.lena, Channels.sales).at(-1)?.text).toContain("Nothing to export");
  });
});
