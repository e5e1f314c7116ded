import { unclaimedNudge } from "../views/reminders.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";
import { listedTasks } from "./listed-tasks.ts";

/** A nudge in a project thread: ready tasks due soon that nobody has claimed. */
export const reminderUnclaimedDeliverer: EffectDeliverer<"reminder.unclaimed"> = {
  kind: "reminder.unclaimed",
  async deliver({ teamId, intent }, slack) {
    const project = await slack.services.delivery.project(teamId, intent.projectId);
    const tasks = (await listedTasks(slack, teamId, intent.taskIds)).filter(
      (t) => !t.done && t.assigneeId === null,
    );
    if (!project.thread || tasks.length === 0) return;
    await slack.post({
      channel: project.thread.channelId,
      thread_ts: project.thread.ts,
      ...unclaimedNudge(tasks),
    });
  },
};
