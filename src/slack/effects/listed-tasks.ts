import type { ListedTask } from "../views/delivery/task-list.ts";
import type { EffectSlack } from "./effect-deliverer.ts";

/** The tasks a reminder names that still exist, each with its project's number and name. */
export async function listedTasks(
  slack: EffectSlack,
  teamId: string,
  taskIds: readonly string[],
): Promise<ListedTask[]> {
  const { delivery } = slack.services;
  const tasks = await Promise.all(taskIds.map((id) => delivery.task(teamId, id).catch(() => undefined)));
  const found = tasks.filter((t): t is NonNullable<typeof t> => t !== undefined);
  const projects = new Map(
    await Promise.all(
      [...new Set(found.map((t) => t.projectId))].map(
        async (id) => [id, await delivery.project(teamId, id)] as const,
      ),
    ),
  );
  return found.map((t) => ({
    ...t,
    projectNumber: projects.get(t.projectId)!.number,
    projectName: projects.get(t.projectId)!.name,
  }));
}
