-- CreateTable
CREATE TABLE "InboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "carrierSid" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "nextAttemptAt" DATETIME NOT NULL,
    "claimToken" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "outcome" TEXT,
    "foldedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "InboxMessage_carrierSid_key" ON "InboxMessage"("carrierSid");

-- CreateIndex
CREATE INDEX "InboxMessage_foldedAt_nextAttemptAt_idx" ON "InboxMessage"("foldedAt", "nextAttemptAt");
