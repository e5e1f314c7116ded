import type { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { SlackPersonDirectory, SlackProfiles } from "../../../src/slack/slack-people.ts";
import { UserTimeZones } from "../../../src/slack/user-time-zones.ts";

/** A users.info that counts its calls and answers from a table (user_not_found otherwise). */
function fakeSlack(users: Record<string, Record<string, unknown>>) {
  const calls: string[] = [];
  const client = {
    users: {
      info: async ({ user }: { user: string }) => {
        calls.push(user);
        const found = users[user];
        if (!found) throw Object.assign(new Error("user_not_found"), { data: { error: "user_not_found" } });
        return { ok: true, user: { id: user, ...found } };
      },
    },
  } as unknown as WebClient;
  return { client, calls };
}

const ana = { tz: "Europe/Berlin", profile: { display_name: "ana" } };

describe("one users.info cache for the process", () => {
  it("answers the person check, the time zone and the name from one call per person", async () => {
    const { client, calls } = fakeSlack({ U0ANA: ana, U0BOT: { is_bot: true } });
    const profiles = new SlackProfiles();
    const directory = new SlackPersonDirectory(client, profiles);
    const zones = new UserTimeZones(profiles);

    expect(await directory.kindOf("U0ANA")).toBe("person");
    expect(await zones.of(client, "U0ANA", "UTC")).toBe("Europe/Berlin");
    expect(await zones.nameOf(client, "U0ANA")).toBe("ana");
    expect(await directory.kindOf("U0BOT")).toBe("bot");
    expect(await directory.kindOf("U0NOBODY")).toBe("unknown");
    expect(await directory.kindOf("U0NOBODY")).toBe("unknown");
    expect(calls).toEqual(["U0ANA", "U0BOT", "U0NOBODY"]);
  });

  it("shares one call between look-ups of the same person at once", async () => {
    const { client, calls } = fakeSlack({ U0ANA: ana });
    const profiles = new SlackProfiles();
    const [kind, zone] = await Promise.all([
      new SlackPersonDirectory(client, profiles).kindOf("U0ANA"),
      new UserTimeZones(profiles).of(client, "U0ANA", "UTC"),
    ]);
    expect([kind, zone]).toEqual(["person", "Europe/Berlin"]);
    expect(calls).toEqual(["U0ANA"]);
  });

  it("does not cache a Slack that did not answer", async () => {
    let down = true;
    const calls: string[] = [];
    const client = {
      users: {
        info: async ({ user }: { user: string }) => {
          calls.push(user);
          if (down) throw Object.assign(new Error("timeout"), { code: "slack_webapi_request_error" });
          return { ok: true, user: { id: user, ...ana } };
        },
      },
    } as unknown as WebClient;
    const directory = new SlackPersonDirectory(client, new SlackProfiles());
    expect(await directory.kindOf("U0ANA")).toBe("unavailable");
    down = false;
    expect(await directory.kindOf("U0ANA")).toBe("person");
    expect(calls).toHaveLength(2);
  });
});
