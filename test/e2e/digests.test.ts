import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/lib/clock.ts";
import { Channels, type Harness, People, startHarness } from "../support/e2e-harness.ts";
import { blocksText, headerOf } from "../support/slack-views.ts";

/**
 * Digests against the emulator (which rejects any message beyond Block Kit's
 * limits): `/digest now`, subscriptions, and the default weekly digest to #digest on Monday
 * 09:00 in Berlin — posted once per slot with two instances, after a restart, never after 24 h.
 */
const clock = fixedClock("2026-11-27T10:00:00Z"); // Friday 27 Nov, 11:00 in Berlin
const env = { HANDOFF_TIMEZONE: "Europe/Berlin" };
let h: Harness;
const others: Harness[] = [];

const lastPrivate = (user: string, channel: string) => h.emulator.ephemerals(user, channel).at(-1);
const digestPosts = () => h.emulator.messages(Channels.digest);

async function startAnother(): Promise<Harness> {
  const another = await startHarness({ clock, emulator: h.emulator, databaseUrl: h.db!.url, env });
  others.push(another);
  return another;
}

beforeAll(async () => {
  h = await startHarness({ clock, env });
  await h.command(People.ana, "/deal", "new Umbrella pilot 20k 2026-12-15", {
    channelId: Channels.sales,
  });
  await h.emulator.waitFor(() => h.emulator.openModal(People.ana));
  await h.driver.submitView(People.ana, { Company: "Umbrella" });
  await h.app.settle();
}, 60_000);

afterAll(async () => {
  for (const other of others) await other.stop();
  await h?.stop();
});

