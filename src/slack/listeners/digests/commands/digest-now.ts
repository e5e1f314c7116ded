import { handoffContext } from "../../../context.ts";
import { SlackRefusal } from "../../../error-messages.ts";
import { dailyDigestMessage, weeklyDigestPreview } from "../../../views/digest.ts";
import type { ListenerDeps } from "../../deps.ts";
import type { DigestSubcommand } from "./listed.ts";

/** `/digest now [weekly|daily]`: the digest as it stands, privately. */
export function digestNow({ services }: Pick<ListenerDeps, "services">): DigestSubcommand {
  return async ({ ack, context }, rest) => {
    const { actor } = handoffContext(context);
    const kind = (rest[0] ?? "weekly").toLowerCase();
    if (rest.length > 1 || (kind !== "weekly" && kind !== "daily"))
      throw new SlackRefusal("`/digest now` takes `weekly` (the default) or `daily`.");
    if (kind === "daily") {
      const digest = await services.digests.dailyFor(actor.teamId, actor.userId, actor.settings.timeZone);
      return ack({
        response_type: "ephemeral",
        ...dailyDigestMessage(digest, { footer: "Only you can see this." }),
      });
    }
    const digest = await services.digests.weekly(actor.teamId, { timeZone: actor.settings.timeZone });
    await ack({ response_type: "ephemeral", ...weeklyDigestPreview(digest) });
  };
}
