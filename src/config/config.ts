import { z } from "zod";

/**
 * The environment, parsed once at start into a frozen, typed config.
 * A bad value stops the app with one line naming the variable (see ConfigError).
 */

const slackUserIds = z
  .string()
  .transform((raw) =>
    raw
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id.length > 0),
  )
  .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, "Slack user IDs like U012AB3CD, comma-separated")));

const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, "a Slack channel ID like C012AB3CD");

const timeZone = z.string().refine(isValidTimeZone, "an IANA time zone like Europe/Berlin");

const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

const emptyAsUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());

export const ZEnvironment = z.object({
  SLACK_BOT_TOKEN: optional(z.string().startsWith("xoxb-", "a bot token starting with xoxb-")),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, "the app's signing secret from Basic Information")),
  SLACK_APP_TOKEN: optional(z.string().startsWith("xapp-", "an app-level token starting with xapp-")),
  SLACK_API_URL: optional(
    z.url({ protocol: /^https?$/, error: "an http(s) URL such as https://slack.com/api/" }),
  ),
  DATABASE_URL: optional(
    z.url({
      protocol: /^postgres(ql)?$/,
      error: "a PostgreSQL URL such as postgresql://user:pass@host:5432/handoff",
    }),
  ),
  PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: "a port number" }).int().min(0).max(65535).default(3000),
  ),
  HANDOFF_SALES_CHANNEL: optional(channelId),
  HANDOFF_WINS_CHANNEL: optional(channelId),
  HANDOFF_DELIVERY_CHANNEL: optional(channelId),
  HANDOFF_DIGEST_CHANNEL: optional(channelId),
  HANDOFF_TIMEZONE: z.preprocess(emptyAsUndefined, timeZone.default("UTC")),
  HANDOFF_ADMINS: z.preprocess(emptyAsUndefined, slackUserIds.default([])),
  HANDOFF_MANAGERS: z.preprocess(emptyAsUndefined, slackUserIds.default([])),
  HANDOFF_LEAD_OWNERS: z.preprocess(emptyAsUndefined, slackUserIds.default([])),
  HANDOFF_PUBLIC_URL: optional(
    z.url({
      protocol: /^https?$/,
      error: "the app's public http(s) base URL, such as https://handoff.example.com",
    }),
  ),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, logLevel.default("info")),
  /** REST API requests per second per token (per instance), and the burst above that. */
  HANDOFF_API_RATE: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: "requests per second, such as 20" }).positive().max(100_000).default(20),
  ),
  HANDOFF_API_BURST: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: "a number of requests, such as 40" }).int().min(1).max(100_000).default(40),
  ),
  /** Leads per second each client address may post to one lead hook (per instance), and the burst above that. */
  HANDOFF_LEAD_HOOK_RATE: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: "leads per second, such as 5" }).positive().max(100_000).default(5),
  ),
  HANDOFF_LEAD_HOOK_BURST: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: "a number of leads, such as 20" }).int().min(1).max(100_000).default(20),
  ),
  HANDOFF_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
  HANDOFF_WEBHOOKS_ALLOW_PRIVATE: z.preprocess(
    emptyAsUndefined,
    z.enum(["true", "false"], "true or false").default("false"),
  ),
  HANDOFF_SANDBOX_HOST: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9.:[\]-]+$/, "an address to listen on, such as 127.0.0.1 or 0.0.0.0")
      .default("127.0.0.1"),
  ),
});

export type SlackMode =
  | { kind: "http"; botToken: string; signingSecret: string }
  | { kind: "socket"; botToken: string; signingSecret: string; appToken: string }
  | { kind: "sandbox" };

