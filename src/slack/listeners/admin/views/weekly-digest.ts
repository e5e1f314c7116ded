import type { AdminListenerDeps } from "../../deps.ts";

/** The default weekly digest moved to the day and time the settings form asks for; true if it changed. */
export async function saveWeeklyDigest(
  deps: AdminListenerDeps,
  teamId: string,
  weekly: { dayOfWeek: number; time: string },
): Promise<boolean> {
  const current = await deps.services.digests.defaultWeekly(teamId);
  return (
    current?.schedule.kind === "weekly" &&
    (current.schedule.dayOfWeek !== weekly.dayOfWeek || current.schedule.time !== weekly.time) &&
    (await deps.services.digests.setDefaultWeekly(teamId, weekly.dayOfWeek, weekly.time))
  );
}
