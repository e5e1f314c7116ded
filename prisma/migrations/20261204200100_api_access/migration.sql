-- The REST API: tokens (stored hashed), the first answer to each Idempotency-Key, and the
-- token a change came through, on its audit entry.
CREATE TYPE "ApiAccessLevel" AS ENUM ('READ', 'READ_WRITE');

ALTER TABLE "audit_event" ADD COLUMN "via" JSONB;

CREATE TABLE "api_token" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "access" "ApiAccessLevel" NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" TEXT,
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_idempotency_key" (
    "token_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER,
    "body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_idempotency_key_pkey" PRIMARY KEY ("token_id","key")
);

CREATE UNIQUE INDEX "api_token_secret_hash_key" ON "api_token"("secret_hash");
CREATE INDEX "api_token_workspace_id_created_at_idx" ON "api_token"("workspace_id", "created_at");
CREATE INDEX "api_idempotency_key_created_at_idx" ON "api_idempotency_key"("created_at");

ALTER TABLE "api_token" ADD CONSTRAINT "api_token_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "api_idempotency_key" ADD CONSTRAINT "api_idempotency_key_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_token"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The API's deal list pages by (updated_at, id), newest first.
CREATE INDEX "deal_workspace_id_updated_at_id_idx" ON "deal"("workspace_id", "updated_at", "id");
CREATE INDEX "project_workspace_id_updated_at_id_idx" ON "project"("workspace_id", "updated_at", "id");
CREATE INDEX "task_workspace_id_updated_at_id_idx" ON "task"("workspace_id", "updated_at", "id");