export interface AppConfig {
  readonly slack: SlackMode;
  /** Web API base URL; undefined means Slack's own. */
  readonly slackApiUrl: string | undefined;
  /** undefined → start the embedded PostgreSQL under dataDir. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly channels: {
    readonly sales: string | undefined;
    readonly wins: string | undefined;
    readonly delivery: string | undefined;
    readonly digest: string | undefined;
  };
  readonly timeZone: string;
  readonly admins: readonly string[];
  readonly managers: readonly string[];
  /** New leads go to these people in turn; none → the first to click Take it. */
  readonly leadOwners: readonly string[];
  /** Where people and tools reach the app (lead hook URLs); unknown when unset. */
  readonly publicUrl: string | undefined;
  readonly logLevel: z.infer<typeof logLevel>;
  /** Where the sandbox listens: loopback unless the person chooses to expose its login-less page. */
  readonly sandboxHost: string;
  /** Webhooks may go to private, loopback and link-local addresses (a receiver on the same network, tests). */
  readonly webhooksAllowPrivate: boolean;
  /** The REST API's token bucket, per token and per instance. */
  readonly apiRateLimit: { readonly perSecond: number; readonly burst: number };
  /** The public lead hook's token bucket, per client address of each source and per instance. */
  readonly leadHookRateLimit: { readonly perSecond: number; readonly burst: number };
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ZEnvironment.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    const shown =
      env[variable] === undefined ? "is not set" : `is ${JSON.stringify(truncate(env[variable]!, 40))}`;
    throw new ConfigError(`${variable} ${shown}; expected ${issue.message}.`);
  }
  const e = parsed.data;
  return deepFreeze({
    slack: resolveSlackMode(e.SLACK_BOT_TOKEN, e.SLACK_SIGNING_SECRET, e.SLACK_APP_TOKEN, env),
    slackApiUrl: e.SLACK_API_URL,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.HANDOFF_DATA_DIR,
    port: e.PORT,
    channels: {
      sales: e.HANDOFF_SALES_CHANNEL,
      wins: e.HANDOFF_WINS_CHANNEL,
      delivery: e.HANDOFF_DELIVERY_CHANNEL,
      digest: e.HANDOFF_DIGEST_CHANNEL,
    },
    timeZone: e.HANDOFF_TIMEZONE,
    admins: e.HANDOFF_ADMINS,
    managers: e.HANDOFF_MANAGERS,
    leadOwners: e.HANDOFF_LEAD_OWNERS,
    publicUrl: e.HANDOFF_PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    sandboxHost: e.HANDOFF_SANDBOX_HOST,
    webhooksAllowPrivate: e.HANDOFF_WEBHOOKS_ALLOW_PRIVATE === "true",
    apiRateLimit: { perSecond: e.HANDOFF_API_RATE, burst: e.HANDOFF_API_BURST },
    leadHookRateLimit: { perSecond: e.HANDOFF_LEAD_HOOK_RATE, burst: e.HANDOFF_LEAD_HOOK_BURST },
  });
}

const SLACK_VARIABLES = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"];

function resolveSlackMode(
  botToken: string | undefined,
  signingSecret: string | undefined,
  appToken: string | undefined,
  env: NodeJS.ProcessEnv,
): SlackMode {
  if (!botToken && !signingSecret) {
    if (appToken)
      throw new ConfigError(
        "SLACK_APP_TOKEN is set; expected SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET with it.",
      );
    // A production image must not quietly become a demo when its secrets are missing or misnamed.
    if (env.NODE_ENV === "production") {
      const misnamed = Object.keys(env).filter((k) => /^SLACK_/i.test(k) && !SLACK_VARIABLES.includes(k));
      throw new ConfigError(
        "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set; NODE_ENV=production needs them " +
          "(the sandbox is for development)" +
          (misnamed.length > 0 ? `; is ${misnamed.slice(0, 3).join(" or ")} one of them misspelt?` : "."),
      );
    }
    return { kind: "sandbox" };
  }
  if (!botToken)
    throw new ConfigError(
      "SLACK_BOT_TOKEN is not set; expected a bot token starting with xoxb- (SLACK_SIGNING_SECRET is set).",
    );
  if (!signingSecret)
    throw new ConfigError(
      "SLACK_SIGNING_SECRET is not set; expected the app's signing secret (SLACK_BOT_TOKEN is set).",
    );
  return appToken
    ? { kind: "socket", botToken, signingSecret, appToken }
    : { kind: "http", botToken, signingSecret };
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
