import { projectParentMessage } from "../views/delivery/project-message.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";

/** The project's parent message in the delivery channel: posted once, then edited in place. */
export const projectParentDeliverer: EffectDeliverer<"project.parent"> = {
  kind: "project.parent",
  async deliver({ teamId, intent }, slack) {
    const { delivery } = slack.services;
    const project = await delivery.project(teamId, intent.projectId);
    const message = projectParentMessage(project, await slack.calendar(teamId));
    if (project.thread) {
      await slack.client.chat.update({
        channel: project.thread.channelId,
        ts: project.thread.ts,
        ...message,
      });
      return;
    }
    const ts = await slack.postTo(intent.channelId, message);
    await delivery.recordThread(project.id, { channelId: intent.channelId, ts });
  },
};
