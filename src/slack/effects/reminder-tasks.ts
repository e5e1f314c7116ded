import { tasksDueDm } from "../views/reminders.ts";
import type { EffectDeliverer } from "./effect-deliverer.ts";
import { listedTasks } from "./listed-tasks.ts";

/** The morning DM: my tasks overdue or due today. */
export const reminderTasksDeliverer: EffectDeliverer<"reminder.tasks"> = {
  kind: "reminder.tasks",
  async deliver({ teamId, intent }, slack) {
    const tasks = await listedTasks(slack, teamId, intent.taskIds);
    // By delivery time some may be done or handed on: remind of what is still true.
    const open = tasks.filter((t) => !t.done && t.assigneeId === intent.userId);
    if (open.length > 0) await slack.post({ channel: intent.userId, ...tasksDueDm(open, intent.day) });
  },
};
