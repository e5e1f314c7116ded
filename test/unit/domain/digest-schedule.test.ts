import { describe, expect, it } from "vitest";
import {
  type DigestSchedule,
  dueSlot,
  latestSlot,
  nextSlot,
  parseSubscribe,
  zonedTimeToInstant,
} from "../../../src/domain/digest-schedule.ts";

const berlinMonday: DigestSchedule = {
  kind: "weekly",
  dayOfWeek: 1,
  time: "09:00",
  timeZone: "Europe/Berlin",
};
const at = (iso: string) => new Date(iso);
const iso = (date: Date | undefined) => date?.toISOString();

describe("local wall time → instant", () => {
  it("uses the offset in force on that day", () => {
    expect(iso(zonedTimeToInstant("2027-03-22", "09:00", "Europe/Berlin"))).toBe("2027-03-22T08:00:00.000Z");
    expect(iso(zonedTimeToInstant("2027-03-29", "09:00", "Europe/Berlin"))).toBe("2027-03-29T07:00:00.000Z");
    expect(iso(zonedTimeToInstant("2026-10-19", "09:00", "Europe/Berlin"))).toBe("2026-10-19T07:00:00.000Z");
    expect(iso(zonedTimeToInstant("2026-10-26", "09:00", "Europe/Berlin"))).toBe("2026-10-26T08:00:00.000Z");
    expect(iso(zonedTimeToInstant("2026-11-30", "17:30", "America/New_York"))).toBe(
      "2026-11-30T22:30:00.000Z",
    );
    expect(iso(zonedTimeToInstant("2026-11-30", "09:00", "UTC"))).toBe("2026-11-30T09:00:00.000Z");
  });

  it("moves a time skipped by spring-forward past the gap (02:30 → 03:30 CEST)", () => {
    expect(iso(zonedTimeToInstant("2027-03-28", "02:30", "Europe/Berlin"))).toBe("2027-03-28T01:30:00.000Z");
  });

  it("takes the first of a time repeated when clocks go back (02:30 CEST, not CET)", () => {
    expect(iso(zonedTimeToInstant("2026-10-25", "02:30", "Europe/Berlin"))).toBe("2026-10-25T00:30:00.000Z");
  });

  it("handles a zone east of UTC whose local date differs from UTC's", () => {
    expect(iso(zonedTimeToInstant("2026-12-01", "08:00", "Pacific/Auckland"))).toBe(
      "2026-11-30T19:00:00.000Z",
    );
  });
});

describe("Monday 09:00 Europe/Berlin around daylight-saving changes", () => {
  it("fires at 09:00 local the Monday before and after the March change", () => {
    // 22 Mar 2027 is CET (UTC+1), 29 Mar 2027 is CEST (UTC+2): 08:00Z and 07:00Z.
    expect(iso(latestSlot(berlinMonday, at("2027-03-22T08:00:00Z")))).toBe("2027-03-22T08:00:00.000Z");
    expect(iso(latestSlot(berlinMonday, at("2027-03-22T07:59:59Z")))).toBe("2027-03-15T08:00:00.000Z");
    expect(iso(nextSlot(berlinMonday, at("2027-03-22T08:00:00Z")))).toBe("2027-03-29T07:00:00.000Z");
    expect(iso(latestSlot(berlinMonday, at("2027-03-29T07:00:00Z")))).toBe("2027-03-29T07:00:00.000Z");
    expect(iso(latestSlot(berlinMonday, at("2027-03-29T06:59:59Z")))).toBe("2027-03-22T08:00:00.000Z");
  });

  it("fires at 09:00 local the Monday before and after the October change", () => {
    // 19 Oct 2026 is CEST, 26 Oct 2026 (the day after the change on the 25th) is CET.
    expect(iso(nextSlot(berlinMonday, at("2026-10-18T12:00:00Z")))).toBe("2026-10-19T07:00:00.000Z");
    expect(iso(nextSlot(berlinMonday, at("2026-10-19T07:00:00Z")))).toBe("2026-10-26T08:00:00.000Z");
    expect(iso(latestSlot(berlinMonday, at("2026-10-26T07:30:00Z")))).toBe("2026-10-19T07:00:00.000Z");
  });

  it("is due from its time until 24 hours later, and not before the subscription existed", () => {
    const created = at("2027-01-01T00:00:00Z");
    expect(iso(dueSlot(berlinMonday, at("2027-03-29T07:00:00Z"), created))).toBe("2027-03-29T07:00:00.000Z");
    expect(iso(dueSlot(berlinMonday, at("2027-03-30T06:59:00Z"), created))).toBe("2027-03-29T07:00:00.000Z");
    expect(dueSlot(berlinMonday, at("2027-03-30T07:00:00Z"), created)).toBeUndefined();
    expect(dueSlot(berlinMonday, at("2027-03-29T07:05:00Z"), at("2027-03-29T07:01:00Z"))).toBeUndefined();
  });

  it("a daily schedule has a slot each local day, 08:30 on both sides of the change", () => {
    const daily: DigestSchedule = {
      kind: "daily",
      dayOfWeek: null,
      time: "08:30",
      timeZone: "Europe/Berlin",
    };
    expect(iso(nextSlot(daily, at("2027-03-27T12:00:00Z")))).toBe("2027-03-28T06:30:00.000Z");
    expect(iso(nextSlot(daily, at("2027-03-28T06:30:00Z")))).toBe("2027-03-29T06:30:00.000Z");
    expect(iso(nextSlot(daily, at("2027-03-26T12:00:00Z")))).toBe("2027-03-27T07:30:00.000Z");
  });
});

