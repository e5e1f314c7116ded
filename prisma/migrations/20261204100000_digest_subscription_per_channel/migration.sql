-- One digest subscription per channel and kind: subscribing a channel again changes its
-- schedule instead of adding a second digest (issue 16: #digest got the weekly one twice).
-- Existing duplicates keep one row per (workspace, channel, kind): an active one before a
-- cancelled one, the default before a person's, then the lowest number. The others' posted
-- digests move to it where it has none for that slot (so "since last week" still has its
-- baseline); the duplicates then go, with whatever runs could not move.
WITH ranked AS (
  SELECT id,
         first_value(id) OVER w AS keep_id,
         row_number() OVER w AS rank
    FROM "digest_subscription"
  WINDOW w AS (PARTITION BY workspace_id, channel_id, kind
               ORDER BY (cancelled_at IS NULL) DESC, (default_key IS NOT NULL) DESC, number)
),
moves AS (
  SELECT DISTINCT ON (ranked.keep_id, r.slot) r.id AS run_id, ranked.keep_id
    FROM "digest_run" r
    JOIN ranked ON r.subscription_id = ranked.id
   WHERE ranked.rank > 1
     AND NOT EXISTS (
       SELECT 1 FROM "digest_run" k WHERE k.subscription_id = ranked.keep_id AND k.slot = r.slot
     )
   ORDER BY ranked.keep_id, r.slot, r.created_at
)
UPDATE "digest_run" r SET subscription_id = moves.keep_id FROM moves WHERE r.id = moves.run_id;

WITH ranked AS (
  SELECT id,
         row_number() OVER (PARTITION BY workspace_id, channel_id, kind
                            ORDER BY (cancelled_at IS NULL) DESC, (default_key IS NOT NULL) DESC, number) AS rank
    FROM "digest_subscription"
)
DELETE FROM "digest_subscription" s USING ranked WHERE s.id = ranked.id AND ranked.rank > 1;

-- CreateIndex
CREATE UNIQUE INDEX "digest_subscription_workspace_id_channel_id_kind_key" ON "digest_subscription"("workspace_id", "channel_id", "kind");
