import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from './generated/postgres/client.ts';

/**
 * The Prisma client type the code is written against. Both generated clients come from one schema,
 * so the PostgreSQL client has the same shape; the cast in `createDb` relies on that.
 */
export type Db = SqliteClient;
export type { Prisma } from './generated/sqlite/client.ts';

/** Which provider a DATABASE_URL names. */
export function providerOf(databaseUrl: string): 'sqlite' | 'postgres' {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgres';
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${databaseUrl}"`);
}

/** Absolute path of a `file:` URL's SQLite database. */
export function sqlitePath(databaseUrl: string): string {
  return resolve(databaseUrl.slice('file:'.length));
}

/** Opens a Prisma client for a DATABASE_URL through the matching driver adapter. */
export function createDb(databaseUrl: string): Db {
  if (providerOf(databaseUrl) === 'postgres') {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as unknown as Db;
  }
  const path = sqlitePath(databaseUrl);
  mkdirSync(dirname(path), { recursive: true });
  // WAL lets the event stream read while a send writes; a busy timeout makes concurrent writers
  // queue instead of failing with SQLITE_BUSY.
  const adapter = new TunedSqlite({ url: `file:${path}`, timeout: 5000 });
  return new SqliteClient({ adapter });
}

/**
 * SQLite settings applied to every connection the adapter opens. synchronous=NORMAL syncs to disk
 * at fewer points per commit (still safe against an application crash); a 64 MiB page cache keeps
 * the thread-list indexes in memory instead of re-reading them from the OS on every page. Not WAL:
 * a WAL connection holds a lock that makes Prisma's schema engine fail (SQLITE_BUSY) to migrate
 * while any other process has the database open, e.g. `threadline migrate` next to a running server.
 */
const SQLITE_PRAGMAS = 'PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;';

class TunedSqlite extends PrismaBetterSqlite3 {
  override async connect() {
    const connection = await super.connect();
    await connection.executeScript(SQLITE_PRAGMAS);
    return connection;
  }
}
