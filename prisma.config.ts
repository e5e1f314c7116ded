import { defineConfig } from "prisma/config";

// Prisma 7 reads the connection for `migrate`/`db` commands from here. `prisma generate`
// (run on install) needs no database, so a missing DATABASE_URL must not throw: the app's
// own start-up (src/db/migrate.ts) always passes the URL it resolved, embedded or not.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
