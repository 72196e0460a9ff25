-- DropIndex
DROP INDEX "Thread_businessId_lastActivityAt_id_searchText_idx";

-- AlterTable (by hand: added nullable, backfilled, then NOT NULL, so existing rows migrate)
ALTER TABLE "Thread" ADD COLUMN     "firstActivityAt" TIMESTAMP(3),
ADD COLUMN     "firstActivityDay" INTEGER;

-- AlterTable
ALTER TABLE "ThreadNumber" ADD COLUMN     "firstActivityAt" TIMESTAMP(3);

-- Backfill: the oldest message or call of the thread (of the thread on that number), or its last
-- activity if it has none. LEAST skips the NULL of a thread without calls or without messages.
UPDATE "Thread" t SET "firstActivityAt" = LEAST(t."lastActivityAt",
    (SELECT MIN(m."createdAt") FROM "Message" m WHERE m."threadId" = t."id"),
    (SELECT MIN(k."startedAt") FROM "Call" k WHERE k."threadId" = t."id"));
UPDATE "Thread" SET "firstActivityDay" = "firstActivityAt"::date - DATE '1970-01-01';
UPDATE "ThreadNumber" n SET "firstActivityAt" = LEAST(n."lastActivityAt",
    (SELECT MIN(m."createdAt") FROM "Message" m WHERE m."threadId" = n."threadId" AND m."trackingNumberId" = n."trackingNumberId"),
    (SELECT MIN(k."startedAt") FROM "Call" k WHERE k."threadId" = n."threadId" AND k."trackingNumberId" = n."trackingNumberId"));
ALTER TABLE "Thread" ALTER COLUMN "firstActivityAt" SET NOT NULL,
ALTER COLUMN "firstActivityDay" SET NOT NULL;
ALTER TABLE "ThreadNumber" ALTER COLUMN "firstActivityAt" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Thread_businessId_lastActivityAt_id_searchText_firstActivit_idx" ON "Thread"("businessId", "lastActivityAt" DESC, "id" DESC, "searchText", "firstActivityDay");
