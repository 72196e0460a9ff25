import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from './generated/postgres/client.ts';
import { SplitSqlite } from './sqlite.ts';

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

/**
 * Which provider a Prisma client, or one of its interactive transactions, runs on. Reads the
 * client's `_activeProvider` (not a documented API): if a Prisma upgrade drops it this throws, so
 * the tests say so instead of code quietly taking the wrong branch.
 */
export function providerOfClient(client: object): 'sqlite' | 'postgres' {
  const provider = (client as { _activeProvider?: unknown })._activeProvider;
  if (provider === 'postgresql') return 'postgres';
  if (provider === 'sqlite') return 'sqlite';
  throw new Error(`Cannot tell which database this Prisma client runs on (_activeProvider is ${String(provider)})`);
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
  const adapter = new SplitSqlite({ url: `file:${path}`, timeout: 5000 });
  const client = new SqliteClient({ adapter });
  sqliteFactories.set(client, adapter);
  return client;
}

const sqliteFactories = new WeakMap<object, SplitSqlite>();

/**
 * The driver-adapter connection a SQLite `db` runs on (null for PostgreSQL, or before its first
 * query), for the one hot path that writes through it directly: inbox appends (see
 * domain/messaging/inbox.ts). Its writes take their turn with Prisma's own transactions and writes
 * (see db/sqlite.ts).
 */
export function sqliteConnectionOf(db: Db): SqlDriverAdapter | null {
  return sqliteFactories.get(db)?.connection ?? null;
}
