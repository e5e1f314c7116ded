import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { handoffContext } from "../../../context.ts";
import { publishHome } from "../../../home-publisher.ts";
import type { SlackServices } from "../../../services.ts";

/** The Home tab opened: my deals, my tasks and the quick actions, as they are now. */
export function appHomeOpened(deps: {
  services: Pick<SlackServices, "home" | "workspaces" | "pipeline" | "delivery">;
}) {
  return async ({
    event,
    client,
    context,
  }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== "home") return;
    const { actor } = handoffContext(context);
    // Recorded first: a change right after this republishes the Home it just showed.
    await deps.services.home.opened(actor.teamId, event.user);
    await publishHome(client, deps.services, {
      teamId: actor.teamId,
      userId: event.user,
      timeZone: actor.settings.timeZone,
    });
  };
}
