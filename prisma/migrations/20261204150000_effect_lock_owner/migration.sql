-- Fencing: the claim that holds an effect's lock. A delivery goes to Slack only while its
-- claim still holds the row, and only its holder may record the outcome.
ALTER TABLE "slack_effect" ADD COLUMN "locked_by" UUID;

-- When a post's outcome became unknown (a timeout or a broken connection after the request
-- left): a retry first looks for the message posted then, instead of posting it twice.
ALTER TABLE "slack_effect" ADD COLUMN "in_doubt_since" TIMESTAMPTZ(3);
