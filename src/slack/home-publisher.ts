import type { WebClient } from "@slack/web-api";
import type { SlackServices } from "./services.ts";
import { HOME_LISTED, type HomePanel, homeView } from "./views/home.ts";

/**
 * Publishes one person's App Home from what is stored now: on app_home_opened, and from the
 * queue (`home.refresh`) after their changes, and with a `panel` to answer a click on the Home.
 * Publishing is idempotent, so a repeat is harmless.
 */
export async function publishHome(
  client: WebClient,
  services: Pick<SlackServices, "home" | "workspaces">,
  target: { teamId: string; userId: string; timeZone?: string },
  panel?: HomePanel,
): Promise<void> {
  const timeZone = target.timeZone ?? (await services.workspaces.settings(target.teamId)).timeZone;
  const model = await services.home.load(target.teamId, target.userId, { limit: HOME_LISTED, timeZone });
  await client.views.publish({ user_id: target.userId, view: homeView(model, panel) });
}
