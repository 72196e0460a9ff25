-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Thread" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "lastActivityAt" DATETIME NOT NULL,
    "firstActivityAt" DATETIME NOT NULL,
    "firstActivityDay" INTEGER NOT NULL,
    "previewKind" TEXT NOT NULL,
    "previewText" TEXT NOT NULL,
    "previewDirection" TEXT NOT NULL,
    "unreadCount" INTEGER NOT NULL DEFAULT 0,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Thread_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Thread_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Backfill (added by hand): a thread's first activity is its oldest message or call (its last
-- activity if it has none, which the app never leaves behind), and its UTC day number.
INSERT INTO "new_Thread" ("businessId", "contactId", "createdAt", "id", "lastActivityAt", "firstActivityAt", "firstActivityDay", "previewDirection", "previewKind", "previewText", "searchText", "unreadCount") SELECT t."businessId", t."contactId", t."createdAt", t."id", t."lastActivityAt",
    MIN(t."lastActivityAt",
        COALESCE((SELECT MIN(m."createdAt") FROM "Message" m WHERE m."threadId" = t."id"), t."lastActivityAt"),
        COALESCE((SELECT MIN(k."startedAt") FROM "Call" k WHERE k."threadId" = t."id"), t."lastActivityAt")),
    0, t."previewDirection", t."previewKind", t."previewText", t."searchText", t."unreadCount" FROM "Thread" t;
UPDATE "new_Thread" SET "firstActivityDay" = CAST(julianday(substr("firstActivityAt", 1, 10)) - 2440587.5 AS INTEGER);
DROP TABLE "Thread";
ALTER TABLE "new_Thread" RENAME TO "Thread";
CREATE UNIQUE INDEX "Thread_contactId_key" ON "Thread"("contactId");
CREATE INDEX "Thread_businessId_lastActivityAt_id_searchText_firstActivityDay_idx" ON "Thread"("businessId", "lastActivityAt" DESC, "id" DESC, "searchText", "firstActivityDay");
CREATE TABLE "new_ThreadNumber" (
    "threadId" TEXT NOT NULL,
    "trackingNumberId" TEXT NOT NULL,
    "firstActivityAt" DATETIME NOT NULL,
    "lastActivityAt" DATETIME NOT NULL,

    PRIMARY KEY ("threadId", "trackingNumberId"),
    CONSTRAINT "ThreadNumber_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "Thread" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ThreadNumber_trackingNumberId_fkey" FOREIGN KEY ("trackingNumberId") REFERENCES "TrackingNumber" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Backfill (added by hand): the oldest message or call of the thread on that number.
INSERT INTO "new_ThreadNumber" ("lastActivityAt", "firstActivityAt", "threadId", "trackingNumberId") SELECT n."lastActivityAt",
    MIN(n."lastActivityAt",
        COALESCE((SELECT MIN(m."createdAt") FROM "Message" m WHERE m."threadId" = n."threadId" AND m."trackingNumberId" = n."trackingNumberId"), n."lastActivityAt"),
        COALESCE((SELECT MIN(k."startedAt") FROM "Call" k WHERE k."threadId" = n."threadId" AND k."trackingNumberId" = n."trackingNumberId"), n."lastActivityAt")),
    n."threadId", n."trackingNumberId" FROM "ThreadNumber" n;
DROP TABLE "ThreadNumber";
ALTER TABLE "new_ThreadNumber" RENAME TO "ThreadNumber";
CREATE INDEX "ThreadNumber_trackingNumberId_lastActivityAt_idx" ON "ThreadNumber"("trackingNumberId", "lastActivityAt" DESC);
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
