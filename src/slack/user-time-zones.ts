import type { WebClient } from "@slack/web-api";
import { SlackProfiles } from "./slack-people.ts";

/**
 * People's time zones (and names) from their Slack profiles, read through the process's one
 * users.info cache; "next friday" and "overdue" mean the person's own calendar.
 */
export class UserTimeZones {
  constructor(private readonly profiles: SlackProfiles = new SlackProfiles()) {}

  /**
   * The person's name as Slack shows it (display name, else real name), for plain-text fields
   * where a mention would show as a raw id; undefined when the profile cannot be read in time.
   */
  async nameOf(client: WebClient, userId: string, waitMs?: number): Promise<string | undefined> {
    await this.of(client, userId, "UTC", waitMs);
    return this.profiles.cached(userId)?.name;
  }

  /**
   * With `waitMs`, a slow Slack answer is not waited for past it: the fallback is used this
   * time, and the answer, when it comes, is cached for the next request (a trigger_id or an
   * ack deadline must not wait on a profile).
   */
  async of(client: WebClient, userId: string, fallback: string, waitMs?: number): Promise<string> {
    const lookup = this.profiles.lookUp(client, userId).then((profile) => profile?.zone);
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
}
