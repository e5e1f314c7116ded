import { dailyDigestMessage } from "../views/digest.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** One person's daily digest by DM, from the run's stored figures (a retry sends the same). */
export const digestDmDeliverer: EffectDeliverer<"digest.dm"> = {
  kind: "digest.dm",
  async deliver({ teamId, intent }, slack) {
    const figures = await slack.services.digests.run(teamId, intent.runId);
    const digest =
      figures.kind === "daily" ? figures.people.find((p) => p.userId === intent.userId) : undefined;
    if (!digest) return;
    await slack.post({ channel: intent.userId, ...dailyDigestMessage(digest) });
  },
};
