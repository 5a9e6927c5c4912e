-- AlterTable: failed sends since the last success and when the last one was tried, so a failing
-- outlet is retried with back-off rather than every cycle.
ALTER TABLE "alert_notification_state" ADD COLUMN "failed_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "last_attempt_at" TIMESTAMP(3);
