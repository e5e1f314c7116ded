import { describe, expect, it, vi } from "vitest";
import { QueuedEffectsSignal } from "../../../src/jobs/queued-effects-signal.ts";
import { SlackEffectDispatcher } from "../../../src/jobs/slack-effect-dispatcher.ts";
import { systemClock } from "../../../src/lib/clock.ts";
import { createSilentLogger } from "../../../src/lib/logger.ts";
import type { EffectStore } from "../../../src/services/ports.ts";
import type { QueuedEffect } from "../../../src/services/slack-effects.ts";

/** A queue in memory: what is pushed is claimed once. */
function memoryStore(): EffectStore & { push(effect: QueuedEffect): void } {
  const due: QueuedEffect[] = [];
  return {
    push: (effect) => due.push(effect),
    claimDue: async () => due.splice(0),
    extendLocks: async (ids) => [...ids],
    markDelivered: async () => true,
    beginAttempt: async () => true,
    scheduleRetry: async () => true,
    markDead: async () => true,
  };
}

describe("the queued-effects signal", () => {
  it("wakes the dispatcher when a service says it queued effects, without waiting for the poll", async () => {
    const store = memoryStore();
    const queued = new QueuedEffectsSignal();
    const deliver = vi.fn(async () => ({ kind: "delivered" as const }));
    const dispatcher = new SlackEffectDispatcher({
      store,
      deliver,
      clock: systemClock,
      logger: createSilentLogger(),
      pollIntervalMs: 60_000,
      queued,
    });
    dispatcher.start();
    // The first round (at start) finds nothing; the next poll is a minute away.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deliver).not.toHaveBeenCalled();

    store.push({ id: "1", teamId: "T0", attempts: 0, intent: { kind: "home.refresh", userId: "U0ANA" } });
    queued.notify();

    await vi.waitFor(() => expect(deliver).toHaveBeenCalledTimes(1), { timeout: 2_000 });
    await dispatcher.stop();
  });

  it("tells every listener, and nobody before one subscribes", () => {
    const queued = new QueuedEffectsSignal();
    queued.notify();
    const heard: string[] = [];
    queued.subscribe(() => heard.push("a"));
    queued.subscribe(() => heard.push("b"));
    queued.notify();
    expect(heard).toEqual(["a", "b"]);
  });
});
