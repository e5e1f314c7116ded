import type { EmulatorMessage } from "@handoff/slack-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText, headerOf, initialValueOf } from "../support/slack-views.ts";

/**
 * End to end: a rep wins a deal → announcement → project thread → two delivery
 * people claim and finish every task → the project completes and the rep is told.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.command(People.ana, "/deal", "new Initech rollout 48k <@U0ANA|ana> 2027-01-29", {
    channelId: Channels.sales,
  });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
  await h.driver.submitView(People.ana, {
    Company: "Initech",
    Contacts: "Peter Gibbons, IT lead, peter@initech.example",
  });
  await h.command(People.ana, "/deal", "note D-1 they need SSO on day one", {
    channelId: Channels.sales,
  });
  await h.app.settle();
}, 60_000);
afterAll(() => h?.stop());

const thread = () => {
  const parent = h.emulator.messages(Channels.delivery)[0]!;
  return { parent, replies: h.emulator.messages(Channels.delivery, { threadTs: parent.ts }) };
};
const taskMessageOf = (title: string): EmulatorMessage => {
  const found = thread().replies.find((m) => new RegExp(`^T-\\d+ ${title} —`).test(m.text));
  if (!found) throw new Error(`no task message for ${title}`);
  return found;
};
const lastPrivate = (user: string, channel: string) => h.emulator.ephemerals(user, channel).at(-1);

describe("winning a deal", () => {
  it("the Won button opens the handoff form, prefilled", async () => {
    await h.command(People.ana, "/deal", "D-1", { channelId: Channels.sales });
    const response = await h.driver.clickButton(
      People.ana,
      { ephemeralOf: People.ana, channelId: Channels.sales },
      "Won",
    );
    expect(response.status).toBe(200);
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
    expect(modal.title).toMatchObject({ text: "Deal won — handoff" });
    expect(String(initialValueOf(modal, "Key contacts"))).toContain("Peter Gibbons");
    expect(initialValueOf(modal, "Kickoff date")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("asks for what delivery needs, next to the fields", async () => {
    const response = await h.driver.submitView(People.ana, {
      "Customer goals": " ",
      "Commitments made": "SSO on day one",
    });
    expect(response.outcome.kind).toBe("view_errors");
    expect(Object.values(h.emulator.openModal(People.ana)?.errors ?? {}).join(" ")).toMatch(
      /please fill it in/,
    );
  });

  it("hands over once, even when the form is submitted twice", async () => {
    const first = await h.driver.submitView(People.ana, {
      "Customer goals": "Cut onboarding time for 400 staff",
      "Commitments made": "SSO on day one; data import from the old tool",
      "Delivery lead": { user: People.dev },
    });
    expect(first.outcome.kind).toBe("view_closed");
    const again = await h.driver.sendRaw({
      body: first.request.body,
      contentType: "application/x-www-form-urlencoded",
    });
    expect(again.status).toBe(200);
    await h.app.settle();

    expect(await h.db!.prisma.project.count()).toBe(1);
    const deal = await h.db!.prisma.deal.findFirstOrThrow({ where: { number: 1 }, include: { stage: true } });
    expect(deal.stage.key).toBe("won");
    expect(deal.closedAt).not.toBeNull();

    const wins = h.emulator.messages(Channels.wins);
    expect(wins).toHaveLength(1);
    expect(wins[0]!.text).toMatch(/Initech/);
    expect(blocksText(wins[0]!.blocks)).toContain("P-1");
  });

  it("opens the project thread: parent, brief, then 17 tasks in order", async () => {
    const { parent, replies } = thread();
    expect(h.emulator.messages(Channels.delivery)).toHaveLength(1);
    expect(headerOf(parent.blocks)).toMatch(/^P-1 · Initech onboarding/);
    expect(blocksText(parent.blocks)).toMatch(/0\/17/);
    expect(blocksText(parent.blocks)).toContain("<@U0DEV>");
    const brief = replies[0]!;
    expect(blocksText(brief.blocks)).toContain("Cut onboarding time for 400 staff");
    expect(blocksText(brief.blocks)).toContain("they need SSO on day one");
    expect(replies.slice(1)).toHaveLength(17);
    expect(replies[1]!.text).toMatch(/T-1\b.*Handoff call/);
  });

  it("updates the deal card and says Won in its thread", async () => {
    const card = h.emulator.messages(Channels.sales)[0]!;
    expect(blocksText(card.blocks)).toMatch(/Won/);
    const line = h.emulator.messages(Channels.sales, { threadTs: card.ts }).at(-1);
    expect(line?.text).toMatch(/marked \*Won\* by <@U0ANA>.*P-1/);
  });
});

describe("claiming and finishing tasks", () => {
  it("first claim wins; the second person is told privately who has it", async () => {
    const message = taskMessageOf("Handoff call");
    await h.driver.clickButton(People.lena, { channelId: Channels.delivery, ts: message.ts }, "Claim");
    await h.app.settle();
    const updated = h.emulator.message(Channels.delivery, message.ts)!;
    expect(blocksText(updated.blocks)).toContain("<@U0LENA>");
    expect(blocksText(updated.blocks)).toContain("Mark done");

    await h.command(People.dev, "/tasks", "open", { channelId: Channels.delivery });
    expect(blocksText(lastPrivate(People.dev, Channels.delivery)?.blocks)).not.toContain("Handoff call");
  });

  it("a task that waits on others can't be claimed or done yet, and says on what", async () => {
    const waiting = taskMessageOf("Welcome email");
    const buttons = blocksText(waiting.blocks);
    expect(buttons).not.toContain('"Claim"');
    expect(buttons).toMatch(/Waiting on .*T-1/);
  });

  it("64 people clicking Claim at once: one assignee, 63 private 'already claimed'", async () => {
    const message = taskMessageOf("First invoice");
    const clickers = Array.from({ length: 64 }, (_, i) => {
      const id = `U0C${String(i).padStart(3, "0")}`;
      h.emulator.addUser({ id, name: `c${i}`, real_name: `Clicker ${i}` });
      return id;
    });
    const responses = await Promise.all(
      clickers.map((user) =>
        h.driver.clickButton(user, { channelId: Channels.delivery, ts: message.ts }, "Claim"),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const task = await h.db!.prisma.task.findFirstOrThrow({ where: { title: "First invoice" } });
    expect(clickers).toContain(task.assigneeId);
    const told = await h.emulator.waitFor(() => {
      const count = clickers.filter((u) =>
        h.emulator.ephemerals(u).some((e) => /already claimed by/.test(e.text)),
      ).length;
      return count === 63 && count;
    });
    expect(told).toBe(63);
    const winner = clickers.filter((u) => h.emulator.ephemerals(u).length === 0);
    expect(winner).toEqual([task.assigneeId]);
    await h.app.settle();
    expect(blocksText(h.emulator.message(Channels.delivery, message.ts)!.blocks)).toContain(
      `<@${task.assigneeId}>`,
    );
    // Hand it to Dev so the journey can go on.
    await h.driver
      .selectOption(People.admin, { channelId: Channels.delivery, ts: message.ts }, /Reassign/, People.dev)
      .catch(async () => {
        await h.db!.prisma.task.update({ where: { id: task.id }, data: { assigneeId: People.dev } });
      });
  });

  it("only the assignee, the lead, managers and admins may mark it done", async () => {
    const message = taskMessageOf("Handoff call");
    await h.driver.clickButton(People.ben, { channelId: Channels.delivery, ts: message.ts }, "Mark done");
    const refusal = await h.emulator.waitFor(() => lastPrivate(People.ben, Channels.delivery));
    expect(refusal.text).toMatch(/Only <@U0LENA>.*can/);
    expect((await h.db!.prisma.task.findFirstOrThrow({ where: { title: "Handoff call" } })).status).toBe(
      "OPEN",
    );
  });

  it("two people finish every task; the project completes and the rep is told", async () => {
    const tasks = await h.db!.prisma.task.findMany({ orderBy: { position: "asc" } });
    for (const [i, task] of tasks.entries()) {
      const worker = i % 2 === 0 ? People.lena : People.dev;
      await h.app.settle();
      const message = () => h.emulator.message(Channels.delivery, taskMessageOf(task.title).ts)!;
      const current = await h.db!.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
      const doer = current.assigneeId ?? worker;
      if (!current.assigneeId) {
        await h.driver
          .clickButton(doer, { channelId: Channels.delivery, ts: message().ts }, "Claim")
          .catch((error: Error) => {
            throw new Error(`${task.title}: ${error.message}\n${message().text}`);
          });
      }
      await h.app.settle();
      await h.driver.clickButton(doer, { channelId: Channels.delivery, ts: message().ts }, "Mark done");
    }
    await h.app.settle();
    const project = await h.db!.prisma.project.findFirstOrThrow();
    expect(project.status).toBe("COMPLETED");
    expect(blocksText(thread().parent.blocks)).toMatch(/17\/17/);
    expect(blocksText(thread().parent.blocks)).toMatch(/Completed/);
    const dm = h.emulator.messages(h.emulator.dmChannelId(People.ana)!);
    expect(dm.at(-1)?.text).toMatch(/P-1 Initech onboarding is complete/);
  }, 60_000);
});

describe("/project and /tasks", () => {
  it("list and show projects and tasks privately", async () => {
    await h.command(People.maya, "/project", "P-1", { channelId: Channels.delivery });
    expect(headerOf(lastPrivate(People.maya, Channels.delivery)?.blocks)).toMatch(/P-1/);
    await h.command(People.maya, "/project", "", { channelId: Channels.delivery });
    expect(lastPrivate(People.maya, Channels.delivery)?.text).toBeDefined();
    await h.command(People.lena, "/tasks", "", { channelId: Channels.delivery });
    expect(blocksText(lastPrivate(People.lena, Channels.delivery)?.blocks)).toMatch(/no open tasks/i);
    await h.command(People.lena, "/tasks", "overdue", { channelId: Channels.delivery });
    expect(blocksText(lastPrivate(People.lena, Channels.delivery)?.blocks)).toMatch(/Nothing is overdue/);
    expect(h.problems.map((p) => p.msg)).toEqual([]);
  });
});

describe("two people winning the same deal at once", () => {
  it("gives one project and one announcement", async () => {
    await h.command(People.ben, "/deal", "new Vandelay import 30k 2027-02-15", {
      channelId: Channels.sales,
    });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ben));
    await h.driver.submitView(People.ben, { Company: "Vandelay" });
    await h.app.settle();
    const projectsBefore = await h.db!.prisma.project.count();
    const winsBefore = h.emulator.messages(Channels.wins).length;

    // Ben (the owner) and Maya (a manager) both open the form, then both submit.
    for (const user of [People.ben, People.maya]) {
      await h.command(user, "/deal", "won vandelay", { channelId: Channels.sales });
      await h.emulator.waitFor(() => h.emulator.openModal(user));
    }
    const form = {
      "Customer goals": "Import latex",
      "Commitments made": "Custom fields",
      "Key contacts": "Art Vandelay",
    };
    const [a, b] = await Promise.all([
      h.driver.submitView(People.ben, form),
      h.driver.submitView(People.maya, form),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.app.settle();

    expect(await h.db!.prisma.project.count()).toBe(projectsBefore + 1);
    expect(h.emulator.messages(Channels.wins)).toHaveLength(winsBefore + 1);
    const answers = [People.ben, People.maya].map(
      (u) => h.emulator.ephemerals(u, Channels.sales).at(-1)?.text ?? "",
    );
    expect(answers.filter((t) => /is won\. P-\d+ .* is open/.test(t))).toHaveLength(1);
    expect(answers.filter((t) => /was already won — it is P-\d+/.test(t))).toHaveLength(1);
  });
});

describe("/project new", () => {
  it("opens a project without a deal, with its thread", async () => {
    await h.command(People.dev, "/project", "new", { channelId: Channels.delivery });
    const modal = await h.emulator.waitFor(() => h.emulator.openModal(People.dev));
    expect(modal.title).toMatchObject({ text: "New project" });
    const before = h.emulator.messages(Channels.delivery).length;
    const done = await h.driver.submitView(People.dev, {
      "Project name": "Internal pilot",
      Customer: "Handoff Inc",
    });
    expect(done.outcome.kind).toBe("view_closed");
    await h.app.settle();
    const project = await h.db!.prisma.project.findFirstOrThrow({
      where: { name: "Internal pilot" },
      include: { tasks: true },
    });
    expect(project.dealId).toBeNull();
    expect(project.tasks).toHaveLength(17);
    expect(h.emulator.messages(Channels.delivery)).toHaveLength(before + 1);
    expect(h.problems.map((p) => p.msg)).toEqual([]);
  });
});
