-- The exception inbox: groups, exceptions, comments, ownership, saved views, job watermarks.
CREATE TABLE "exception_groups" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "interface" TEXT NOT NULL DEFAULT '',
    "from_system" TEXT NOT NULL DEFAULT '',
    "to_system" TEXT NOT NULL DEFAULT '',
    "code" TEXT NOT NULL DEFAULT '',
    "workflow" TEXT NOT NULL DEFAULT '',
    "plants" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "systems" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "plant_counts" JSONB NOT NULL DEFAULT '{}',
    "count" INTEGER NOT NULL DEFAULT 0,
    "open_count" INTEGER NOT NULL DEFAULT 0,
    "first_seen" TIMESTAMP(3) NOT NULL,
    "last_seen" TIMESTAMP(3) NOT NULL,
    "lots" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "orders" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "last_error" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT 'new',
    "assignee_user_id" TEXT,
    "assignee_team" TEXT,
    "snoozed_until" TIMESTAMP(3),
    "snooze_until_count" INTEGER,
    "resolved_at" TIMESTAMP(3),
    "resolution" TEXT NOT NULL DEFAULT '',
    "ignored_reason" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "changed_by" TEXT NOT NULL DEFAULT 'system',
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exception_groups_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "exception_groups_last_seen_idx" ON "exception_groups"("last_seen");
CREATE INDEX "exception_groups_state_last_seen_idx" ON "exception_groups"("state", "last_seen");

CREATE TABLE "exception_records" (
    "id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "plant" TEXT NOT NULL DEFAULT '',
    "correlation_id" TEXT NOT NULL DEFAULT '',
    "message_id" TEXT NOT NULL DEFAULT '',
    "lots" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "orders" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "error" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),
    "closed_reason" TEXT NOT NULL DEFAULT '',
    "evidence" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "exception_records_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "exception_records_group_id_occurred_at_idx" ON "exception_records"("group_id", "occurred_at");
CREATE INDEX "exception_records_correlation_id_message_id_idx" ON "exception_records"("correlation_id", "message_id");
CREATE INDEX "exception_records_status_kind_idx" ON "exception_records"("status", "kind");

CREATE TABLE "exception_comments" (
    "id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exception_comments_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "exception_comments_group_id_created_at_idx" ON "exception_comments"("group_id", "created_at");

CREATE TABLE "ownership_rules" (
    "id" TEXT NOT NULL,
    "system" TEXT NOT NULL DEFAULT '',
    "interface" TEXT NOT NULL DEFAULT '',
    "team" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ownership_rules_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ownership_rules_system_interface_key" ON "ownership_rules"("system", "interface");

CREATE TABLE "exception_views" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exception_views_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "exception_views_user_id_name_key" ON "exception_views"("user_id", "name");

CREATE TABLE "exception_watermarks" (
    "source" TEXT NOT NULL,
    "watermark" TIMESTAMP(3) NOT NULL,
    "cursor" TEXT NOT NULL DEFAULT '',
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "exception_watermarks_pkey" PRIMARY KEY ("source")
);
