-- AlterTable
ALTER TABLE "deal" ADD COLUMN     "awaiting_owner" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "workspace" ADD COLUMN     "last_lead_owner_id" TEXT;

-- CreateTable
CREATE TABLE "lead_source" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "lead_source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lead" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "deal_id" UUID NOT NULL,
    "source_id" UUID,
    "email_key" TEXT,
    "disposition" TEXT NOT NULL,
    "assignment" TEXT NOT NULL DEFAULT 'take_it',
    "message" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "message_channel_id" TEXT,
    "message_ts" TEXT,

    CONSTRAINT "lead_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "lead_source_secret_hash_key" ON "lead_source"("secret_hash");

-- CreateIndex
CREATE INDEX "lead_source_workspace_id_created_at_idx" ON "lead_source"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "lead_workspace_id_email_key_received_at_idx" ON "lead"("workspace_id", "email_key", "received_at");

-- CreateIndex
CREATE INDEX "lead_deal_id_idx" ON "lead"("deal_id");

-- AddForeignKey
ALTER TABLE "lead_source" ADD CONSTRAINT "lead_source_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead" ADD CONSTRAINT "lead_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead" ADD CONSTRAINT "lead_deal_id_fkey" FOREIGN KEY ("deal_id") REFERENCES "deal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead" ADD CONSTRAINT "lead_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "lead_source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

