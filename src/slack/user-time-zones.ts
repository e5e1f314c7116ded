import type { WebClient } from "@slack/web-api";

const TTL_MS = 60 * 60 * 1000;

/**
 * People's time zones from their Slack profiles (users.info), cached for an hour per
 * process; "next friday" and "overdue" mean the person's own calendar.
 */
export class UserTimeZones {
  private readonly cache = new Map<string, { zone: string; until: number }>();

  async of(client: WebClient, userId: string, fallback: string): Promise<string> {
    const hit = this.cache.get(userId);
    if (hit && hit.until > Date.now()) return hit.zone;
    try {
      const { user } = await client.users.info({ user: userId });
      const zone = user?.tz && isZone(user.tz) ? user.tz : fallback;
      this.cache.set(userId, { zone, until: Date.now() + TTL_MS });
      return zone;
    } catch {
      // A profile we cannot read must not block the person; their workspace's zone will do.
      return fallback;
    }
  }
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
