-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "messagingServiceSid" TEXT;
