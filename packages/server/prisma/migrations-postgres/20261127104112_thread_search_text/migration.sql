-- DropIndex
DROP INDEX "Thread_businessId_lastActivityAt_id_idx";

-- AlterTable
ALTER TABLE "Thread" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- Backfill (added by hand): existing threads take their contact's search text.
UPDATE "Thread" SET "searchText" = (SELECT "searchText" FROM "Contact" WHERE "Contact"."id" = "Thread"."contactId");

-- CreateIndex
CREATE INDEX "Thread_businessId_lastActivityAt_id_searchText_idx" ON "Thread"("businessId", "lastActivityAt" DESC, "id" DESC, "searchText");
