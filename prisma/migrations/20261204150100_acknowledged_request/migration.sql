-- Work acknowledged to Slack before it is done (a move, a claim, a note, a submission): its
-- request, stored before the ack. The instance doing it holds the lease and finishes it; a
-- lease that lapses (the instance died) lets another instance replay the request.
CREATE TABLE "acknowledged_request" (
    "key" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_by" UUID NOT NULL,
    "locked_until" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "acknowledged_request_pkey" PRIMARY KEY ("key")
);

-- Unfinished work, by when its lease ends: what a recovering instance looks for.
CREATE INDEX "acknowledged_request_unfinished_idx" ON "acknowledged_request"("locked_until") WHERE "finished_at" IS NULL;
