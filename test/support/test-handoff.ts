import type { Logger } from "../../src/lib/logger.ts";
import {
  type HandoffControls,
  type HandoffOptions,
  type RunningHandoff,
  type SlackConfig,
  startHandoffWithControls,
} from "../../src/start-handoff.ts";

/**
 * The app as production runs it, plus what tests and benchmarks do by hand that production
 * leaves to its timers: deliver queued effects now, tick the schedulers, recover abandoned
 * work, wait until everything acknowledged is done.
 */
export type TestHandoff = RunningHandoff & HandoffControls;

export async function startTestHandoff(
  config: SlackConfig,
  logger: Logger,
  options: HandoffOptions = {},
): Promise<TestHandoff> {
  const { running, controls } = await startHandoffWithControls(config, logger, options);
  return { ...running, ...controls };
}
