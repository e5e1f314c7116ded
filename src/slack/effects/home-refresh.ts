import { publishHome } from "../home-publisher.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** Publishes the person's Home again; queued only for people who have opened it (the queue checks). */
export const homeRefreshDeliverer: EffectDeliverer<"home.refresh"> = {
  kind: "home.refresh",
  async deliver({ teamId, intent }, slack) {
    await publishHome(slack.client, slack.services, { teamId, userId: intent.userId });
  },
};
