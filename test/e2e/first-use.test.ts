import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText, headerOf, initialValueOf } from "../support/slack-views.ts";

/** What a new team hits in its first hour, through the real app and the emulator. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const lastPrivate = (user: string, channel: string = Channels.sales) =>
  h.emulator.ephemerals(user, channel).at(-1);

async function newDeal(user: string, text: string, values: Record<string, string>) {
  await h.command(user, "/deal", `new ${text}`, { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(user), { description: "the New deal modal" });
  const response = await h.driver.submitView(user, values);
  expect(response.outcome.kind).toBe("view_closed");
}

describe("a word that matches several deals", () => {
  beforeAll(async () => {
    await newDeal(People.ben, "Acme renewal", { Company: "Acme" });
    await newDeal(People.ana, "Acme renewal", { Company: "Acme Holdings" });
  });

  it("/deal acme asks which one, the person's own deal first, though one company is named exactly so", async () => {
    await h.command(People.ana, "/deal", "acme", { channelId: Channels.sales });
    const answer = await h.emulator.waitFor(() => lastPrivate(People.ana));
    expect(headerOf(answer.blocks)).toBeUndefined();
    expect(answer.text).toMatch(/matches 2 deals — which one\?/);
    const text = blocksText(answer.blocks);
    expect(text.indexOf("D-2")).toBeGreaterThan(-1);
    expect(text.indexOf("D-2")).toBeLessThan(text.indexOf("D-1"));
  });

  it("/deal move acme demo asks too, instead of refusing someone else's deal", async () => {
    const before = h.emulator.ephemerals(People.ana, Channels.sales).length;
    await h.command(People.ana, "/deal", "move acme demo", { channelId: Channels.sales });
    const answer = await h.emulator.waitFor(
      () => h.emulator.ephemerals(People.ana, Channels.sales).length > before && lastPrivate(People.ana),
    );
    expect(answer.text).toMatch(/matches 2 deals — which one\?/);
    const stages = await h.db!.prisma.deal.findMany({ select: { stage: { select: { name: true } } } });
    expect(stages.map((d) => d.stage.name)).not.toContain("Demo");
  });
});

describe("what /deal new reads from the text", () => {
  it("leaves an unreadable amount and date out of the name and says it could not read them", async () => {
    await h.command(People.ana, "/deal", "new Zeta pilot 12kk 31/02", { channelId: Channels.sales });
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.ana), {
      description: "the New deal modal",
    });
    expect(initialValueOf(modal, "Deal name")).toBe("Zeta pilot");
    expect(initialValueOf(modal, "Amount")).toBeUndefined();
    expect(blocksText(modal.blocks)).toContain("Could not read `12kk` as an amount, `31/02` as a date");
  });

  it("echoes the owner as a mention, not an escaped id", async () => {
    await h.command(People.ana, "/deal", "new Yotta pilot <@U0BEN|ben> 12k", { channelId: Channels.sales });
    const modal = await h.emulator.waitFor(
      () =>
        initialValueOf(h.emulator.openModal(People.ana), "Deal name") === "Yotta pilot" &&
        h.emulator.openModal(People.ana),
      { description: "the New deal modal for Yotta" },
    );
    const text = blocksText(modal.blocks);
    expect(text).toContain("owner <@U0BEN>");
    expect(text).not.toContain("&lt;@");
  });
});

describe("/deal list @someone", () => {
  it("names the person in the plain-text header, not a raw id", async () => {
    await h.command(People.ana, "/deal", "list <@U0BEN|ben>", { channelId: Channels.sales });
    const answer = await h.emulator.waitFor(
      () => headerOf(lastPrivate(People.ana)?.blocks)?.startsWith("Open deals") && lastPrivate(People.ana),
      { description: "Ben's open deals" },
    );
    expect(headerOf(answer.blocks)).toBe("Open deals of Ben");
  });
});

describe("claiming from /tasks open", () => {
  beforeAll(async () => {
    await h.command(People.dev, "/project", "new", { channelId: Channels.delivery });
    await h.emulator.waitFor(() => h.emulator.openModal(People.dev), {
      description: "the New project modal",
    });
    const done = await h.driver.submitView(People.dev, {
      "Project name": "Zeta onboarding",
      Customer: "Zeta",
    });
    expect(done.outcome.kind).toBe("view_closed");
    await h.app.settle();
  });

  it("confirms privately and redraws the list in place, without the claimed task", async () => {
    await h.command(People.lena, "/tasks", "open", { channelId: Channels.delivery });
    const list = await h.emulator.waitFor(() => h.emulator.ephemerals(People.lena, Channels.delivery).at(-1));
    const first = /\*(T-\d+)\*/.exec(blocksText(list.blocks))?.[1];
    expect(first).toBeDefined();
    const countBefore = h.emulator.ephemerals(People.lena, Channels.delivery).length;

    await h.driver.clickButton(
      People.lena,
      { ephemeralOf: People.lena, channelId: Channels.delivery },
      "Claim",
    );
    await h.app.settle();

    const after = h.emulator.ephemerals(People.lena, Channels.delivery);
    expect(after).toHaveLength(countBefore);
    const redrawn = after.find((e) => e.ts === list.ts)!;
    const text = blocksText(redrawn.blocks);
    expect(text).toContain(`Claimed ${first}`);
    expect(text).not.toContain(`*${first}*`);
    const task = await h.db!.prisma.task.findFirstOrThrow({ where: { number: Number(first!.slice(2)) } });
    expect(task.assigneeId).toBe(People.lena);
  });
});