describe("/digest now", () => {
  it("weekly: the full digest, privately, shareable in the channel", async () => {
    const response = await h.command(People.maya, "/digest", "now weekly", {
      channelId: Channels.sales,
    });
    expect(response.status).toBe(200);
    const digest = lastPrivate(People.maya, Channels.sales)!;
    expect(headerOf(digest.blocks)).toBe("Weekly digest");
    const text = blocksText(digest.blocks);
    for (const section of [
      "Pipeline by stage",
      "*Lead* (10%) — 1 deal · $20,000 · weighted $2,000",
      "Forecast — this month",
      "Won this week",
      "Win rate",
      "Average days to close",
      "Stale deals",
      "Close date passed",
      "Tasks completed this week",
      "Overdue tasks",
      "Projects at risk",
    ])
      expect(text).toContain(section);

    const before = h.emulator.messages(Channels.sales).length;
    await h.driver.clickButton(
      People.maya,
      { ephemeralOf: People.maya, channelId: Channels.sales },
      "Share in channel",
    );
    const shared = await h.emulator.waitFor(
      () => h.emulator.messages(Channels.sales).length > before && h.emulator.messages(Channels.sales).at(-1),
    );
    expect(blocksText(shared.blocks)).toContain("Shared by <@U0MAYA>");
  });

  it("a rep may read the weekly digest but not share it: told privately who can, nothing posted", async () => {
    await h.command(People.ana, "/digest", "now weekly", { channelId: Channels.delivery });
    expect(headerOf(lastPrivate(People.ana, Channels.delivery)!.blocks)).toBe("Weekly digest");
    const before = h.emulator.messages(Channels.delivery).length;
    await h.driver.clickButton(
      People.ana,
      { ephemeralOf: People.ana, channelId: Channels.delivery },
      "Share in channel",
    );
    await h.app.settle();
    expect(h.emulator.messages(Channels.delivery)).toHaveLength(before);
    expect(lastPrivate(People.ana, Channels.delivery)?.text).toBe(
      ":lock: Only managers and admins can share the weekly digest in a channel or subscribe a channel to it. " +
        "Ask <@U0MAYA> or <@U0ADMIN>. `/digest now weekly` shows it to you privately.",
    );
  });

  it("daily: my deals that need attention", async () => {
    await h.command(People.ana, "/digest", "now daily", { channelId: Channels.sales });
    const digest = lastPrivate(People.ana, Channels.sales)!;
    expect(headerOf(digest.blocks)).toBe("Your daily digest");
    expect(blocksText(digest.blocks)).toMatch(/\*D-1\* Umbrella pilot — Lead · \$20,000 · no next step/);
  });

  it("bad input gets a private, specific answer", async () => {
    await h.command(People.ana, "/digest", "now monthly", { channelId: Channels.sales });
    expect(lastPrivate(People.ana, Channels.sales)?.text).toMatch(
      /takes `weekly` \(the default\) or `daily`/,
    );
    await h.command(People.ana, "/digest", "subscribe weekly monday 25:00", {
      channelId: Channels.sales,
    });
    expect(lastPrivate(People.ana, Channels.sales)?.text).toMatch(/`25:00` is not a time of day/);
    await h.command(People.ana, "/digest", "subscribe weekly Mars/Olympus", {
      channelId: Channels.sales,
    });
    expect(lastPrivate(People.ana, Channels.sales)?.text).toMatch(/`Mars\/Olympus` is not a time zone/);
    await h.command(People.ana, "/digest", "unsubscribe S-42", { channelId: Channels.sales });
    expect(lastPrivate(People.ana, Channels.sales)?.text).toMatch(/no active subscription `S-42`/);
    await h.command(People.ana, "/digest", "sometimes", { channelId: Channels.sales });
    expect(lastPrivate(People.ana, Channels.sales)?.text).toMatch(/I don't know `\/digest sometimes`/);
    expect(h.emulator.messages(Channels.sales).some((m) => /25:00|Olympus|S-42/.test(m.text))).toBe(false);
  });
});

describe("subscriptions", () => {
  it("the default weekly subscription appears on the first tick, without posting a stale slot", async () => {
    await h.app.runScheduledJobs();
    await h.app.settle();
    expect(digestPosts()).toEqual([]);
    await h.command(People.maya, "/digest", "list", { channelId: Channels.sales });
    expect(blocksText(lastPrivate(People.maya, Channels.sales)?.blocks)).toContain(
      "*S-1* weekly — Mondays at 09:00 (Europe/Berlin) in <#C0DIGEST> · next Mon 30 Nov 2026 09:00 · _default_",
    );
  });

  it("a rep cannot subscribe a channel to the weekly digest, and is told privately who can", async () => {
    await h.command(People.ana, "/digest", "subscribe weekly friday 17:00 UTC", {
      channelId: Channels.delivery,
    });
    expect(lastPrivate(People.ana, Channels.delivery)?.text).toMatch(
      /^:lock: Only managers and admins can .* subscribe a channel to it\. Ask <@U0MAYA> or <@U0ADMIN>\./,
    );
    await h.command(People.maya, "/digest", "list", { channelId: Channels.sales });
    expect(blocksText(lastPrivate(People.maya, Channels.sales)?.blocks)).not.toContain("C0DELIVERY");
  });

  it("subscribe, list and unsubscribe", async () => {
    await h.command(People.maya, "/digest", "subscribe weekly friday 17:00 UTC", {
      channelId: Channels.wins,
    });
    expect(lastPrivate(People.maya, Channels.wins)?.text).toBe("Subscribed: S-2");
    await h.command(People.ana, "/digest", "list", { channelId: Channels.wins });
    expect(blocksText(lastPrivate(People.ana, Channels.wins)?.blocks)).toContain(
      "*S-2* weekly — Fridays at 17:00 (UTC) in <#C0WINS> · next Fri 27 Nov 2026 17:00",
    );
    await h.command(People.ben, "/digest", "unsubscribe S-2", { channelId: Channels.wins });
    expect(lastPrivate(People.ben, Channels.wins)?.text).toMatch(/Only the person who made S-2/);
    await h.command(People.maya, "/digest", "unsubscribe S-2", { channelId: Channels.wins });
    expect(lastPrivate(People.maya, Channels.wins)?.text).toBe("S-2 is cancelled: no more digests from it.");
  });

  it("a channel has one weekly subscription: subscribing again changes its schedule and says so", async () => {
    const weeklyInDigest = async () => {
      await h.command(People.maya, "/digest", "list", { channelId: Channels.digest });
      return blocksText(lastPrivate(People.maya, Channels.digest)?.blocks)
        .split("•")
        .filter((line) => line.includes("weekly") && line.includes("<#C0DIGEST>"));
    };
    await h.command(People.maya, "/digest", "subscribe weekly tuesday 10:00 europe/berlin", {
      channelId: Channels.digest,
    });
    const changed = lastPrivate(People.maya, Channels.digest)!;
    expect(changed.text).toBe("Changed: S-1");
    expect(blocksText(changed.blocks)).toContain(
      "The weekly digest in <#C0DIGEST> now goes out Tuesdays at 10:00 (Europe/Berlin), instead of Mondays at 09:00 (Europe/Berlin)",
    );
    expect(await weeklyInDigest()).toHaveLength(1);

    await h.command(People.maya, "/digest", "subscribe weekly monday 09:00 Europe/Berlin", {
      channelId: Channels.digest,
    });
    expect(blocksText(lastPrivate(People.maya, Channels.digest)?.blocks)).toContain(
      "now goes out Mondays at 09:00 (Europe/Berlin), instead of Tuesdays at 10:00 (Europe/Berlin)",
    );
    await h.command(People.maya, "/digest", "subscribe weekly monday 09:00 Europe/Berlin", {
      channelId: Channels.digest,
    });
    expect(blocksText(lastPrivate(People.maya, Channels.digest)?.blocks)).toContain(
      "already goes out Mondays at 09:00 (Europe/Berlin) in <#C0DIGEST> — nothing changed",
    );
    const weekly = await weeklyInDigest();
    expect(weekly).toHaveLength(1);
    expect(weekly[0]).toContain("_default_");
  });

  /** A slash command typed where the emulator has no conversation for the app (it can't see it). */
  async function commandIn(channelId: string, channelName: string, text: string) {
    const team = h.emulator.team;
    const fields = {
      token: "emulator-verification-token",
      team_id: team.id,
      team_domain: team.domain,
      channel_id: channelId,
      channel_name: channelName,
      user_id: People.ana,
      user_name: "ana",
      command: "/digest",
      text,
      api_app_id: h.emulator.bot.appId,
      response_url: h.emulator.issueResponseUrl({ channelId, userId: People.ana }),
      trigger_id: h.emulator.issueTriggerId(People.ana),
    };
    const response = await h.driver.sendRaw({
      body: new URLSearchParams(fields).toString(),
      contentType: "application/x-www-form-urlencoded",
    });
    await h.app.settle();
    return response;
  }

  it.each([
    ["a private channel the app is not in", "secret-deals", "privategroup"],
    ["a direct message between two people", "D0ANAANDBEN", "directmessage"],
  ])("refuses %s at subscribe time, saying why", async (_what, channel, channelName) => {
    const channelId = channel.startsWith("D")
      ? channel
      : h.emulator.addChannel({ name: channel, is_private: true, members: [People.ana] }).id;
    const before = await h.db!.prisma.digestSubscription.count();
    const response = await commandIn(channelId, channelName, "subscribe weekly");
    expect(response.status).toBe(200);
    expect((response.body as { text?: string } | undefined)?.text).toMatch(/Handoff can't post in/);
    expect(await h.db!.prisma.digestSubscription.count()).toBe(before);
  });

  it("accepts the person's own DM with the app", async () => {
    const dm = h.emulator.openDm(People.ana);
    await h.command(People.ana, "/digest", "subscribe daily 08:00", { channelId: dm });
    const said = lastPrivate(People.ana, dm)?.text ?? "";
    expect(said).toMatch(/^Subscribed: S-\d+$/);
    await h.command(People.ana, "/digest", `unsubscribe ${said.split(" ")[1]}`, { channelId: dm });
  });
});

describe("scheduled weekly digest", () => {
  it("at Monday 09:00 in Berlin, two instances post it once", async () => {
    clock.set("2026-11-30T08:00:00Z");
    const second = await startAnother();
    await Promise.all([h.app.runScheduledJobs(), second.app.runScheduledJobs(), h.app.runScheduledJobs()]);
    await Promise.all([h.app.settle(), second.app.settle()]);
    expect(digestPosts()).toHaveLength(1);
    expect(headerOf(digestPosts()[0]!.blocks)).toBe("Weekly digest");
    expect(blocksText(digestPosts()[0]!.blocks)).toContain("first digest: no change to show yet");

    clock.set("2026-11-30T08:05:00Z");
    await Promise.all([h.app.runScheduledJobs(), second.app.runScheduledJobs()]);
    await Promise.all([h.app.settle(), second.app.settle()]);
    expect(digestPosts()).toHaveLength(1);
    await second.stop();
    others.splice(others.indexOf(second), 1);
  });

  it("a slot missed while the app was down is posted once when it comes back within 24 h", async () => {
    // Nothing ticks at Monday 7 Dec 09:00; an instance starts at 21:00 and catches up.
    await h.command(People.ben, "/deal", "new Globex renewal 5k", { channelId: Channels.sales });
    await h.emulator.waitFor(() => h.emulator.openModal(People.ben));
    await h.driver.submitView(People.ben, { Company: "Globex" });
    await h.app.settle();
    clock.set("2026-12-07T20:00:00Z");
    const restarted = await startAnother();
    await restarted.app.runScheduledJobs();
    await restarted.app.settle();
    expect(digestPosts()).toHaveLength(2);
    // It shows the change since the previous digest: one more Lead deal, worth $5,000.
    expect(blocksText(digestPosts()[1]!.blocks)).toContain(
      "*Lead* (10%) — 2 deals · $25,000 · weighted $2,500 _(+1 · +$5,000)_",
    );
    await h.app.runScheduledJobs();
    await Promise.all([h.app.settle(), restarted.app.settle()]);
    expect(digestPosts()).toHaveLength(2);
  });

  it("a slot more than 24 h gone is not posted", async () => {
    clock.set("2026-12-15T08:00:00Z"); // Tuesday 09:00: Monday's 09:00 slot is 24 h old
    await h.app.runScheduledJobs();
    await h.app.settle();
    expect(digestPosts()).toHaveLength(2);
    expect(await h.db!.prisma.digestRun.count()).toBe(2);
  });

  it("over 500 deals, stays within Block Kit's limits and cuts lists with 'and N more'", async () => {
    const stage = await h.db!.prisma.stage.findFirstOrThrow({ where: { key: "proposal" } });
    const team = stage.workspaceId;
    await h.db!.prisma.$executeRaw`
      insert into deal (id, workspace_id, number, name, amount, currency, stage_id, owner_id, expected_close_date,
                        last_activity_at, created_by_id, updated_at)
      select gen_random_uuid(), ${team}, 100 + n, 'A very long deal name for a very large customer ' || n || repeat(' & <b>', 20),
             1000 + n, (array['USD','EUR','GBP','JPY','CHF'])[1 + n % 5], ${stage.id}::uuid, 'U0ANA',
             date '2026-11-01', now() - interval '60 days', 'U0ANA', now()
        from generate_series(1, 500) n`;
    clock.set("2026-12-21T08:00:00Z");
    await h.app.runScheduledJobs();
    await h.app.settle();
    expect(digestPosts()).toHaveLength(3);
    const posted = blocksText(digestPosts()[2]!.blocks);
    expect(posted).toContain("*Stale deals* (502)"); // the 500, and the two deals made above, quiet since
    expect(posted).toMatch(/and \d+ more/);

    await h.command(People.maya, "/digest", "now weekly", { channelId: Channels.sales });
    expect(blocksText(lastPrivate(People.maya, Channels.sales)?.blocks)).toContain(
      "*Close date passed* (501)",
    );
    await h.command(People.ana, "/digest", "now daily", { channelId: Channels.sales });
    expect(blocksText(lastPrivate(People.ana, Channels.sales)?.blocks)).toMatch(
      /Deals that need you\* \(50\d\)/,
    );
    expect(h.problems.map((p) => p.msg)).toEqual([]);
  });
});

describe("an empty workspace", () => {
  it("gets a valid digest now and at its slot, at 09:00 local on both sides of daylight-saving changes", async () => {
    const emptyClock = fixedClock("2026-11-30T07:00:00Z");
    const empty = await startHarness({ clock: emptyClock, env });
    others.push(empty);
    await empty.driver.command(People.maya, "/digest", "now weekly", { channelId: Channels.sales });
    const now = empty.emulator.ephemerals(People.maya, Channels.sales).at(-1)!;
    expect(blocksText(now.blocks)).toContain("*Lead* (10%) — no deals");
    await empty.driver.command(People.lena, "/digest", "now daily", { channelId: Channels.sales });
    expect(empty.emulator.ephemerals(People.lena, Channels.sales).at(-1)?.text).toBe(
      "Your daily digest: nothing needs you today",
    );
    // Slack fails the first posts: the digest waits in the queue and is posted once, later.
    empty.emulator.injectFault({ method: "chat.postMessage", fault: { kind: "http", status: 500 } });
    empty.emulator.injectFault({
      method: "chat.postMessage",
      fault: { kind: "error", error: "channel_not_found" },
    });
    emptyClock.set("2026-11-30T08:00:00Z");
    await empty.app.runScheduledJobs();
    await empty.app.settle();
    expect(empty.emulator.messages(Channels.digest)).toHaveLength(0);
    for (let round = 0; round < 10 && empty.emulator.messages(Channels.digest).length === 0; round++) {
      emptyClock.advance(60_000);
      await empty.app.runScheduledJobs();
      await empty.app.drainEffects();
    }
    const posted = empty.emulator.messages(Channels.digest);
    expect(posted).toHaveLength(1);
    expect(empty.emulator.callsTo("chat.postMessage").length).toBeGreaterThanOrEqual(3);
    expect(blocksText(posted[0]!.blocks)).toContain("None — every active project is on track.");

    // Daylight saving: 09:00 in Berlin is 08:00Z before the March change and 07:00Z after it.
    const postsAt = async (iso: string) => {
      emptyClock.set(iso);
      await empty.app.runScheduledJobs();
      await empty.app.settle();
      return empty.emulator.messages(Channels.digest).length;
    };
    expect(await postsAt("2027-03-22T07:59:00Z")).toBe(1);
    expect(await postsAt("2027-03-22T08:00:00Z")).toBe(2);
    expect(await postsAt("2027-03-29T06:59:00Z")).toBe(2);
    expect(await postsAt("2027-03-29T07:00:00Z")).toBe(3);
    // And back on 31 Oct 2027: 07:00Z on Monday 25 Oct (CEST), 08:00Z on Monday 1 Nov (CET).
    expect(await postsAt("2027-10-25T07:00:00Z")).toBe(4);
    expect(await postsAt("2027-11-01T07:59:00Z")).toBe(4);
    expect(await postsAt("2027-11-01T08:00:00Z")).toBe(5);
    expect(empty.problems.map((p) => p.msg)).toEqual([]);
  });
});
