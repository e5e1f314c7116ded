import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { installProcessGuards } from "../../../src/lib/process-guards.ts";

function capture() {
  const lines: Array<{ level: number; msg: string; err?: { message?: string } }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: pino({ level: "debug" }, sink) };
}

describe("process guards", () => {
  it("logs an unhandled rejection as an error and keeps the process running", async () => {
    const proc = new EventEmitter();
    const { lines, logger } = capture();
    const stops: unknown[] = [];
    installProcessGuards(proc as unknown as NodeJS.Process, logger, (e) => stops.push(e));

    proc.emit("unhandledRejection", new TypeError("reading 'ssl_check'"), Promise.resolve());
    await new Promise((r) => setImmediate(r));

    expect(stops).toEqual([]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        err: expect.objectContaining({ message: "reading 'ssl_check'" }),
      }),
    ]);
  });

  it("logs an uncaught exception as fatal and asks for a graceful stop", async () => {
    const proc = new EventEmitter();
    const { lines, logger } = capture();
    const stops: unknown[] = [];
    installProcessGuards(proc as unknown as NodeJS.Process, logger, (e) => stops.push(e));
    const boom = new Error("boom");

    proc.emit("uncaughtException", boom);
    await new Promise((r) => setImmediate(r));

    expect(stops).toEqual([boom]);
    expect(lines.map((l) => [l.level, l.err?.message])).toEqual([[60, "boom"]]);
  });
});
