-- The deal's name as an import compares it (lower case, runs of spaces made one), kept by
-- PostgreSQL so that no write path can forget it.
ALTER TABLE "deal" ADD COLUMN "name_key" TEXT
  GENERATED ALWAYS AS (lower(regexp_replace(btrim("name"), '\s+', ' ', 'g'))) STORED;

-- CreateIndex
CREATE INDEX "deal_workspace_id_name_key_idx" ON "deal"("workspace_id", "name_key");
