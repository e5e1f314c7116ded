import type { DigestSubscription } from "../../../../services/digest-ports.ts";
import { isDirectMessage } from "../../../slack-channels.ts";
import type { ListedSubscription } from "../../../views/digest.ts";
import type { CommandArgs } from "../../deps.ts";

/** One `/digest` sub-command, given the words after its name. */
export type DigestSubcommand = (args: CommandArgs, rest: readonly string[]) => Promise<void>;

/** A subscription as the digest views list it. */
export function listed(subscription: DigestSubscription, next: Date): ListedSubscription {
  return {
    number: subscription.number,
    channelId: subscription.channelId,
    schedule: subscription.schedule,
    next,
    isDefault: subscription.isDefault,
    personal: isDirectMessage(subscription.channelId),
  };
}
