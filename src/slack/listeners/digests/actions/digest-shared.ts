import { handoffContext } from "../../../context.ts";
import { weeklyDigestMessage } from "../../../views/digest.ts";
import type { ButtonArgs, Handler, ListenerDeps } from "../../deps.ts";

/** Share in channel: the weekly digest, freshly computed, for everyone in the channel. */
export function digestShared({ services }: Pick<ListenerDeps, "services">): Handler<ButtonArgs> {
  return async ({ ack, respond, context }) => {
    await ack();
    const { actor } = handoffContext(context);
    const digest = await services.digests.weeklyToShare(actor, { timeZone: actor.settings.timeZone });
    await respond({
      response_type: "in_channel",
      replace_original: false,
      ...weeklyDigestMessage(digest, { footer: `Shared by <@${actor.userId}>` }),
    });
  };
}
