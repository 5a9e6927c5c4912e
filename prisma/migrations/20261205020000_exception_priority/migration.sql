-- AlterTable: each open group's business impact (through genealogy) and quality risk, computed by
-- the exceptions job, so the inbox ranks by priority and the group page shows impact without
-- walking the genealogy on every view.
ALTER TABLE "exception_groups" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "quality_risk" TEXT NOT NULL DEFAULT 'normal',
ADD COLUMN "impact" JSONB,
ADD COLUMN "impact_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "exception_groups_priority_id_idx" ON "exception_groups"("priority", "id");
