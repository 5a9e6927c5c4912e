-- AlterTable: what the delivery log shows about each send.
ALTER TABLE "alert_deliveries" ADD COLUMN "target" TEXT NOT NULL DEFAULT '',
ADD COLUMN "signal_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "duration_ms" INTEGER;
