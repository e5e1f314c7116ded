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

export function createPrismaClient({ url, maxConnections = 10 }: DatabaseOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: url,
    max: maxConnections,
    // Fail fast when the server is gone, so users hear "try again shortly" within Slack's 3 s.
    connectionTimeoutMillis: 1_500,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}
