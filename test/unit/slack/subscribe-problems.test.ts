import { describe, expect, it } from "vitest";
import { parseSubscribe } from "../../../src/domain/digest-schedule.ts";
import { AppError } from "../../../src/lib/app-error.ts";
import { appErrorText, subscribeProblemText } from "../../../src/slack/error-messages.ts";

/** What `/digest subscribe <text>` answers when the text is not a schedule. */
function answerTo(text: string): string {
  const parsed = parseSubscribe(text.split(/\s+/).filter(Boolean), "Europe/Berlin");
  if (parsed.ok) throw new Error(`a schedule: ${JSON.stringify(parsed.schedule)}`);
  return subscribeProblemText(parsed.problem);
}

describe("subscribeProblemText: why /digest subscribe's words are not a schedule", () => {
  it("says what is wrong", () => {
    expect(answerTo("weekly monday 25:00")).toContain("`25:00` is not a time");
    expect(answerTo("weekly 9.30")).toContain("`9.30` is not a time");
    expect(answerTo("weekly Mars/Olympus")).toContain("`Mars/Olympus` is not a time zone");
    expect(answerTo("daily monday")).toContain("every day");
    expect(answerTo("weekly daily")).toContain("not both");
    expect(answerTo("monday friday")).toBe("Give one day of the week.");
    expect(answerTo("fortnightly")).toContain("`fortnightly`");
  });

  it("words each problem in full, with what would work", () => {
    expect(answerTo("weekly monday 25:00")).toBe(
      "`25:00` is not a time of day — use 24-hour `HH:MM` like `09:00` or `17:30`.",
    );
    expect(answerTo("weekly Mars/Olympus")).toBe(
      "`Mars/Olympus` is not a time zone I know — use an IANA name like `Europe/Berlin`, `America/New_York` or `UTC`.",
    );
    expect(answerTo("fortnightly")).toBe(
      "I don't understand `fortnightly`. `/digest subscribe [weekly|daily] [day] [HH:MM] [zone]` — e.g. `/digest subscribe weekly monday 09:00 Europe/Berlin` or `/digest subscribe daily 08:30`.",
    );
    expect(answerTo("weekly daily")).toBe("Pick one of `weekly` or `daily`, not both.");
    expect(answerTo("09:00 17:00")).toBe("Give one time of day.");
    expect(answerTo("daily monday")).toBe(
      "A daily digest goes out every day — leave out the day, or use `weekly`.",
    );
  });

  it("is what the service's refusal says", () => {
    const error = new AppError("digest.schedule_invalid", { problem: { kind: "two_days" } });
    expect(appErrorText(error)).toBe("Give one day of the week.");
  });
});
