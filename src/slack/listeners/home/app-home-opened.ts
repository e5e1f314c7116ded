import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { welcomeHomeView } from "../../views/help.ts";

export async function handleAppHomeOpened({
  event,
  client,
}: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs): Promise<void> {
  if (event.tab !== "home") return;
  await client.views.publish({ user_id: event.user, view: welcomeHomeView() });
}
