import { describe, expect, it } from "vitest";
import { type WeeklyDigest, ZWeeklyDigest } from "../../../../src/domain/digest.ts";
import { DigestAction } from "../../../../src/slack/ids.ts";
import {
  dailyDigestMessage,
  describeSchedule,
  subscriptionListMessage,
  weeklyDigestMessage,
  weeklyDigestPreview,
} from "../../../../src/slack/views/digest.ts";
import { ANA_DAILY_DIGEST, EMPTY_WEEKLY_DIGEST as empty } from "../../../support/digest-fixtures.ts";
import { blocksText } from "../../../support/slack-views.ts";
import { expectNoRawTokens, expectValidMessage, hostile } from "./deal-fixtures.ts";

const typical: WeeklyDigest = {
  ...empty,
  previousAsOf: "2026-11-23T08:00:00.000Z",
  stages: [
    {
      stageId: "s1",
      name: "Lead",
      probability: 10,
      count: 2,
      totals: [{ currency: "USD", value: "30000", weighted: "3000" }],
      change: { count: 1, totals: [{ currency: "USD", value: "10000", weighted: "1000" }] },
    },
    {
      stageId: "s2",
      name: "Proposal",
      probability: 60,
      count: 1,
      totals: [{ currency: "EUR", value: "5000", weighted: "3000" }],
      change: { count: -1, totals: [{ currency: "EUR", value: "-2500", weighted: "-1500" }] },
    },
  ],
  won: {
    count: 1,
    items: [{ number: 7, name: "Umbrella rollout", ownerId: "U0ANA", amount: "20000", currency: "USD" }],
    totals: [{ currency: "USD", value: "20000" }],
  },
  lost: {
    count: 1,
    items: [
      { number: 8, name: "Initech", ownerId: "U0BEN", amount: "9000.5", currency: "EUR", reason: "Price" },
    ],
    reasons: [{ reason: "Price", count: 1 }],
  },
  trailing: { days: 90, won: 2, lost: 1, winRatePercent: 67, avgDaysToClose: 12.5 },
  stale: {
    count: 12,
    items: Array.from({ length: 10 }, (_, i) => ({
      number: 100 + i,
      name: `Stale ${i}`,
      ownerId: "U0BEN",
      amount: null,
      currency: "USD",
      stageName: "Lead",
      quietDays: 20 + i,
    })),
  },
  delivery: {
    active: {
      count: 1,
      items: [{ number: 3, name: "Umbrella onboarding", done: 3, total: 17, overdue: 1, health: "late" }],
    },
    tasksCompleted: 4,
    overdueByPerson: [
      { userId: "U0LENA", count: 2 },
      { userId: null, count: 1 },
    ],
    unclaimed: 5,
    atRisk: {
      count: 1,
      items: [{ number: 3, name: "Umbrella onboarding", done: 3, total: 17, overdue: 1, health: "late" }],
    },
  },
};

