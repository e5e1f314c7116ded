import type { WebClient } from "@slack/web-api";

const TTL_MS = 60 * 60 * 1000;

/**
 * People's time zones (and names) from their Slack profiles (users.info), cached for an hour per
 * process; "next friday" and "overdue" mean the person's own calendar.
 */
export class UserTimeZones {
  private readonly cache = new Map<
    string,
    { zone: string | undefined; name: string | undefined; until: number }
  >();
  private readonly pending = new Map<string, Promise<string | undefined>>();

  /**
   * The person's name as Slack shows it (display name, else real name), for plain-text fields
   * where a mention would show as a raw id; undefined when the profile cannot be read in time.
   */
  async nameOf(client: WebClient, userId: string, waitMs?: number): Promise<string | undefined> {
    await this.of(client, userId, "UTC", waitMs);
    const hit = this.cache.get(userId);
    return hit && hit.until > Date.now() ? hit.name : undefined;
  }

  /**
   * With `waitMs`, a slow Slack answer is not waited for past it: the fallback is used this
   * time, and the answer, when it comes, is cached for the next request (a trigger_id or an
   * ack deadline must not wait on a profile).
   */
  async of(client: WebClient, userId: string, fallback: string, waitMs?: number): Promise<string> {
    const hit = this.cache.get(userId);
    if (hit && hit.until > Date.now()) return hit.zone ?? fallback;
    const lookup = this.pending.get(userId) ?? this.lookUp(client, userId);
    if (waitMs === undefined) return (await lookup) ?? fallback;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), waitMs);
    });
    try {
      return (await Promise.race([lookup, late])) ?? fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  private lookUp(client: WebClient, userId: string): Promise<string | undefined> {
    const lookup = client.users
      .info({ user: userId })
      .then(
        ({ user }) => {
          const zone = user?.tz && isZone(user.tz) ? user.tz : undefined;
          const name =
            user?.profile?.display_name || user?.profile?.real_name || user?.real_name || undefined;
          this.cache.set(userId, { zone, name, until: Date.now() + TTL_MS });
          return zone;
        },
        // A profile we cannot read must not block the person; their workspace's zone will do.
        () => undefined,
      )
      .finally(() => this.pending.delete(userId));
    this.pending.set(userId, lookup);
    return lookup;
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