describe("a task that waits on another", () => {
  const threadOf = () => {
    const parent = h.emulator.messages(Channels.delivery).find((m) => /Zeta onboarding/.test(m.text))!;
    return { parent, replies: h.emulator.messages(Channels.delivery, { threadTs: parent.ts }) };
  };
  const welcome = () => threadOf().replies.find((m) => /^T-\d+ Welcome email —/.test(m.text))!;

  it("a refusal from the thread is answered in the thread, not in the channel", async () => {
    const { parent } = threadOf();
    await h.driver.selectOption(
      People.ana,
      { channelId: Channels.delivery, ts: welcome().ts },
      /Assign/,
      People.ana,
    );
    const refusal = await h.emulator.waitFor(
      () => h.emulator.ephemerals(People.ana, Channels.delivery).at(-1),
      {
        description: "the refusal",
      },
    );
    expect(refusal.text).toMatch(/assign|lead|manager/i);
    expect(refusal.thread_ts).toBe(parent.ts);
    const task = await h.db!.prisma.task.findFirstOrThrow({ where: { title: "Welcome email" } });
    expect(task.assigneeId).toBeNull();
  });

  it("/tasks and App Home show what it waits on, and no Mark done for it", async () => {
    await h.driver.selectOption(
      People.admin,
      { channelId: Channels.delivery, ts: welcome().ts },
      /Assign/,
      People.lena,
    );
    await h.app.settle();
    const task = await h.db!.prisma.task.findFirstOrThrow({ where: { title: "Welcome email" } });
    expect(task.assigneeId).toBe(People.lena);
    const waitingRow = (blocks: unknown) =>
      (blocks as Array<{ text?: { text?: string }; accessory?: unknown }>).find((b) =>
        b.text?.text?.includes("Welcome email"),
      );

    await h.command(People.lena, "/tasks", "", { channelId: Channels.delivery });
    const list = h.emulator.ephemerals(People.lena, Channels.delivery).at(-1)!;
    const row = waitingRow(list.blocks);
    expect(row?.text?.text).toMatch(/waiting on T-1\b/);
    expect(row?.accessory).toBeUndefined();
    // The task it waits on, claimed by Lena, still offers Mark done.
    expect(blocksText(list.blocks)).toContain("Mark done");

    await h.driver.appHomeOpened(People.lena);
    await h.app.settle();
    const homeRow = waitingRow(h.emulator.homeView(People.lena)!.blocks);
    expect(homeRow?.text?.text).toMatch(/waiting on T-1\b/);
    expect(homeRow?.accessory).toBeUndefined();
  });
});
