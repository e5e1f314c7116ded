import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminField } from "../../src/slack/ids.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { forgeViewSubmission } from "../support/forged.ts";

/**
 * A forged `/handoff settings` submission names channels and people Slack's pickers would never
 * offer: each is refused next to its field, and nothing is saved.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.stop());

const channel = (id: string) => ({ type: "conversations_select", selected_conversation: id });
const people = (...ids: string[]) => ({ type: "multi_users_select", selected_users: ids });

async function openSettings() {
  h.emulator.closeAllModals(People.admin);
  await h.command(People.admin, "/handoff", "settings", { channelId: Channels.sales });
  await h.emulator.waitFor(() => h.emulator.openModal(People.admin));
}

const stored = async () => ({
  workspace: await h.db!.prisma.workspace.findFirst(),
  roles: await h.db!.prisma.person.findMany({
    where: { role: { not: "MEMBER" } },
    select: { slackUserId: true, role: true },
    orderBy: { slackUserId: "asc" },
  }),
});

describe("a forged settings submission", () => {
  // Ids made when the app is running: the bot's own user, a DM with the app.
  const BOT = "<the bot>";
  const DM = "<a DM>";
  const real = (state: { selected_conversation?: string; selected_users?: string[] }) =>
    state.selected_conversation === DM
      ? channel(h.emulator.openDm(People.ana))
      : state.selected_users
        ? people(...state.selected_users.map((id) => (id === BOT ? h.emulator.bot.userId : id)))
        : state;

  it.each([
    [
      "a channel that does not exist",
      AdminField.SalesChannel,
      channel("C0NOSUCH1"),
      /can't find that channel/,
    ],
    ["a malformed channel id", AdminField.WinsChannel, channel("not-a-channel"), /can't find that channel/],
    ["a DM instead of a channel", AdminField.DeliveryChannel, channel(DM), /not a channel/],
    ["an admin who does not exist", AdminField.Admins, people(People.admin, "U0NOSUCH1"), /isn't anyone/],
    ["a malformed admin id", AdminField.Admins, people(People.admin, "<script>"), /isn't anyone/],
    ["the bot as a manager", AdminField.Managers, people(People.maya, BOT), /is a bot/],
    ["a manager who does not exist", AdminField.Managers, people("W0NOSUCH1"), /isn't anyone/],
  ])("refuses %s next to the field and saves nothing", async (_name, field, state, words) => {
    await openSettings();
    const before = await stored();
    const { status, ack } = await forgeViewSubmission(h, People.admin, { [field]: real(state) });
    expect(status).toBe(200);
    expect(ack?.response_action).toBe("errors");
    expect(ack?.errors?.[field]).toMatch(words);
    expect(await stored()).toEqual(before);
  });

  it("still saves real channels and people", async () => {
    await openSettings();
    const { ack } = await forgeViewSubmission(h, People.admin, {
      [AdminField.DigestChannel]: channel(Channels.wins),
      [AdminField.Managers]: people(People.maya, People.ben),
    });
    expect(ack?.response_action).toBeUndefined();
    expect((await h.db!.prisma.workspace.findFirst())?.digestChannelId).toBe(Channels.wins);
    const managers = await h.db!.prisma.person.findMany({ where: { role: "MANAGER" } });
    expect(managers.map((p) => p.slackUserId)).toContain(People.ben);
  });
});
