-- Written by hand: Prisma's schema language has no virtual tables or triggers, and its diff
-- ignores both, so later migrations neither see nor drop them.
--
-- A trigram full-text index over Thread.searchText, so a thread search for a rare term looks the
-- term up instead of walking the business's whole thread list (domain/threads/query.ts decides
-- which). External content: the index stores trigrams only and reads the text from "Thread" by
-- rowid, so nothing is stored twice.
CREATE VIRTUAL TABLE "ThreadSearch" USING fts5("searchText", content='Thread', tokenize='trigram');

-- Triggers keep the index in step with every writer (Prisma, raw SQL in the inbox fold, bulk
-- loaders that insert rows directly).
-- CAUTION: a future migration that redefines "Thread" (Prisma's "RedefineTables": copy, DROP
-- TABLE, rename) drops these triggers and renumbers rowids. Such a migration must recreate the
-- three triggers and end with the 'rebuild' below. db/migrate.test.ts checks they exist.
-- (VACUUM keeps rowids in the SQLite we ship, 3.53, though SQLite's documentation does not promise
-- it for a table without an INTEGER PRIMARY KEY. 'rebuild' repairs the index in any such case.)
CREATE TRIGGER "Thread_search_insert" AFTER INSERT ON "Thread" BEGIN
    INSERT INTO "ThreadSearch" ("rowid", "searchText") VALUES (new."rowid", new."searchText");
END;
CREATE TRIGGER "Thread_search_delete" AFTER DELETE ON "Thread" BEGIN
    INSERT INTO "ThreadSearch" ("ThreadSearch", "rowid", "searchText") VALUES ('delete', old."rowid", old."searchText");
END;
CREATE TRIGGER "Thread_search_update" AFTER UPDATE OF "searchText" ON "Thread" WHEN old."searchText" IS NOT new."searchText" BEGIN
    INSERT INTO "ThreadSearch" ("ThreadSearch", "rowid", "searchText") VALUES ('delete', old."rowid", old."searchText");
    INSERT INTO "ThreadSearch" ("rowid", "searchText") VALUES (new."rowid", new."searchText");
END;

-- Backfill: index every existing thread.
INSERT INTO "ThreadSearch" ("ThreadSearch") VALUES ('rebuild');
