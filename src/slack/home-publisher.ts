import type { WebClient } from "@slack/web-api";
import type { HomePanelChange } from "../domain/home-panel.ts";
import type { HomeModel } from "../services/home-service.ts";
import type { SlackServices } from "./services.ts";
import { taskListFor } from "./task-lists.ts";
import { HOME_LISTED, type HomePanel, homeView } from "./views/home.ts";
import { pipelineMessage } from "./views/pipeline.ts";

type HomeServices = Pick<SlackServices, "home" | "workspaces" | "pipeline" | "delivery">;
type HomeTarget = { teamId: string; userId: string; timeZone?: string };

/**
 * Draws at most this many times in one publish: each extra draw follows a click that changed
 * the panel while the previous draw was on its way, which a person cannot keep doing.
 */
const DRAWS_MAX = 3;

/**
 * Publishes one person's App Home from what is stored now, the panel their last click opened
 * included: on app_home_opened, from the queue (`home.refresh`) after their changes, and after
 * a click on it. Publishing is idempotent, so a repeat is harmless.
 */
export async function publishHome(
  client: WebClient,
  services: HomeServices,
  target: HomeTarget,
): Promise<void> {
  const timeZone = target.timeZone ?? (await services.workspaces.settings(target.teamId)).timeZone;
  for (let draw = 1; draw <= DRAWS_MAX; draw++) {
    const model = await services.home.load(target.teamId, target.userId, { limit: HOME_LISTED, timeZone });
    const panel = await panelOf(services, target.teamId, model, timeZone);
    await client.views.publish({ user_id: target.userId, view: homeView(model, panel) });
    // A click that changed the panel after this read it may have published before this did:
    // draw again, so the last Home Slack gets shows what the click stored.
    const version = await services.home.panelVersion(target.teamId, target.userId);
    if (version === model.panel.version) return;
  }
}

/**
 * A click's answer on the Home: stored first, so that a queued redraw racing this one shows it
 * too, then published.
 */
export async function answerOnHome(
  client: WebClient,
  services: HomeServices,
  target: HomeTarget,
  change: HomePanelChange,
): Promise<void> {
  await services.home.answer(target.teamId, target.userId, change);
  await publishHome(client, services, target);
}

/** The open panel drawn from current data (a task just claimed is gone from Open tasks). */
async function panelOf(
  services: HomeServices,
  teamId: string,
  model: HomeModel,
  timeZone: string,
): Promise<HomePanel> {
  const notice = model.panel.notice === undefined ? {} : { notice: model.panel.notice };
  switch (model.panel.kind) {
    case "pipeline": {
      const summary = await services.pipeline.summarise(teamId, { timeZone });
      const { blocks } = pipelineMessage(summary, { shareable: false, now: model.now });
      return { ...notice, blocks };
    }
    case "open_tasks": {
      const who = { teamId, userId: model.userId };
      const { blocks = [] } = await taskListFor({ services }, who, "open", model.today);
      return { ...notice, blocks };
    }
    case undefined:
      return notice;
  }
}
