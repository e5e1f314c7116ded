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
  /**
   * How long a query may wait for a free pooled connection, and to connect. Answers owed
   * within Slack's 3 s need a short wait (a failure is then said in time); acknowledged work
   * may wait its turn under load rather than fail. A server that is down refuses at once
   * (ECONNREFUSED) and is reported without waiting.
   */
  waitMs?: number;
}

export function createPrismaClient({
  url,
  maxConnections = 20,
  waitMs = 2_500,
}: DatabaseOptions): PrismaClient {
  const adapter = new PrismaPg(
    {
      connectionString: url,
      max: maxConnections,
      connectionTimeoutMillis: waitMs,
      idleTimeoutMillis: 30_000,
    },
    // Named statements are parsed once per connection, then only bound and run (PostgreSQL
    // may also keep their plan): less work per query for the database.
    { statementNameGenerator: statementName },
  );
  return new PrismaClient({ adapter });
}

const statementNames = new Map<string, string>();

/**
 * One name per distinct SQL text (pg refuses one name for two texts, so a strong hash),
 * remembered: hashing every query's text cost 1.4% of the app's CPU under load. The texts
 * are the app's own few hundred; the bound only guards against an unforeseen many.
 */
function statementName(query: { sql: string }): string {
  let name = statementNames.get(query.sql);
  if (name === undefined) {
    if (statementNames.size >= 5_000) statementNames.clear();
    name = `h${createHash("sha1").update(query.sql).digest("hex")}`;
    statementNames.set(query.sql, name);
  }
  return name;
}

/**
 * Loads what Prisma loads on a client's first query (its query compiler, a WebAssembly module)
 * and opens a pooled connection, so the first request after start is as fast as the rest:
 * left lazy, it cost the first slash command about a second, a timeout on a loaded machine.
 */
export async function warmUp(client: PrismaClient): Promise<void> {
  await client.workspace.findFirst({ select: { id: true } });
}