describe("weekly digest view", () => {
  it("shows every section with mentions, money in each deal's currency, and changes", () => {
    const message = weeklyDigestMessage(typical);
    expectValidMessage(message);
    const text = blocksText(message.blocks);
    expect(message.blocks?.[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Weekly digest" },
    });
    expect(text).toContain("*Lead* (10%) — 2 deals · $30,000 · weighted $3,000 _(+1 · +$10,000)_");
    expect(text).toContain("*Proposal* (60%) — 1 deal · €5,000 · weighted €3,000 _(−1 · −€2,500)_");
    expect(text).toContain(
      "*Open pipeline* — 3 deals · $30,000 + €5,000 · weighted $3,000 + €3,000 _(±0 · +$10,000 −€2,500)_",
    );
    expect(text).toContain("• *D-7* Umbrella rollout — $20,000 · <@U0ANA>");
    expect(text).toContain("• *D-8* Initech — €9,000.50 · <@U0BEN> · _Price_");
    expect(text).toContain("67% · 2 won, 1 lost");
    expect(text).toContain("12.5 days");
    expect(text).toContain("*Stale deals* (12)");
    expect(text).toContain("and 2 more");
    expect(text).toContain("<@U0LENA> 2 · unclaimed 1");
    expect(text).toContain("• *P-3* Umbrella onboarding — ▰▰▱▱▱▱▱▱▱▱ 3/17 · :red_circle: late · 1 overdue");
    expect(text).toContain("change since Mon 23 Nov");
  });

  it("over an empty workspace says so in each section, and stays valid", () => {
    const message = weeklyDigestMessage(empty);
    expectValidMessage(message);
    const text = blocksText(message.blocks);
    expect(text).toContain("first digest: no change to show yet");
    expect(text).toContain("*Lead* (10%) — no deals");
    expect(text).toContain("— no deals closed");
    expect(text).toContain("None — every active project is on track.");
  });

  it("cuts long, hostile lists to fit Slack's limits and escapes what people typed", () => {
    const line = (i: number) => ({
      number: i,
      name: hostile(300),
      ownerId: "U0BEN",
      amount: "123456789012.34",
      currency: "EUR",
    });
    const huge: WeeklyDigest = {
      ...typical,
      stages: Array.from({ length: 30 }, (_, i) => ({
        stageId: `s${i}`,
        name: hostile(200),
        probability: 50,
        count: 500,
        totals: ["USD", "EUR", "GBP", "JPY", "CHF"].map((currency) => ({
          currency,
          value: "99999999999.99",
          weighted: "49999999999.99",
        })),
        change: null,
      })),
      won: { count: 500, items: Array.from({ length: 10 }, (_, i) => line(i)), totals: [] },
      lost: {
        count: 500,
        items: Array.from({ length: 10 }, (_, i) => ({ ...line(i), reason: hostile(500) })),
        reasons: Array.from({ length: 10 }, () => ({ reason: hostile(500), count: 50 })),
      },
      stale: {
        count: 500,
        items: Array.from({ length: 10 }, (_, i) => ({ ...line(i), stageName: hostile(200), quietDays: 9 })),
      },
      pastClose: {
        count: 500,
        items: Array.from({ length: 10 }, (_, i) => ({ ...line(i), closeDate: "2026-01-01" })),
      },
    };
    for (const message of [weeklyDigestMessage(huge), weeklyDigestPreview(huge)]) {
      expectValidMessage(message);
      expectNoRawTokens(message);
    }
  });

  it("lists a lead nobody has taken as not taken yet wherever it appears, and still reads digests stored before", () => {
    const lead = {
      number: 21,
      name: "Jane Doe",
      ownerId: "U0HANDOFF",
      amount: null,
      currency: "USD",
      awaitingOwner: true,
    };
    const withLead: WeeklyDigest = {
      ...typical,
      won: { ...typical.won, count: 1, items: [{ ...lead, amount: "500" }] },
      lost: { ...typical.lost, count: 1, items: [{ ...lead, reason: "No budget" }] },
      stale: { count: 1, items: [{ ...lead, stageName: "Lead", quietDays: 9 }] },
      pastClose: { count: 1, items: [{ ...lead, closeDate: "2026-11-20" }] },
    };
    const message = weeklyDigestMessage(ZWeeklyDigest.parse(withLead));
    expectValidMessage(message);
    const text = blocksText(message.blocks);
    expect(text).toContain("• *D-21* Jane Doe — $500 · _not taken yet_");
    expect(text).toContain("• *D-21* Jane Doe — — · _not taken yet_ · _No budget_");
    expect(text).toContain("• *D-21* Jane Doe — Lead, 9 days quiet · _not taken yet_");
    expect(text).toContain("• *D-21* Jane Doe — was Fri 20 Nov · — · _not taken yet_");
    expect(JSON.stringify(message)).not.toContain("U0HANDOFF");
    // A digest stored before the flag existed has no field for it: its lines name their owner.
    const stored = JSON.parse(JSON.stringify(typical));
    expect(blocksText(weeklyDigestMessage(ZWeeklyDigest.parse(stored)).blocks)).toContain(
      "• *D-7* Umbrella rollout — $20,000 · <@U0ANA>",
    );
  });

  it("the private preview offers Share in channel", () => {
    const message = weeklyDigestPreview(typical);
    expect(JSON.stringify(message.blocks)).toContain(DigestAction.Share);
    expect(blocksText(message.blocks)).toContain("Only you can see this.");
  });
});

describe("daily digest view", () => {
  const daily = ANA_DAILY_DIGEST;

  it("lists my deals needing attention with why, and my tasks due", () => {
    const message = dailyDigestMessage(daily);
    expectValidMessage(message);
    const text = blocksText(message.blocks);
    expect(text).toContain("• *D-2* Acme — Demo · £12,000 · close date passed, no next step (Fri 20 Nov)");
    expect(text).toContain("• *T-4* Kickoff call — P-1 Acme onboarding · overdue since Fri 27 Nov");
    expect(message.text).toBe("Your daily digest: 1 deal needs attention, 1 task is due");
  });
});

describe("subscription list view", () => {
  it("shows numbers, schedules, where and when next", () => {
    const message = subscriptionListMessage([
      {
        number: 1,
        channelId: "C0DIGEST",
        schedule: { kind: "weekly", dayOfWeek: 1, time: "09:00", timeZone: "Europe/Berlin" },
        next: new Date("2027-03-29T07:00:00Z"),
        isDefault: true,
        personal: false,
      },
    ]);
    expectValidMessage(message);
    expect(blocksText(message.blocks)).toContain(
      "• *S-1* weekly — Mondays at 09:00 (Europe/Berlin) in <#C0DIGEST> · next Mon 29 Mar 2027 09:00 · _default_",
    );
  });
});

describe("describeSchedule", () => {
  it("describes a schedule for people", () => {
    const berlinMonday = { kind: "weekly", dayOfWeek: 1, time: "09:00", timeZone: "Europe/Berlin" } as const;
    expect(describeSchedule(berlinMonday)).toBe("Mondays at 09:00 (Europe/Berlin)");
    expect(describeSchedule({ kind: "daily", dayOfWeek: null, time: "08:30", timeZone: "UTC" })).toBe(
      "Every day at 08:30 (UTC)",
    );
  });
});
