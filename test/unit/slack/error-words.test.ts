import { describe, expect, it } from "vitest";
import { APP_ERROR_REASONS, AppError, AppErrorCode, REASON_CATEGORY } from "../../../src/lib/app-error.ts";
import { appErrorText, describeFailure, ERROR_WORDS } from "../../../src/slack/error-messages.ts";

describe("the table of refusal words", () => {
  it("has words for every reason a service can give, and nothing else", () => {
    const worded = Object.keys(ERROR_WORDS).sort();
    const missing = APP_ERROR_REASONS.filter((reason) => typeof ERROR_WORDS[reason] !== "function");
    expect(missing, `reasons without words in src/slack/error-messages.ts: ${missing.join(", ")}`).toEqual(
      [],
    );
    expect(worded).toEqual([...APP_ERROR_REASONS].sort());
  });

  it("gives every reason one of the broad categories", () => {
    const categories = new Set<string>(Object.values(AppErrorCode));
    for (const reason of APP_ERROR_REASONS) expect(categories).toContain(REASON_CATEGORY[reason]);
  });

  it("words a refusal from its data, and keeps the category on the error", () => {
    const error = new AppError("deal.not_owner", { number: 12, ownerId: "U0ANA", action: "change" });
    expect(error.code).toBe(AppErrorCode.Forbidden);
    expect(error.message).toBe("deal.not_owner");
    expect(appErrorText(error)).toBe("Only <@U0ANA> (the owner), managers and admins can change D-12.");
    expect(describeFailure(error, "ref", () => false)).toEqual({
      text: "Only <@U0ANA> (the owner), managers and admins can change D-12.",
      kind: "refusal",
    });
  });

  it("says a lead nobody has taken is waiting for Take it, rather than name the app as its owner", () => {
    const error = new AppError("deal.not_owner", {
      number: 21,
      ownerId: "U0HANDOFF",
      awaitingOwner: true,
      action: "change",
    });
    expect(appErrorText(error)).toBe(
      "Nobody has taken D-21 yet: take it from its New lead message in the sales channel. Until then only managers and admins can change it.",
    );
  });
});
