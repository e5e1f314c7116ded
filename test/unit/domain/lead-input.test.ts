import { describe, expect, it } from "vitest";
import { leadFieldProblems, withoutEmptyValues, ZLeadInput } from "../../../src/domain/leads.ts";

/** The one lead schema every surface reads with, and the field problems it reports. */
const problemsOf = (body: Record<string, unknown>) => {
  const fields = withoutEmptyValues(body);
  const parsed = ZLeadInput.safeParse(fields);
  return parsed.success ? [] : leadFieldProblems(parsed.error.issues, fields);
};

describe("a lead's fields", () => {
  it("treats empty and blank values as absent, as a website form sends them", () => {
    expect(withoutEmptyValues({ name: "Jane", company: "", phone: "  ", amount: 0, x: null })).toEqual({
      name: "Jane",
      amount: 0,
    });
    expect(ZLeadInput.parse({ name: " Jane ", submit: "Send" })).toEqual({ name: "Jane" });
  });

  it("names each wrong field once, with a problem the surfaces can word", () => {
    expect(problemsOf({ company: 3, email: "jane at acme" })).toEqual([
      { field: "name", problem: { kind: "required" } },
      { field: "company", problem: { kind: "wrong_type", expected: "text" } },
      { field: "email", problem: { kind: "invalid_email" } },
    ]);
    expect(problemsOf({ name: "   " })).toEqual([{ field: "name", problem: { kind: "required" } }]);
  });

  it("counts a too-long value in characters against the stored limit", () => {
    expect(problemsOf({ name: "é".repeat(250) })).toEqual([
      { field: "name", problem: { kind: "too_long", limit: 200, length: 250 } },
    ]);
  });

  it("takes an amount as a number or as text", () => {
    expect(problemsOf({ name: "Jane", amount: 12000 })).toEqual([]);
    expect(problemsOf({ name: "Jane", amount: "12k EUR" })).toEqual([]);
    expect(problemsOf({ name: "Jane", amount: ["12k"] })).toEqual([
      { field: "amount", problem: { kind: "wrong_type", expected: "text_or_number" } },
    ]);
  });
});
