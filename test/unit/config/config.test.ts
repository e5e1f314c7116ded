import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/config.ts";

const http = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "0123456789abcdef" };

function failure(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected loadConfig to refuse this environment");
}

describe("loadConfig", () => {
  it("applies defaults and picks sandbox mode without credentials", () => {
    const config = loadConfig({});
    expect(config.slack).toEqual({ kind: "sandbox" });
    expect(config.port).toBe(3000);
    expect(config.timeZone).toBe("UTC");
    expect(config.admins).toEqual([]);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.logLevel).toBe("info");
    expect(config.leadOwners).toEqual([]);
    expect(config.publicUrl).toBeUndefined();
  });

  it("reads the lead owners in their order and the public URL", () => {
    const config = loadConfig({
      HANDOFF_LEAD_OWNERS: " U0ANA,U0BEN , U0MAYA",
      HANDOFF_PUBLIC_URL: "https://handoff.example.com",
    });
    expect(config.leadOwners).toEqual(["U0ANA", "U0BEN", "U0MAYA"]);
    expect(config.publicUrl).toBe("https://handoff.example.com");
  });

  it("reads HTTP mode, Socket Mode and every setting", () => {
    const config = loadConfig({
      ...http,
      SLACK_API_URL: "http://127.0.0.1:4000/api/",
      DATABASE_URL: "postgresql://u:p@db:5432/handoff",
      PORT: "8080",
      HANDOFF_SALES_CHANNEL: "C0SALES",
      HANDOFF_WINS_CHANNEL: "C0WINS",
      HANDOFF_DELIVERY_CHANNEL: "C0DELIVERY",
      HANDOFF_DIGEST_CHANNEL: "C0DIGEST",
      HANDOFF_TIMEZONE: "Europe/Berlin",
      HANDOFF_ADMINS: "U0ADMIN, U0OTHER",
      HANDOFF_MANAGERS: "U0MAYA",
      LOG_LEVEL: "debug",
    });
    expect(config.slack).toEqual({
      kind: "http",
      botToken: http.SLACK_BOT_TOKEN,
      signingSecret: http.SLACK_SIGNING_SECRET,
    });
    expect(config.port).toBe(8080);
    expect(config.channels).toEqual({
      sales: "C0SALES",
      wins: "C0WINS",
      delivery: "C0DELIVERY",
      digest: "C0DIGEST",
    });
    expect(config.admins).toEqual(["U0ADMIN", "U0OTHER"]);
    expect(config.managers).toEqual(["U0MAYA"]);
    expect(config.timeZone).toBe("Europe/Berlin");
    expect(loadConfig({ ...http, SLACK_APP_TOKEN: "xapp-1-A-1-x" }).slack.kind).toBe("socket");
  });

  it("keeps the sandbox on this machine unless HANDOFF_SANDBOX_HOST exposes it", () => {
    expect(loadConfig({}).sandboxHost).toBe("127.0.0.1");
    expect(loadConfig({ HANDOFF_SANDBOX_HOST: "0.0.0.0" }).sandboxHost).toBe("0.0.0.0");
    expect(failure({ HANDOFF_SANDBOX_HOST: "http://0.0.0.0/" })).toMatch(
      /^HANDOFF_SANDBOX_HOST is .*; expected an address/,
    );
  });

  it("is frozen", () => {
    const config = loadConfig({ HANDOFF_ADMINS: "U0ADMIN" });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.channels)).toBe(true);
    expect(() => (config.admins as string[]).push("U0X")).toThrow();
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ PORT: "", SLACK_BOT_TOKEN: " ", SLACK_SIGNING_SECRET: "" }).slack.kind).toBe(
      "sandbox",
    );
  });

  it.each([
    [{ PORT: "eighty" }, 'PORT is "eighty"; expected a port number.'],
    [{ PORT: "70000" }, 'PORT is "70000"; expected'],
    [
      { HANDOFF_TIMEZONE: "Mars/Olympus" },
      'HANDOFF_TIMEZONE is "Mars/Olympus"; expected an IANA time zone like Europe/Berlin.',
    ],
    [{ DATABASE_URL: "mysql://x@y/z" }, 'DATABASE_URL is "mysql://x@y/z"; expected a PostgreSQL URL'],
    [
      { HANDOFF_ADMINS: "U0OK,ana" },
      'HANDOFF_ADMINS is "U0OK,ana"; expected Slack user IDs like U012AB3CD, comma-separated.',
    ],
    [
      { HANDOFF_LEAD_OWNERS: "U0ANA, @ben" },
      'HANDOFF_LEAD_OWNERS is "U0ANA, @ben"; expected Slack user IDs like U012AB3CD, comma-separated.',
    ],
    [
      { HANDOFF_PUBLIC_URL: "handoff.example.com" },
      'HANDOFF_PUBLIC_URL is "handoff.example.com"; expected the app\'s public http(s) base URL',
    ],
    [
      { HANDOFF_SALES_CHANNEL: "#sales" },
      'HANDOFF_SALES_CHANNEL is "#sales"; expected a Slack channel ID like C012AB3CD.',
    ],
    [{ LOG_LEVEL: "loud" }, 'LOG_LEVEL is "loud"; expected'],
    [
      { SLACK_BOT_TOKEN: "xoxp-user", SLACK_SIGNING_SECRET: "0123456789" },
      'SLACK_BOT_TOKEN is "xoxp-user"; expected a bot token starting with xoxb-.',
    ],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, "SLACK_SIGNING_SECRET is not set; expected the app's signing secret"],
    [
      { SLACK_SIGNING_SECRET: "0123456789" },
      "SLACK_BOT_TOKEN is not set; expected a bot token starting with xoxb-",
    ],
    [
      { SLACK_APP_TOKEN: "xapp-1" },
      "SLACK_APP_TOKEN is set; expected SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET with it.",
    ],
  ])("refuses %o with one line naming the variable", (env, expected) => {
    const message = failure(env);
    expect(message.startsWith(expected)).toBe(true);
    expect(message).not.toContain("\n");
  });

  it("in production, refuses to become a sandbox when the Slack credentials are missing or misspelt", () => {
    expect(failure({ NODE_ENV: "production" })).toBe(
      "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set; NODE_ENV=production needs them (the sandbox is for development).",
    );
    const misspelt = failure({
      NODE_ENV: "production",
      SLACK_BOT_TOKN: "xoxb-1-2-abc",
      SLACK_SIGNING_SECRT: "0123456789abcdef",
    });
    expect(misspelt).toMatch(/is SLACK_BOT_TOKN or SLACK_SIGNING_SECRT one of them misspelt\?$/);
    expect(misspelt).not.toContain("xoxb-1-2-abc");
    expect(loadConfig({ NODE_ENV: "production", ...http }).slack.kind).toBe("http");
    expect(loadConfig({ NODE_ENV: "development" }).slack.kind).toBe("sandbox");
  });

  it("does not echo secrets in full", () => {
    const message = failure({
      SLACK_BOT_TOKEN: `xoxp-${"s".repeat(60)}`,
      SLACK_SIGNING_SECRET: "0123456789",
    });
    expect(message).not.toContain("s".repeat(50));
  });
});
