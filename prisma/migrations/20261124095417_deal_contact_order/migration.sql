-- AlterTable
ALTER TABLE "deal_contact" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "contact_workspace_id_email_idx" ON "contact"("workspace_id", "email");
