import { taskMessage } from "../views/delivery/task-message.ts";
import { type EffectDeliverer, NotReady } from "./effect-deliverer.ts";

/** A task's message in the project thread: posted once, then edited in place. */
export const taskMessageDeliverer: EffectDeliverer<"task.message"> = {
  kind: "task.message",
  async deliver({ teamId, intent }, slack) {
    const { delivery } = slack.services;
    const [project, task] = await Promise.all([
      delivery.projectHeader(teamId, intent.projectId),
      delivery.task(teamId, intent.taskId),
    ]);
    if (!project.thread) throw new NotReady("the project's parent message is not posted yet");
    const message = taskMessage(task, { ...(await slack.calendar(teamId)), project });
    if (task.messageTs) {
      await slack.client.chat.update({ channel: project.thread.channelId, ts: task.messageTs, ...message });
      return;
    }
    const ts = await slack.post({
      channel: project.thread.channelId,
      thread_ts: project.thread.ts,
      ...message,
    });
    await delivery.recordTaskMessage(task.id, ts);
  },
};
