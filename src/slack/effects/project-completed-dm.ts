import { projectCompletedDm } from "../views/delivery/project-completed-dm.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** A direct message about a project: to the deal owner when it completes. */
export const projectCompletedDeliverer: EffectDeliverer<"project.completed_dm"> = {
  kind: "project.completed_dm",
  async deliver({ teamId, intent }, slack) {
    const project = await slack.services.delivery.project(teamId, intent.projectId);
    await slack.post({ channel: intent.userId, ...projectCompletedDm(project) });
  },
};
