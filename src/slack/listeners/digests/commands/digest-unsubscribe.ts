import { handoffContext } from "../../../context.ts";
import { SlackRefusal } from "../../../error-messages.ts";
import { unsubscribedMessage } from "../../../views/digest.ts";
import type { ListenerDeps } from "../../deps.ts";
import type { DigestSubcommand } from "./listed.ts";

/** `/digest unsubscribe S-3` (or `cancel`): stops one subscription. */
export function digestUnsubscribe({ services }: Pick<ListenerDeps, "services">): DigestSubcommand {
  return async ({ ack, context }, rest) => {
    const { actor } = handoffContext(context);
    if (rest.length !== 1)
      throw new SlackRefusal(
        "Say which subscription to stop: `/digest unsubscribe S-3` (`/digest list` shows them).",
      );
    await ack({
      response_type: "ephemeral",
      ...unsubscribedMessage(await services.digests.unsubscribe(actor, rest[0]!)),
    });
  };
}
