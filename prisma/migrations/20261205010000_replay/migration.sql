-- CreateTable
CREATE TABLE "replay_targets" (
    "id" TEXT NOT NULL,
    "interface" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "url" TEXT,
    "method" TEXT NOT NULL DEFAULT 'POST',
    "auth_header" TEXT,
    "auth_secret_env" TEXT,
    "auth_secret" TEXT,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "topic" TEXT,
    "key_template" TEXT,
    "rate_per_second" DOUBLE PRECISION NOT NULL DEFAULT 50,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "replay_targets_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "replay_targets_interface_key" ON "replay_targets"("interface");

-- CreateTable
CREATE TABLE "replay_tasks" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "selection" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "approved_by_id" TEXT,
    "approved_by" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "remaining" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "paused_until" TIMESTAMP(3),
    "backoff_ms" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "approved_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    CONSTRAINT "replay_tasks_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "replay_tasks_status_idx" ON "replay_tasks"("status");
CREATE INDEX "replay_tasks_created_at_idx" ON "replay_tasks"("created_at");

-- CreateTable
CREATE TABLE "replay_items" (
    "id" TEXT NOT NULL,
    "task_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "correlation_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "interface" TEXT NOT NULL,
    "plant" TEXT NOT NULL DEFAULT '',
    "idempotency_key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "skip_reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "sent_at" TIMESTAMP(3),
    "edited_payload" JSONB,
    CONSTRAINT "replay_items_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "replay_items_idempotency_key_key" ON "replay_items"("idempotency_key");
CREATE UNIQUE INDEX "replay_items_task_id_seq_key" ON "replay_items"("task_id", "seq");
CREATE INDEX "replay_items_task_id_status_seq_idx" ON "replay_items"("task_id", "status", "seq");
CREATE INDEX "replay_items_correlation_id_message_id_idx" ON "replay_items"("correlation_id", "message_id");
ALTER TABLE "replay_items" ADD CONSTRAINT "replay_items_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "replay_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
