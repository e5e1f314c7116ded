import type { WebClient } from "@slack/web-api";
import type { PersonDirectory, PersonKind } from "../services/ports.ts";

const TTL_MS = 10 * 60 * 1000;

/** What Handoff reads from a users.info answer. */
export interface SlackProfile {
  readonly kind: Exclude<PersonKind, "unavailable">;
  /** An IANA zone the runtime knows, when the profile has one. */
  readonly zone: string | undefined;
  /** Display name, else real name. */
  readonly name: string | undefined;
}

/**
 * The one users.info cache of a process: who a user id is (a person, a bot, no one), their time
 * zone and name, kept ten minutes. Concurrent look-ups of one person share one call; a Slack
 * that does not answer is not cached (undefined), so the next request asks again.
 */
export class SlackProfiles {
  private readonly cache = new Map<string, { profile: SlackProfile; until: number }>();
  private readonly pending = new Map<string, Promise<SlackProfile | undefined>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The cached profile, without asking Slack. */
  cached(userId: string): SlackProfile | undefined {
    const hit = this.cache.get(userId);
    return hit && hit.until > this.now() ? hit.profile : undefined;
  }

  /** The profile, from the cache or from users.info with `client`; undefined when Slack did not answer. */
  lookUp(client: WebClient, userId: string): Promise<SlackProfile | undefined> {
    const hit = this.cached(userId);
    if (hit) return Promise.resolve(hit);
    const running = this.pending.get(userId);
    if (running) return running;
    const lookup = this.ask(client, userId).finally(() => this.pending.delete(userId));
    this.pending.set(userId, lookup);
    return lookup;
  }

  private async ask(client: WebClient, userId: string): Promise<SlackProfile | undefined> {
    let profile: SlackProfile;
    try {
      const { user } = await client.users.info({ user: userId });
      profile = {
        kind: !user || user.deleted ? "unknown" : user.is_bot || user.id === "USLACKBOT" ? "bot" : "person",
        zone: user?.tz && isZone(user.tz) ? user.tz : undefined,
        name: user?.profile?.display_name || user?.profile?.real_name || user?.real_name || undefined,
      };
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code !== "user_not_found" && code !== "user_not_visible") return undefined;
      profile = { kind: "unknown", zone: undefined, name: undefined };
    }
    this.cache.set(userId, { profile, until: this.now() + TTL_MS });
    return profile;
  }
}

/**
 * Who a Slack user id is (users.info): a person, a bot (the app itself included), or no one
 * in this workspace (`user_not_found`, or deactivated). A Slack that does not answer is
 * "unavailable", never a guess.
 */
export class SlackPersonDirectory implements PersonDirectory {
  constructor(
    private readonly client: WebClient,
    private readonly profiles: SlackProfiles = new SlackProfiles(),
  ) {}

  async kindOf(userId: string): Promise<PersonKind> {
    return (await this.profiles.lookUp(this.client, userId))?.kind ?? "unavailable";
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
