import { weeklyDigestMessage } from "../views/digest.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/**
 * A scheduled digest in a channel. Digests render the figures stored when their slot was
 * taken: a retry posts the same numbers.
 */
export const digestPostDeliverer: EffectDeliverer<"digest.post"> = {
  kind: "digest.post",
  async deliver({ teamId, intent }, slack) {
    const figures = await slack.services.digests.run(teamId, intent.runId);
    if (figures.kind !== "weekly") return;
    await slack.postTo(intent.channelId, weeklyDigestMessage(figures));
  },
};
