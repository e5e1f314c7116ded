import { handoffContext } from "../../../context.ts";
import { subscriptionListMessage } from "../../../views/digest.ts";
import type { ListenerDeps } from "../../deps.ts";
import { type DigestSubcommand, listed } from "./listed.ts";

/** `/digest list`: the workspace's subscriptions and when each next arrives. */
export function digestList({ services }: Pick<ListenerDeps, "services">): DigestSubcommand {
  return async ({ ack, context }) => {
    const { actor } = handoffContext(context);
    const subscriptions = await services.digests.list(actor.teamId);
    await ack({
      response_type: "ephemeral",
      ...subscriptionListMessage(subscriptions.map((s) => listed(s.subscription, s.next))),
    });
  };
}
