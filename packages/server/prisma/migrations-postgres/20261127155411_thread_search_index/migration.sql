-- Trigram index (added by hand: Prisma's schema cannot enable an extension without a preview
-- feature). pg_trgm ships with PostgreSQL's contrib package, and IF NOT EXISTS keeps a database
-- where an administrator already enabled it working. (No semicolons in comments here: the
-- PostgreSQL adapter splits a script on them.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Thread_searchText_idx" ON "Thread" USING GIN ("searchText" gin_trgm_ops);
