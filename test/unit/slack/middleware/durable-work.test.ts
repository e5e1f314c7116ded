import { describe, expect, it, vi } from "vitest";
import { createSilentLogger } from "../../../../src/lib/logger.ts";
import type { AcknowledgedWorkJournal } from "../../../../src/services/ports.ts";
import { FailureText } from "../../../../src/slack/error-messages.ts";
import { journalAcknowledgedWork } from "../../../../src/slack/middleware/durable-work.ts";

class Unreachable extends Error {}

/** A journal whose database is gone: every insert fails as an unreachable server does. */
function downJournal(): AcknowledgedWorkJournal {
  const fail = () => Promise.reject(new Unreachable("connect ECONNREFUSED"));
  return { record: fail, extend: fail, finish: fail } as unknown as AcknowledgedWorkJournal;
}

function run(body: Record<string, unknown>) {
  const middleware = journalAcknowledgedWork({
    journal: downJournal(),
    logger: createSilentLogger(),
    inFlight: () => 0,
    maxInFlight: 10,
    leaseMs: 30_000,
    isInfrastructureDown: (error) => error instanceof Unreachable,
  });
  const args = {
    body,
    context: {},
    next: vi.fn(async () => {}),
    ack: vi.fn(async () => {}),
    respond: vi.fn(async () => ({})),
  };
  return { args, done: (middleware as (a: unknown) => Promise<void>)(args) };
}

const team = { team_id: "T1", trigger_id: "1.2.abc" };

describe("acknowledged work when its journal cannot be written (the database is down)", () => {
  it("answers a command at once that nothing was changed, and does not run it unjournaled", async () => {
    const { args, done } = run({ ...team, command: "/deal", text: "move D-1 demo" });
    await done;
    expect(args.next).not.toHaveBeenCalled();
    expect(args.ack).toHaveBeenCalledWith({ response_type: "ephemeral", text: FailureText.unavailable });
  });

  it("answers a click privately the same way", async () => {
    const { args, done } = run({ type: "block_actions", team: { id: "T1" }, trigger_id: "1.2.abc" });
    await done;
    expect(args.next).not.toHaveBeenCalled();
    expect(args.ack).toHaveBeenCalledWith();
    expect(args.respond).toHaveBeenCalledWith(
      expect.objectContaining({ response_type: "ephemeral", text: FailureText.unavailable }),
    );
  });

  it("lets a form submission through, so its answer can keep what was typed", async () => {
    const { args, done } = run({ type: "view_submission", team: { id: "T1" }, trigger_id: "1.2.abc" });
    await done;
    expect(args.next).toHaveBeenCalled();
  });
});
