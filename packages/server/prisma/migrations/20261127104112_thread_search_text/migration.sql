-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Thread" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "businessId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "lastActivityAt" DATETIME NOT NULL,
    "previewKind" TEXT NOT NULL,
    "previewText" TEXT NOT NULL,
    "previewDirection" TEXT NOT NULL,
    "unreadCount" INTEGER NOT NULL DEFAULT 0,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Thread_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Thread_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Thread" ("businessId", "contactId", "createdAt", "id", "lastActivityAt", "previewDirection", "previewKind", "previewText", "unreadCount") SELECT "businessId", "contactId", "createdAt", "id", "lastActivityAt", "previewDirection", "previewKind", "previewText", "unreadCount" FROM "Thread";
DROP TABLE "Thread";
ALTER TABLE "new_Thread" RENAME TO "Thread";
-- Backfill (added by hand): existing threads take their contact's search text.
UPDATE "Thread" SET "searchText" = (SELECT "searchText" FROM "Contact" WHERE "Contact"."id" = "Thread"."contactId");
CREATE UNIQUE INDEX "Thread_contactId_key" ON "Thread"("contactId");
CREATE INDEX "Thread_businessId_lastActivityAt_id_searchText_idx" ON "Thread"("businessId", "lastActivityAt" DESC, "id" DESC, "searchText");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
