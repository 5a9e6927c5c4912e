-- Workflow and non-event definitions as data (lib/workflows/definition-spec.ts), versioned:
-- a save appends a version, so the SLA engine can judge each instance by the version in effect
-- at its trigger time, and plant calendars for business-hours SLAs.

-- CreateEnum
CREATE TYPE "DefinitionKind" AS ENUM ('workflow', 'non_event');

-- CreateTable
CREATE TABLE "definitions" (
    "id" TEXT NOT NULL,
    "kind" "DefinitionKind" NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "definitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "definition_versions" (
    "id" TEXT NOT NULL,
    "definition_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "effective_from" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" TEXT,
    "created_by_label" TEXT NOT NULL,

    CONSTRAINT "definition_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business_calendars" (
    "plant" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "weekly" JSONB NOT NULL,
    "holidays" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" TEXT,
    "updated_by_label" TEXT NOT NULL,

    CONSTRAINT "business_calendars_pkey" PRIMARY KEY ("plant")
);

-- CreateIndex
CREATE UNIQUE INDEX "definitions_kind_key_key" ON "definitions"("kind", "key");

-- CreateIndex
CREATE UNIQUE INDEX "definition_versions_definition_id_version_key" ON "definition_versions"("definition_id", "version");

-- AddForeignKey
ALTER TABLE "definition_versions" ADD CONSTRAINT "definition_versions_definition_id_fkey" FOREIGN KEY ("definition_id") REFERENCES "definitions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "definition_versions" ADD CONSTRAINT "definition_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "business_calendars" ADD CONSTRAINT "business_calendars_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
