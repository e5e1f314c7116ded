import type { Context } from "@slack/bolt";
import type { Logger } from "../lib/logger.ts";
import type { ActorContext } from "../services/deal-service.ts";
import type { DeliveryActor } from "../services/delivery-service.ts";
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

/** The person asking, as the deal use cases need them. */
export function dealActorOf(context: Context): ActorContext {
  const { actor } = handoffContext(context);
  return {
    teamId: actor.teamId,
    userId: actor.userId,
    role: actor.role,
    salesChannelId: actor.settings.channels.sales,
  };
}

/** The person asking, as the delivery use cases need them. */
export function deliveryActorOf(context: Context): DeliveryActor {
  const { actor } = handoffContext(context);
  return {
    ...dealActorOf(context),
    winsChannelId: actor.settings.channels.wins,
    deliveryChannelId: actor.settings.channels.delivery,
  };
}
