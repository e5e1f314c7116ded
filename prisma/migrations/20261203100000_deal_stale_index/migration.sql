-- /pipeline's stale list: per stage, least recently active first (the old index was its prefix).
DROP INDEX "deal_workspace_id_stage_id_idx";

CREATE INDEX "deal_workspace_id_stage_id_last_activity_at_idx" ON "deal"("workspace_id", "stage_id", "last_activity_at");
