import type { Context } from "@slack/bolt";
import type { Logger } from "../lib/logger.ts";
import type { RequestActor } from "../services/workspace-service.ts";

/** What our global middleware adds to Bolt's context for every request. */
export interface HandoffContext {
  log: Logger;
  actor: RequestActor;
}

export function handoffContext(context: Context): HandoffContext {
  const { log, actor } = context as Context & Partial<HandoffContext>;
  if (!log || !actor) throw new Error("Handoff middleware did not run before this listener");
  return { log, actor };
}
