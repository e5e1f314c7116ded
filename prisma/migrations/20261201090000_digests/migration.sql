-- Digests (issue 5): short subscription numbers (S-<n>), the default weekly subscription made
-- once per workspace, and each posted digest's figures.

-- AlterTable: number existing subscriptions in creation order before making it required.
ALTER TABLE "digest_subscription" ADD COLUMN     "default_key" TEXT,
ADD COLUMN     "number" INTEGER;

UPDATE "digest_subscription" s SET "number" = n.rn
  FROM (SELECT id, row_number() OVER (PARTITION BY workspace_id ORDER BY created_at, id) AS rn
          FROM "digest_subscription") n
 WHERE n.id = s.id;

ALTER TABLE "digest_subscription" ALTER COLUMN "number" SET NOT NULL;

-- AlterTable
ALTER TABLE "workspace" ADD COLUMN     "last_digest_subscription_number" INTEGER NOT NULL DEFAULT 0;

UPDATE "workspace" w SET "last_digest_subscription_number" = m.n
  FROM (SELECT workspace_id, max("number") AS n FROM "digest_subscription" GROUP BY workspace_id) m
 WHERE m.workspace_id = w.id;

-- CreateTable
CREATE TABLE "digest_run" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "subscription_id" UUID,
    "kind" "DigestKind" NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "figures" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "digest_run_workspace_id_kind_slot_idx" ON "digest_run"("workspace_id", "kind", "slot" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "digest_run_subscription_id_slot_key" ON "digest_run"("subscription_id", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "digest_subscription_default_key_key" ON "digest_subscription"("default_key");

-- CreateIndex
CREATE UNIQUE INDEX "digest_subscription_workspace_id_number_key" ON "digest_subscription"("workspace_id", "number");

-- AddForeignKey
ALTER TABLE "digest_run" ADD CONSTRAINT "digest_run_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "digest_subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;
