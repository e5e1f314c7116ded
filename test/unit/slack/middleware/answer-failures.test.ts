import { Writable } from "node:stream";
import type { AnyMiddlewareArgs } from "@slack/bolt";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../../../src/db/database-errors.ts";
import { AppError } from "../../../../src/lib/app-error.ts";
import { answerFailuresPrivately } from "../../../../src/slack/middleware/answer-failures.ts";

interface LogLine {
  level: number;
  msg: string;
  err?: { stack?: string };
  reason?: string;
}

/** Runs one slash command whose listener throws `error`; returns what was logged and answered. */
async function failWith(error: unknown): Promise<{ lines: LogLine[]; answers: unknown[] }> {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const root = pino({ level: "trace" }, sink);
  const answers: unknown[] = [];
  const middleware = answerFailuresPrivately({ root, isInfrastructureDown: isDatabaseUnavailable });
  await middleware({
    body: { command: "/deal", text: "move D-9 nowhere", user_id: "U0ANA", team_id: "T0" },
    context: {},
    ack: async (response?: unknown) => {
      answers.push(response);
    },
    next: async () => {
      throw error;
    },
  } as unknown as AnyMiddlewareArgs & { next: () => Promise<void> } as never);
  return { lines, answers };
}

const LEVEL = { debug: 20, info: 30, error: 50 };

describe("how a failed request is logged", () => {
  it("a person's mistake is debug, without a stack, and they are told privately", async () => {
    const { lines, answers } = await failWith(
      new AppError("stage.unmatched", {
        field: "stage",
        problem: { kind: "no_match", query: "nowhere", stages: ["Lead"] },
      }),
    );
    const words = 'There is no stage called "nowhere". The stages are: Lead.';
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[LEVEL.debug, "request refused"]]);
    expect(lines[0]!.err).toBeUndefined();
    expect(lines[0]!.reason).toBe(words);
    expect(answers).toEqual([{ response_type: "ephemeral", text: words }]);
  });

  it.each([
    [
      "a refused connection",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    ],
    ["Prisma's 'can't reach'", Object.assign(new Error("Can't reach database server"), { code: "P1001" })],
    ["an AppError saying so", new AppError("database.unavailable", {})],
  ])(
    "the database being unreachable (%s) is an error an operator sees, in one line",
    async (_name, error) => {
      const { lines, answers } = await failWith(error);
      expect(lines.map((l) => [l.level, l.msg])).toEqual([
        [LEVEL.error, "request failed: the database is unreachable"],
      ]);
      expect(lines[0]!.err).toBeUndefined();
      expect(JSON.stringify(answers)).toMatch(/can't reach its database/);
    },
  );

  it("a bug is an error with its stack and a reference", async () => {
    const { lines, answers } = await failWith(new TypeError("cannot read 'x' of undefined"));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[LEVEL.error, "request failed"]]);
    expect(lines[0]!.err?.stack).toContain("TypeError");
    expect(JSON.stringify(answers)).toMatch(/Something went wrong on our side/);
  });
});
