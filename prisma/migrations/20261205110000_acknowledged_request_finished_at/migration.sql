-- CreateIndex
CREATE INDEX "acknowledged_request_finished_at_idx" ON "acknowledged_request"("finished_at");
