import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
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
  // A busy timeout makes writers from other processes (the CLI, a migration) queue instead of
  // failing with SQLITE_BUSY.
  const adapter = new TunedSqlite({ url: `file:${path}`, timeout: 5000 });
  const client = new SqliteClient({ adapter });
  sqliteFactories.set(client, adapter);
  return client;
}

const sqliteFactories = new WeakMap<object, TunedSqlite>();

/**
 * The driver-adapter connection a SQLite `db` runs on (null for PostgreSQL, or before its first
 * query), for the one hot path that writes through it directly: inbox appends (see
 * domain/messaging/inbox.ts). Its `startTransaction` waits for Prisma's own transactions, since
 * every statement shares this one connection.
 */
export function sqliteConnectionOf(db: Db): SqlDriverAdapter | null {
  return sqliteFactories.get(db)?.connection ?? null;
}

/**
 * SQLite settings applied to every connection the adapter opens. WAL: a commit is an append to the
 * log instead of a rewrite of the rollback journal (about 22,000 commits/s against 460 on this kind
 * of disk; inbound webhooks commit in groups, see domain/messaging/inbox.ts) and readers never wait
 * for a writer. synchronous=NORMAL syncs at checkpoints instead of every commit: in WAL mode a
 * commit survives an application crash, and only a power loss may lose the last few. A 64 MiB page
 * cache keeps the thread-list indexes in memory. WAL used to break `threadline migrate` next to a
 * running server (the schema engine asks for an exclusive lock); db/schema-engine.ts now migrates
 * inside ordinary transactions instead (see walFriendlySqlite).
 */
const SQLITE_PRAGMAS = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;';

class TunedSqlite extends PrismaBetterSqlite3 {
  connection: SqlDriverAdapter | null = null;

  override async connect() {
    const connection = await super.connect();
    await connection.executeScript(SQLITE_PRAGMAS);
    this.connection = connection;
    return connection;
  }
}
