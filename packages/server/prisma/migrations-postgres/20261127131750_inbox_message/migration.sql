-- CreateTable
CREATE TABLE "InboxMessage" (
    "id" SERIAL NOT NULL,
    "carrierSid" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "claimToken" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "outcome" TEXT,
    "foldedAt" TIMESTAMP(3),

    CONSTRAINT "InboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InboxMessage_carrierSid_key" ON "InboxMessage"("carrierSid");

-- CreateIndex
CREATE INDEX "InboxMessage_foldedAt_nextAttemptAt_idx" ON "InboxMessage"("foldedAt", "nextAttemptAt");
