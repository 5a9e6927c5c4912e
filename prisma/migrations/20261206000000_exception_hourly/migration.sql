-- CreateTable: occurrences per group, plant and hour, kept by the exceptions job as it stores
-- occurrences, so the inbox's trend sparklines read a few dozen rows per group instead of
-- grouping every exception record of the last day on each page view.
CREATE TABLE "exception_hourly" (
    "group_id" TEXT NOT NULL,
    "plant" TEXT NOT NULL DEFAULT '',
    "hour" TIMESTAMP(3) NOT NULL,
    "n" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "exception_hourly_pkey" PRIMARY KEY ("group_id","hour","plant")
);

-- Backfill from what is already stored.
INSERT INTO "exception_hourly" ("group_id", "plant", "hour", "n")
SELECT "group_id", "plant", date_trunc('hour', "occurred_at"), count(*)::int
FROM "exception_records"
GROUP BY 1, 2, 3;

-- The delivery checks read open records newest first, and sweep through the older ones.
DROP INDEX "exception_records_status_kind_idx";
CREATE INDEX "exception_records_status_kind_occurred_at_id_idx" ON "exception_records"("status", "kind", "occurred_at", "id");