describe("parsing /digest subscribe", () => {
  const parse = (text: string) => parseSubscribe(text.split(/\s+/).filter(Boolean), "Europe/Berlin");

  it("defaults to weekly on Monday at 09:00 in the workspace's zone", () => {
    expect(parse("")).toEqual({
      ok: true,
      schedule: { kind: "weekly", dayOfWeek: 1, time: "09:00", timeZone: "Europe/Berlin" },
    });
  });

  it("reads kind, day, time and zone, in any order", () => {
    expect(parse("weekly friday 16:30 America/New_York")).toEqual({
      ok: true,
      schedule: { kind: "weekly", dayOfWeek: 5, time: "16:30", timeZone: "America/New_York" },
    });
    expect(parse("Tue 9:05 weekly")).toEqual({
      ok: true,
      schedule: { kind: "weekly", dayOfWeek: 2, time: "09:05", timeZone: "Europe/Berlin" },
    });
    expect(parse("daily 7am utc")).toEqual({
      ok: true,
      schedule: { kind: "daily", dayOfWeek: null, time: "07:00", timeZone: "UTC" },
    });
    expect(parse("daily")).toEqual({
      ok: true,
      schedule: { kind: "daily", dayOfWeek: null, time: "08:30", timeZone: "Europe/Berlin" },
    });
    expect(parse("weekly mondays 5:30pm")).toMatchObject({
      ok: true,
      schedule: { dayOfWeek: 1, time: "17:30" },
    });
  });

  it("says what is wrong, naming the word it could not read", () => {
    expect(parse("weekly monday 25:00")).toEqual({
      ok: false,
      problem: { kind: "not_a_time", token: "25:00" },
    });
    expect(parse("weekly 9.30")).toEqual({ ok: false, problem: { kind: "not_a_time", token: "9.30" } });
    expect(parse("weekly 13pm")).toEqual({ ok: false, problem: { kind: "not_a_time", token: "13pm" } });
    expect(parse("weekly Mars/Olympus")).toEqual({
      ok: false,
      problem: { kind: "unknown_time_zone", token: "Mars/Olympus" },
    });
    expect(parse("daily monday")).toEqual({ ok: false, problem: { kind: "day_on_daily" } });
    expect(parse("weekly daily")).toEqual({ ok: false, problem: { kind: "weekly_and_daily" } });
    expect(parse("monday friday")).toEqual({ ok: false, problem: { kind: "two_days" } });
    expect(parse("09:00 17:00")).toEqual({ ok: false, problem: { kind: "two_times" } });
    expect(parse("fortnightly")).toEqual({
      ok: false,
      problem: { kind: "unknown_word", token: "fortnightly" },
    });
  });
});
