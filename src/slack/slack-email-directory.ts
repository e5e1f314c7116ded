import type { WebClient } from "@slack/web-api";
import type { ExportPeople } from "../services/export-service.ts";
import type { ImportPeople } from "../services/import-service.ts";

/**
 * Owners of imported deals, as Slack knows them: by email with users.lookupByEmail (scope
 * users:read.email), by name from users.list (users:read). Nobody with that email
 * (users_not_found), or an install without the scope, means no match: the importer owns the
 * deal and the preview says so.
 */
export class SlackEmailDirectory implements ImportPeople {
  constructor(private readonly client: WebClient) {}

  async userIdByEmail(_teamId: string, email: string): Promise<string | undefined> {
    try {
      const { user } = await this.client.users.lookupByEmail({ email });
      return user && !user.deleted && !user.is_bot ? user.id : undefined;
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code === "users_not_found" || code === "missing_scope" || code === "user_not_visible") {
        return undefined;
      }
      throw error;
    }
  }

  /** users.list (users:read), every page: real and display names of the people (not bots, not deactivated). */
  async peopleByName(_teamId: string): Promise<Array<{ userId: string; name: string }>> {
    const people: Array<{ userId: string; name: string }> = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
      for (const user of page.members ?? []) {
        if (!user.id || user.deleted || user.is_bot || user.id === "USLACKBOT") continue;
        const names = new Set(
          [user.real_name, user.profile?.real_name, user.profile?.display_name].filter(
            (name): name is string => typeof name === "string" && name.trim() !== "",
          ),
        );
        for (const name of names) people.push({ userId: user.id, name });
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return people;
  }
}

/** A deal owner's name and email for an export (users.info; the email needs users:read.email). */
export class SlackOwnerProfiles implements ExportPeople {
  constructor(private readonly client: WebClient) {}

  async profileOf(_teamId: string, userId: string): Promise<{ name?: string; email?: string }> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      const name = user?.profile?.real_name || user?.real_name || user?.profile?.display_name || undefined;
      const email = user?.profile?.email || undefined;
      return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
    } catch {
      // Someone who left the workspace: the export keeps the deal, without a name for its owner.
      return {};
    }
  }
}
