import type { WebClient } from "@slack/web-api";
import type { PersonDirectory, PersonKind } from "../services/ports.ts";

const TTL_MS = 10 * 60 * 1000;

/**
 * Who a Slack user id is (users.info): a person, a bot (the app itself included), or no one
 * in this workspace (`user_not_found`, or deactivated). Answers are cached for ten minutes;
 * a Slack that does not answer is "unavailable", never a guess.
 */
export class SlackPersonDirectory implements PersonDirectory {
  private readonly cache = new Map<string, { kind: PersonKind; until: number }>();

  constructor(private readonly client: WebClient) {}

  async kindOf(userId: string): Promise<PersonKind> {
    const hit = this.cache.get(userId);
    if (hit && hit.until > Date.now()) return hit.kind;
    let kind: PersonKind;
    try {
      const { user } = await this.client.users.info({ user: userId });
      kind = !user || user.deleted ? "unknown" : user.is_bot || user.id === "USLACKBOT" ? "bot" : "person";
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code !== "user_not_found" && code !== "user_not_visible") return "unavailable";
      kind = "unknown";
    }
    this.cache.set(userId, { kind, until: Date.now() + TTL_MS });
    return kind;
  }
}
