-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'MANAGER', 'MEMBER');

-- CreateEnum
CREATE TYPE "StageKind" AS ENUM ('OPEN', 'WON', 'LOST');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('ACTIVE', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('OPEN', 'DONE');

-- CreateEnum
CREATE TYPE "DigestKind" AS ENUM ('WEEKLY', 'DAILY');

-- CreateEnum
CREATE TYPE "SlackEffectStatus" AS ENUM ('PENDING', 'DELIVERED', 'DEAD');

-- CreateTable
CREATE TABLE "workspace" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "sales_channel_id" TEXT,
    "wins_channel_id" TEXT,
    "delivery_channel_id" TEXT,
    "digest_channel_id" TEXT,
    "time_zone" TEXT,
    "last_deal_number" INTEGER NOT NULL DEFAULT 0,
    "last_project_number" INTEGER NOT NULL DEFAULT 0,
    "last_task_number" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "workspace_id" TEXT NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "name" TEXT,
    "time_zone" TEXT,
    "role" "Role" NOT NULL DEFAULT 'MEMBER',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "person_pkey" PRIMARY KEY ("workspace_id","slack_user_id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stage" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "probability" INTEGER NOT NULL,
    "stale_after_days" INTEGER,
    "kind" "StageKind" NOT NULL DEFAULT 'OPEN',
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "stage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "domain" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "account_id" UUID,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "title" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deal" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "account_id" UUID,
    "amount" DECIMAL(20,4),
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "stage_id" UUID NOT NULL,
    "owner_id" TEXT NOT NULL,
    "expected_close_date" DATE,
    "next_step" TEXT,
    "next_step_date" DATE,
    "source" TEXT,
    "lost_reason" TEXT,
    "stage_entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "card_channel_id" TEXT,
    "card_ts" TEXT,
    "creation_key" TEXT,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "deal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deal_contact" (
    "deal_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "role" TEXT,

    CONSTRAINT "deal_contact_pkey" PRIMARY KEY ("deal_id","contact_id")
);

-- CreateTable
CREATE TABLE "deal_stage_change" (
    "id" BIGSERIAL NOT NULL,
    "deal_id" UUID NOT NULL,
    "from_stage_id" UUID,
    "to_stage_id" UUID NOT NULL,
    "changed_by_id" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deal_stage_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deal_note" (
    "id" UUID NOT NULL,
    "deal_id" UUID NOT NULL,
    "author_id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deal_note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "definition" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "deal_id" UUID,
    "account_id" UUID,
    "template_id" UUID,
    "delivery_lead_id" TEXT,
    "kickoff_date" DATE NOT NULL,
    "status" "ProjectStatus" NOT NULL DEFAULT 'ACTIVE',
    "goals" TEXT,
    "commitments" TEXT,
    "key_contacts" TEXT,
    "channel_id" TEXT,
    "thread_ts" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "project_id" UUID NOT NULL,
    "phase" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "owner_role" TEXT,
    "due_date" DATE,
    "assignee_id" TEXT,
    "status" "TaskStatus" NOT NULL DEFAULT 'OPEN',
    "claimed_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "completed_by_id" TEXT,
    "message_ts" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_dependency" (
    "task_id" UUID NOT NULL,
    "depends_on_id" UUID NOT NULL,

    CONSTRAINT "task_dependency_pkey" PRIMARY KEY ("task_id","depends_on_id")
);

-- CreateTable
CREATE TABLE "digest_subscription" (
    "id" UUID NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "kind" "DigestKind" NOT NULL,
    "channel_id" TEXT NOT NULL,
    "day_of_week" INTEGER,
    "time" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelled_at" TIMESTAMPTZ(3),

    CONSTRAINT "digest_subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_run" (
    "id" BIGSERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "claimed_by" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "job_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slack_effect" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "ordering_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "SlackEffectStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "slack_effect_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_request" (
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_request_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "audit_event_workspace_id_entity_type_entity_id_at_idx" ON "audit_event"("workspace_id", "entity_type", "entity_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_workspace_id_at_idx" ON "audit_event"("workspace_id", "at" DESC);

-- CreateIndex
CREATE INDEX "stage_workspace_id_position_idx" ON "stage"("workspace_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "stage_workspace_id_key_key" ON "stage"("workspace_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "account_workspace_id_name_key_key" ON "account"("workspace_id", "name_key");

-- CreateIndex
CREATE INDEX "contact_workspace_id_account_id_idx" ON "contact"("workspace_id", "account_id");

-- CreateIndex
CREATE INDEX "deal_workspace_id_owner_id_stage_id_idx" ON "deal"("workspace_id", "owner_id", "stage_id");

-- CreateIndex
CREATE INDEX "deal_workspace_id_stage_id_idx" ON "deal"("workspace_id", "stage_id");

-- CreateIndex
CREATE UNIQUE INDEX "deal_workspace_id_number_key" ON "deal"("workspace_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "deal_workspace_id_creation_key_key" ON "deal"("workspace_id", "creation_key");

-- CreateIndex
CREATE INDEX "deal_stage_change_deal_id_changed_at_idx" ON "deal_stage_change"("deal_id", "changed_at");

-- CreateIndex
CREATE INDEX "deal_stage_change_to_stage_id_changed_at_idx" ON "deal_stage_change"("to_stage_id", "changed_at");

-- CreateIndex
CREATE INDEX "deal_note_deal_id_created_at_idx" ON "deal_note"("deal_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "template_workspace_id_key_key" ON "template"("workspace_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "project_deal_id_key" ON "project"("deal_id");

-- CreateIndex
CREATE INDEX "project_workspace_id_status_idx" ON "project"("workspace_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "project_workspace_id_number_key" ON "project"("workspace_id", "number");

-- CreateIndex
CREATE INDEX "task_project_id_position_idx" ON "task"("project_id", "position");

-- CreateIndex
CREATE INDEX "task_workspace_id_assignee_id_status_idx" ON "task"("workspace_id", "assignee_id", "status");

-- CreateIndex
CREATE INDEX "task_workspace_id_status_due_date_idx" ON "task"("workspace_id", "status", "due_date");

-- CreateIndex
CREATE UNIQUE INDEX "task_workspace_id_number_key" ON "task"("workspace_id", "number");

-- CreateIndex
CREATE INDEX "task_dependency_depends_on_id_idx" ON "task_dependency"("depends_on_id");

-- CreateIndex
CREATE INDEX "digest_subscription_workspace_id_cancelled_at_idx" ON "digest_subscription"("workspace_id", "cancelled_at");

-- CreateIndex
CREATE UNIQUE INDEX "job_run_job_slot_key" ON "job_run"("job", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "slack_effect_idempotency_key_key" ON "slack_effect"("idempotency_key");

-- CreateIndex
CREATE INDEX "slack_effect_status_next_attempt_at_idx" ON "slack_effect"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "slack_effect_ordering_key_id_idx" ON "slack_effect"("ordering_key", "id");

-- CreateIndex
CREATE INDEX "processed_request_created_at_idx" ON "processed_request"("created_at");

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage" ADD CONSTRAINT "stage_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact" ADD CONSTRAINT "contact_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact" ADD CONSTRAINT "contact_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal" ADD CONSTRAINT "deal_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal" ADD CONSTRAINT "deal_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal" ADD CONSTRAINT "deal_stage_id_fkey" FOREIGN KEY ("stage_id") REFERENCES "stage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal_contact" ADD CONSTRAINT "deal_contact_deal_id_fkey" FOREIGN KEY ("deal_id") REFERENCES "deal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal_contact" ADD CONSTRAINT "deal_contact_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal_stage_change" ADD CONSTRAINT "deal_stage_change_deal_id_fkey" FOREIGN KEY ("deal_id") REFERENCES "deal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal_stage_change" ADD CONSTRAINT "deal_stage_change_from_stage_id_fkey" FOREIGN KEY ("from_stage_id") REFERENCES "stage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal_stage_change" ADD CONSTRAINT "deal_stage_change_to_stage_id_fkey" FOREIGN KEY ("to_stage_id") REFERENCES "stage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deal_note" ADD CONSTRAINT "deal_note_deal_id_fkey" FOREIGN KEY ("deal_id") REFERENCES "deal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template" ADD CONSTRAINT "template_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project" ADD CONSTRAINT "project_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project" ADD CONSTRAINT "project_deal_id_fkey" FOREIGN KEY ("deal_id") REFERENCES "deal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project" ADD CONSTRAINT "project_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project" ADD CONSTRAINT "project_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_dependency" ADD CONSTRAINT "task_dependency_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_dependency" ADD CONSTRAINT "task_dependency_depends_on_id_fkey" FOREIGN KEY ("depends_on_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "digest_subscription" ADD CONSTRAINT "digest_subscription_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slack_effect" ADD CONSTRAINT "slack_effect_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
