import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DealField, HandoffField } from "../../src/slack/ids.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { date, forgeViewSubmission, text, user } from "../support/forged.ts";

/**
 * The services check every field of every form (a forged submission skips Slack's
 * client checks), and a form left open never undoes what others saved since.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.command(People.ana, "/deal", "new Acme renewal", { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
  await h.driver.submitView(People.ana, {
    Company: "Acme",
    Amount: "50k",
    "Expected close date": { date: "2027-03-31" },
    Stage: "Qualified",
    "Next step": "Call Jane",
  });
  await h.app.settle();
}, 60_000);
afterAll(() => h?.stop());

const modalTitle = (userId: string) =>
  (h.emulator.openModal(userId)?.title as { text?: string } | undefined)?.text;
const dealCount = () => h.db!.prisma.deal.count();
const d1 = () => h.db!.prisma.deal.findFirstOrThrow({ where: { number: 1 }, include: { stage: true } });

async function openNewDeal(userId: string) {
  await h.command(userId, "/deal", "new Forged", { channelId: Channels.sales });
  await h.emulator.waitFor(() => modalTitle(userId) === "New deal");
}

async function openEdit(userId: string) {
  await h.command(userId, "/deal", "edit D-1", { channelId: Channels.sales });
  await h.emulator.waitFor(() => modalTitle(userId) === "Edit deal");
}

describe("a forged New deal submission", () => {
  beforeAll(() => openNewDeal(People.ben));

  it.each([
    [
      "a 10,000-character next step",
      DealField.NextStep,
      { [DealField.NextStep]: text("x".repeat(10_000)) },
      /under 500 characters/,
    ],
    [
      "a 10,000-character source",
      DealField.Source,
      { [DealField.Source]: text("y".repeat(10_000)) },
      /under 200 characters/,
    ],
    [
      "close date 0001-01-01",
      DealField.CloseDate,
      { [DealField.CloseDate]: date("0001-01-01") },
      /in the past/,
    ],
    ["close date 9999-12-31", DealField.CloseDate, { [DealField.CloseDate]: date("9999-12-31") }, /between/],
    [
      "next step date 0001-01-01",
      DealField.NextStepDate,
      { [DealField.NextStepDate]: date("0001-01-01") },
      /in the past/,
    ],
    [
      "an owner who does not exist",
      DealField.Owner,
      { [DealField.Owner]: user("U0NOBODY") },
      /isn't anyone in this workspace/,
    ],
    ["the bot as owner", DealField.Owner, { [DealField.Owner]: user("BOT") }, /is a bot/],
  ])("refuses %s next to the field, and creates nothing", async (_what, block, state, message) => {
    const forged = { ...state } as Record<string, Record<string, unknown>>;
    if (forged[DealField.Owner]?.selected_user === "BOT")
      forged[DealField.Owner] = user(h.emulator.bot.userId);
    const before = await dealCount();
    const { status, ack } = await forgeViewSubmission(h, People.ben, {
      [DealField.Company]: text("Forgery Inc"),
      ...forged,
    });
    expect(status).toBe(200);
    expect(ack?.response_action).toBe("errors");
    expect(ack?.errors?.[block]).toMatch(message);
    expect(await dealCount()).toBe(before);
    expect(h.problems).toEqual([]);
  });
});

describe("a stale Edit deal form", () => {
  it("saves only what its person changed: the stage, amount and next step saved since stay", async () => {
    await openEdit(People.ana); // Ana opens Edit deal on D-1 and leaves it open
    await openEdit(People.maya);
    const maya = await h.driver.submitView(People.maya, {
      Amount: "80k",
      "Next step": "Send the proposal",
      Stage: "Proposal",
    });
    expect(maya.outcome.kind).toBe("view_closed");
    // Ana's old form still shows Qualified, 50,000 and "Call Jane"; she changes only Source.
    const ana = await h.driver.submitView(People.ana, { Source: "Referral" });
    expect(ana.outcome.kind).toBe("view_closed");
    const deal = await d1();
    expect(deal.stage.key).toBe("proposal");
    expect(deal.amount?.toFixed()).toBe("80000");
    expect(deal.nextStep).toBe("Send the proposal");
    expect(deal.source).toBe("Referral");
    const said = await h.emulator.waitFor(() =>
      h.emulator.ephemerals(People.ana, Channels.sales).find((e) => e.text.startsWith("Saved D-1: source")),
    );
    expect(said.text).toBe("Saved D-1: source.");
  });

  it("refuses a field someone else changed since it opened, next to it, naming who", async () => {
    await openEdit(People.ana);
    await openEdit(People.maya);
    await h.driver.submitView(People.maya, { "Next step": "Negotiate terms", Amount: "90k" });
    const ana = await h.driver.submitView(People.ana, { "Next step": "Call Jane again" });
    expect(ana.outcome.kind).toBe("view_errors");
    const errors = h.emulator.openModal(People.ana)?.errors ?? {};
    expect(errors[DealField.NextStep]).toMatch(/<@U0MAYA> changed this since you opened the form/);
    const deal = await d1();
    expect(deal.nextStep).toBe("Negotiate terms");
    expect(deal.amount?.toFixed()).toBe("90000");
    expect(deal.stage.key).toBe("proposal");
    await h.driver.closeView(People.ana);
  });
});

describe("the Add note modal", () => {
  it("stores a note with a NUL character, without the NUL, instead of failing", async () => {
    await h.command(People.ana, "/deal", "D-1", { channelId: Channels.sales });
    await h.driver.clickButton(
      People.ana,
      { ephemeralOf: People.ana, channelId: Channels.sales },
      "Add note",
    );
    await h.emulator.waitFor(() => modalTitle(People.ana) === "Add note");
    const { ack } = await forgeViewSubmission(h, People.ana, { [DealField.Note]: text("before\u0000after") });
    expect(ack?.response_action).toBeUndefined();
    const notes = await h.db!.prisma.dealNote.findMany({ where: { deal: { number: 1 } } });
    expect(notes.map((n) => n.body)).toContain("beforeafter");
    expect(h.problems).toEqual([]);
  });
});

describe("a submission with state.values: null", () => {
  it("answers next to the form's field, not with 'Something went wrong'", async () => {
    await openNewDeal(People.ben);
    const { status, ack } = await forgeViewSubmission(h, People.ben, null);
    expect(status).toBe(200);
    expect(ack?.response_action).toBe("errors");
    expect(Object.values(ack?.errors ?? {}).join(" ")).not.toMatch(/Something went wrong/);
    expect(h.problems).toEqual([]);
    await h.driver.closeView(People.ben);
  });
});

describe("a forged handoff", () => {
  beforeAll(async () => {
    await h.command(People.ana, "/deal", "won D-1", { channelId: Channels.sales });
    await h.emulator.waitFor(() => modalTitle(People.ana) === "Deal won — handoff");
  });

  const filled = {
    [HandoffField.Goals]: text("Live by May"),
    [HandoffField.Commitments]: text("Two trainings"),
    [HandoffField.Contacts]: text("Jane Doe, CTO"),
  };

  it.each([
    [
      "kickoff 0001-01-01",
      HandoffField.Kickoff,
      { [HandoffField.Kickoff]: date("0001-01-01") },
      /in the past/,
    ],
    ["kickoff 9999-12-20", HandoffField.Kickoff, { [HandoffField.Kickoff]: date("9999-12-20") }, /between/],
    [
      "10,000-character goals",
      HandoffField.Goals,
      { [HandoffField.Goals]: text("g".repeat(10_000)) },
      /under 2,500/,
    ],
    [
      "10,000-character commitments",
      HandoffField.Commitments,
      { [HandoffField.Commitments]: text("c".repeat(10_000)) },
      /under 2,500/,
    ],
    [
      "10,000-character contacts",
      HandoffField.Contacts,
      { [HandoffField.Contacts]: text("k".repeat(10_000)) },
      /under 2,000/,
    ],
    [
      "a delivery lead who does not exist",
      HandoffField.Lead,
      { [HandoffField.Lead]: user("not a user") },
      /isn't anyone/,
    ],
  ])("refuses %s next to the field, and wins nothing", async (_what, block, state, message) => {
    const { status, ack } = await forgeViewSubmission(h, People.ana, { ...filled, ...state });
    expect(status).toBe(200);
    expect(ack?.response_action).toBe("errors");
    expect(ack?.errors?.[block]).toMatch(message);
    expect((await d1()).stage.key).not.toBe("won");
    expect(await h.db!.prisma.project.count()).toBe(0);
    expect(h.problems).toEqual([]);
  });
});

describe("a forged Reassign", () => {
  it("answers privately that the task does not exist when its id is not a uuid", async () => {
    const team = h.emulator.team;
    const payload = {
      type: "block_actions",
      user: { id: People.maya, team_id: team.id },
      api_app_id: h.emulator.bot.appId,
      token: "emulator-verification-token",
      trigger_id: h.emulator.issueTriggerId(People.maya),
      team: { id: team.id, domain: team.domain },
      container: {
        type: "message",
        message_ts: "1.000001",
        channel_id: Channels.delivery,
        is_ephemeral: false,
      },
      channel: { id: Channels.delivery, name: "delivery" },
      response_url: h.emulator.issueResponseUrl({
        channelId: Channels.delivery,
        userId: People.maya,
        source: { ts: "1.000001", ephemeral: false },
      }),
      actions: [
        {
          type: "users_select",
          action_id: "task.reassign",
          block_id: "task.actions:not-a-uuid",
          selected_user: People.dev,
          action_ts: "1.000002",
        },
      ],
    };
    const response = await h.driver.sendRaw({
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      contentType: "application/x-www-form-urlencoded",
    });
    await h.app.settle();
    expect(response.status).toBe(200);
    const answer = await h.emulator.waitFor(() =>
      h.emulator.ephemerals(People.maya, Channels.delivery).at(-1),
    );
    expect(answer.text).toBe("That task no longer exists.");
    expect(h.problems).toEqual([]);
  });
});
