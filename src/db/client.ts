import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type { PrismaClient } from "./generated/prisma/client.ts";
/** A client or an interactive transaction: repositories accept either. */
export type Db = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface DatabaseOptions {
  url: string;
  /** Pool size per instance; Slack traffic is bursty but short. */
  maxConnections?: number;
}

export function createPrismaClient({ url, maxConnections = 20 }: DatabaseOptions): PrismaClient {
  const adapter = new PrismaPg(
    {
      connectionString: url,
      max: maxConnections,
      // pg applies this both to connecting and to waiting for a free pooled connection: long
      // enough for a burst of requests to queue, short enough to answer within Slack's 3 s.
      // A server that is down refuses at once (ECONNREFUSED) and is reported without waiting.
      connectionTimeoutMillis: 2_500,
      idleTimeoutMillis: 30_000,
    },
    // Named statements are parsed once per connection, then only bound and run (PostgreSQL
    // may also keep their plan): less work per query for the database.
    { statementNameGenerator: statementName },
  );
  return new PrismaClient({ adapter });
}

/** One name per distinct SQL text (pg refuses one name for two texts, so a strong hash). */
function statementName(query: { sql: string }): string {
  return `h${createHash("sha1").update(query.sql).digest("hex")}`;
}
