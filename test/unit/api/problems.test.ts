import { describe, expect, it } from "vitest";
import { problemOf } from "../../../src/api/problems.ts";
import { AppError } from "../../../src/lib/app-error.ts";

describe("problemOf", () => {
  it("gives the status from the reason's category and plain words", () => {
    expect(problemOf(new AppError("deal.not_found", { number: 12 }))).toEqual({
      type: "https://handoff.dev/problems/deal.not_found",
      title: "Not Found",
      status: 404,
      detail: "There is no deal D-12.",
      reason: "deal.not_found",
    });
    expect(
      problemOf(new AppError("deal.not_owner", { number: 3, ownerId: "U1", action: "change" })).status,
    ).toBe(403);
    expect(problemOf(new AppError("api.unauthenticated", { problem: "missing" })).status).toBe(401);
    expect(problemOf(new AppError("api.idempotency_key_reused", { key: "k" })).status).toBe(422);
  });

  it("names fields as the API's JSON does", () => {
    const invalid = new AppError("fields.invalid", {
      field: "owner",
      fieldProblems: [
        { field: "owner", problem: { kind: "unknown_person", userId: "U0X" } },
        { field: "closeDate", problem: { kind: "invalid_date" } },
      ],
    });
    expect(problemOf(invalid).errors).toEqual([
      { path: "owner_id", message: "U0X is not a person in this Slack workspace" },
      { path: "expected_close_date", message: "is not a date (YYYY-MM-DD)" },
    ]);
    const gated = new AppError("deal.move_needs_details", {
      number: 4,
      stageName: "Demo",
      missing: ["amount", "close date"],
      fields: ["amount", "closeDate"],
    });
    expect(problemOf(gated).errors?.map((e) => e.path)).toEqual(["amount", "expected_close_date"]);
    expect(problemOf(new AppError("deal.lost_needs_reason", { field: "reason" })).errors?.[0]?.path).toBe(
      "lost_reason",
    );
  });

  it("words a reason the API has no words for by its category, never in Slack's words", () => {
    const problem = problemOf(new AppError("admin.required", { action: "manage_api", admins: ["U0ADMIN"] }));
    expect(problem).toMatchObject({ status: 403, detail: "Forbidden" });
    expect(problem.detail).not.toMatch(/<@|\*|`/);
  });
});
