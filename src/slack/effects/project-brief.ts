import { handoffBrief } from "../views/delivery/handoff-brief.ts";
import { type EffectDeliverer, NotReady } from "./effect-deliverer.ts";

/** The handoff brief, the first reply in the project thread. */
export const projectBriefDeliverer: EffectDeliverer<"project.brief"> = {
  kind: "project.brief",
  async deliver({ teamId, intent }, slack) {
    const { delivery } = slack.services;
    const project = await delivery.project(teamId, intent.projectId);
    if (!project.thread) throw new NotReady("the project's parent message is not posted yet");
    const dealNotes = project.dealId ? await delivery.dealNotes(project.dealId) : [];
    await slack.post({
      channel: project.thread.channelId,
      thread_ts: project.thread.ts,
      ...handoffBrief(project, { dealNotes }),
    });
  },
};
