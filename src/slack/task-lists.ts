import type { SlackServices } from "./services.ts";
import { taskListMessage } from "./views/delivery/task-list.ts";
import type { MessageView } from "./views/messages.ts";

/** The lists `/tasks` shows, each with the button its rows offer. */
export type TaskListKind = "mine" | "open" | "overdue";

/**
 * `/tasks`, `/tasks open` or `/tasks overdue` as it stands now; `notice` (app-written mrkdwn)
 * heads it when the list is redrawn after a click on it.
 */
export async function taskListFor(
  deps: { services: Pick<SlackServices, "delivery"> },
  who: { teamId: string; userId: string },
  kind: TaskListKind,
  today: string,
  notice?: string,
): Promise<MessageView> {
  const extra = notice ? { notice } : {};
  switch (kind) {
    case "mine": {
      const { tasks } = await deps.services.delivery.listTasks(who.teamId, {
        kind: "assigned",
        userId: who.userId,
      });
      return taskListMessage(tasks, {
        title: "Your open tasks",
        today,
        emptyText: "You have no open tasks. `/tasks open` shows tasks nobody has claimed yet.",
        action: "done",
        ...extra,
      });
    }
    case "open": {
      const { tasks } = await deps.services.delivery.listTasks(who.teamId, { kind: "open_unclaimed" });
      return taskListMessage(tasks, {
        title: "Open tasks nobody has claimed",
        today,
        emptyText: "Every ready task has someone. :raised_hands:",
        action: "claim",
        ...extra,
      });
    }
    case "overdue": {
      const { tasks } = await deps.services.delivery.listTasks(who.teamId, { kind: "overdue", today });
      return taskListMessage(tasks, {
        title: "Overdue tasks",
        today,
        emptyText: "Nothing is overdue.",
        action: "none",
        ...extra,
      });
    }
  }
}
