// Prisma's own schema engine (migrations, diffs), run from its wasm build through a driver adapter.
// The prisma CLI's migrate commands need a native engine binary that cannot be downloaded here, but
// the wasm engine talks to the database through the same driver adapters the client uses, so
// migrations stay byte-for-byte Prisma's (same SQL, same `_prisma_migrations` table).
// See /work/shared/ENV.md "Prisma 7 offline" for the four traps handled below, and trap 5 (WAL) at walFriendlySqlite.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';

export type Provider = 'sqlite' | 'postgres';

/** packages/server, found from this file (src/db/ under tsx, dist/db/ when compiled). */
export const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

export const providerFiles = {
  sqlite: { schema: 'prisma/schema.prisma', migrations: 'prisma/migrations', lockProvider: 'sqlite' },
  postgres: { schema: 'prisma/schema.postgres.prisma', migrations: 'prisma/migrations-postgres', lockProvider: 'postgresql' },
} as const;

/**
 * Tables that migrations create by hand and Prisma's schema cannot describe, so its diff must leave
 * them alone (otherwise `migration:new` writes DROP TABLE for them). On SQLite: the FTS5 thread
 * search index and the shadow tables FTS5 keeps for it (see the thread_search_index migration).
 */
export const externalTables: Record<Provider, string[]> = {
  sqlite: ['ThreadSearch', 'ThreadSearch_config', 'ThreadSearch_data', 'ThreadSearch_docsize', 'ThreadSearch_idx'],
  postgres: [],
};

export function providerOf(databaseUrl: string): Provider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgres';
  throw new Error(`Unsupported database URL (expected file:, postgres:// or postgresql://): ${databaseUrl}`);
}

// ---------------------------------------------------------------------------------------------
// Loading the wasm. The package's entry does `import * as wasm from "./x.wasm"`, which Node 20 only
// accepts behind --experimental-wasm-modules, so instantiate the bytes ourselves, wired to the
// package's JS glue. The glue keeps the instance in a module-level variable: do it once per process.
let engineClass: Promise<typeof SchemaEngine> | undefined;

function loadEngineClass(): Promise<typeof SchemaEngine> {
  engineClass ??= (async () => {
    const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = await import(gluePath);
    const bytes = await readFile(join(dirname(gluePath), 'schema_engine_bg.wasm'));
    // The engine arms setTimeout for its internal timeouts (e.g. the 10 s PostgreSQL migration
    // lock) and never clears them, so a finished run would keep Node alive ~10 s. Unref them; a
    // ref'd keep-alive held during each engine call (see `guarded`) stands in for them.
    const imports: Record<string, unknown> = { ...glue };
    for (const key of Object.keys(glue).filter((k) => k.startsWith('__wbg_setTimeout_'))) {
      imports[key] = (...args: unknown[]) => glue[key](...args).unref();
    }
    // The wasm imports its JS helpers from a module named after the glue file.
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports as any });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine as typeof SchemaEngine;
  })();
  return engineClass;
}

// ---------------------------------------------------------------------------------------------
// Adapters. Every adapter handed to the engine is remembered so close() can dispose it: the engine
// disposes shadow connections but never its main one (trap 4, part 1: an idle pg pool keeps Node
// alive until its 10 s idle timeout; part 2 is the engine's timers, see loadEngineClass).

type Tracker = Set<SqlDriverAdapter>;

/** A copy of `adapter` with some methods replaced. Delegates by calling through the original
 *  (not Object.create) because the adapters use private #fields that need the real `this`. */
function override(adapter: SqlDriverAdapter, patch: Partial<SqlDriverAdapter>): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (q) => adapter.queryRaw(q),
    executeRaw: (q) => adapter.executeRaw(q),
    executeScript: (s) => adapter.executeScript(s),
    startTransaction: (l) => adapter.startTransaction(l),
    dispose: () => adapter.dispose(),
    ...(adapter.getConnectionInfo && { getConnectionInfo: () => adapter.getConnectionInfo!() }),
    ...patch,
  };
}

function tracked(adapter: SqlDriverAdapter, opened: Tracker, onDispose?: () => Promise<void>): SqlDriverAdapter {
  let disposed = false;
  const wrapper = override(adapter, {
    async dispose() {
      if (disposed) return; // the engine and close() may both dispose
      disposed = true;
      opened.delete(wrapper);
      try {
        await adapter.dispose();
      } finally {
        await onDispose?.();
      }
    },
  });
  opened.add(wrapper);
  return wrapper;
}

/** Trap 1: the shadow replay sends a whole migration script through a parameterless executeRaw,
 *  which better-sqlite3's prepare() rejects ("contains more than one statement"). */
function scriptAwareSqlite(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return override(adapter, {
    async executeRaw(query) {
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0; // exec() reports no row count; parameterless statements here are DDL/scripts
    },
  });
}

/** The engine's first statement on a SQLite connection: hold every lock until the run ends. */
const EXCLUSIVE_LOCKING = /^\s*PRAGMA\s+main\.locking_mode\s*=\s*EXCLUSIVE\s*;?\s*$/i;
const FOREIGN_KEYS_PRAGMA = /^\s*PRAGMA\s+foreign_keys\s*=\s*(ON|OFF)\s*;\s*$/gim;

/**
 * Trap 5 (WAL): the engine starts with `PRAGMA main.locking_mode=EXCLUSIVE`. On a WAL database that
 * needs every other connection closed, so `threadline migrate` next to a running server waited out
 * its busy timeout and failed with SQLITE_BUSY. The exclusive lock only served to keep other writers
 * out while a migration ran, so drop it and make each migration script one `BEGIN IMMEDIATE`
 * transaction instead: the server's writes wait (busy timeout) for the few milliseconds it takes
 * and never land between two statements of a table rebuild, and a failing script leaves nothing
 * half-applied. `PRAGMA foreign_keys` is a no-op inside a transaction, so a rebuild's
 * `foreign_keys=OFF` runs before BEGIN and `=ON` after COMMIT, as SQLite's documented
 * table-rebuild procedure does.
 */
function walFriendlySqlite(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return override(adapter, {
    async executeScript(script) {
      if (EXCLUSIVE_LOCKING.test(script)) return;
      // Only whole migration scripts (DDL); the engine's own bookkeeping goes through queries.
      if (!/\b(CREATE|ALTER|DROP)\s/i.test(script) || /^\s*BEGIN\b/im.test(script)) return adapter.executeScript(script);
      const foreignKeysOff = /^\s*PRAGMA\s+foreign_keys\s*=\s*OFF/im.test(script);
      if (foreignKeysOff) await adapter.executeScript('PRAGMA foreign_keys=OFF;');
      try {
        await adapter.executeScript(`BEGIN IMMEDIATE;\n${script.replace(FOREIGN_KEYS_PRAGMA, '')}\nCOMMIT;`);
      } catch (error) {
        await adapter.executeScript('ROLLBACK;').catch(() => {}); // none open if BEGIN itself failed
        throw error;
      } finally {
        if (foreignKeysOff) await adapter.executeScript('PRAGMA foreign_keys=ON;');
      }
    },
  });
}

function sqliteFactory(databaseUrl: string, opened: Tracker): SqlMigrationAwareDriverAdapterFactory {
  // The shadow database is better-sqlite3's default, an in-memory database. A busy timeout lets a
  // migration wait for a running server's write to finish instead of failing at once.
  const inner = new PrismaBetterSqlite3({ url: databaseUrl, timeout: 10_000 });
  return {
    provider: 'sqlite',
    adapterName: inner.adapterName,
    connect: async () => tracked(scriptAwareSqlite(walFriendlySqlite(await inner.connect())), opened),
    connectToShadowDb: async () => tracked(scriptAwareSqlite(await inner.connectToShadowDb()), opened),
  };
}

/** Trap 2: pg lets a connectionString override `database`, so pass the parts instead. */
export function pgConfig(databaseUrl: string): pg.PoolConfig {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname || undefined,
    port: url.port ? Number(url.port) : undefined,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.slice(1)) || undefined,
  };
}

/** Trap 3: the engine's introspection reads pg_catalog "char" columns (OID 18), which adapter-pg
 *  cannot map. pg already returns them as strings, so relabel them as text (OID 25). Done in the
 *  Client class so pool queries and transaction queries are both covered. */
class CharAsTextClient extends pg.Client {
  override query(...args: unknown[]): any {
    const relabel = (res: any) => {
      for (const r of Array.isArray(res) ? res : [res]) {
        for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
      }
      return res;
    };
    const cb = args.findIndex((a) => typeof a === 'function');
    if (cb >= 0) {
      const original = args[cb] as (err: unknown, res: unknown) => void;
      args[cb] = (err: unknown, res: unknown) => original(err, err ? res : relabel(res));
      return (super.query as any)(...args);
    }
    const ret = (super.query as any)(...args);
    return typeof ret?.then === 'function' ? ret.then(relabel) : ret;
  }
}

function postgresFactory(databaseUrl: string, opened: Tracker): SqlMigrationAwareDriverAdapterFactory {
  const config: pg.PoolConfig = { ...pgConfig(databaseUrl), Client: CharAsTextClient as any };
  const inner = new PrismaPg(config);
  return {
    provider: 'postgres',
    adapterName: inner.adapterName,
    connect: async () => tracked(await inner.connect(), opened),
    // Trap 2 again: adapter-pg's own connectToShadowDb drops without FORCE (fails while the engine
    // still holds connections) and never closes its admin pool. Create and drop it ourselves.
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${process.pid}_${Date.now().toString(36)}`;
      await adminQuery(config, `CREATE DATABASE "${name}"`);
      const shadow = await new PrismaPg({ ...config, database: name }).connect();
      return tracked(shadow, opened, () => adminQuery(config, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** One statement on a short-lived connection (CREATE/DROP DATABASE cannot share a transaction). */
async function adminQuery(config: pg.ClientConfig, sql: string): Promise<void> {
  const client = new pg.Client({ ...config });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------

export interface EngineSession {
  provider: Provider;
  engine: SchemaEngine;
  /** Frees the engine and disposes every connection it opened. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the wasm schema engine on `databaseUrl` (file:... or postgres://...), with that provider's
 * schema as its datamodel. For PostgreSQL the engine's shadow database (used by diffs from a
 * migrations folder) is a throwaway database on the same server.
 */
export async function openSchemaEngine(databaseUrl: string): Promise<EngineSession> {
  const provider = providerOf(databaseUrl);
  const opened: Tracker = new Set();
  const factory = provider === 'sqlite' ? sqliteFactory(databaseUrl, opened) : postgresFactory(databaseUrl, opened);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const schemaPath = providerFiles[provider].schema;
  const schema = await readFile(join(serverRoot, schemaPath), 'utf8');
  const Engine = await loadEngineClass();
  const log = process.env.DEBUG_SCHEMA_ENGINE ? (line: string) => console.error('[schema-engine]', line) : () => {};
  const disposeAll = async () => {
    // Shadow databases first (their disposal drops the database), then the main connection.
    for (const adapter of [...opened].reverse()) await adapter.dispose();
  };
  let engine: SchemaEngine;
  try {
    engine = guarded(
      await guardedCall(() => Engine.new({ datamodels: [[schemaPath, schema]] }, log, bound), bound.errorRegistry),
      bound.errorRegistry,
    );
  } catch (e) {
    await disposeAll(); // it may have connected before failing
    throw e;
  }
  let closed = false;
  return {
    provider,
    engine,
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
      await disposeAll();
    },
  };
}

/** Runs `fn` with an engine session and always closes it. */
export async function withSchemaEngine<T>(databaseUrl: string, fn: (session: EngineSession) => Promise<T>): Promise<T> {
  const session = await openSchemaEngine(databaseUrl);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

// While any engine call is in flight, hold one ref'd timer so Node cannot exit mid-call (the
// engine's own timers are unref'd above, and a call may be waiting on nothing but one of them).
let inFlight = 0;
let keepAlive: NodeJS.Timeout | undefined;

async function guardedCall<T>(call: () => Promise<T>, registry: ErrorRegistry): Promise<T> {
  if (inFlight++ === 0) keepAlive = setInterval(() => {}, 1 << 30);
  try {
    return await call();
  } catch (e) {
    throw readableError(e, registry);
  } finally {
    if (--inFlight === 0) clearInterval(keepAlive);
  }
}

/** Wraps every async engine method with guardedCall. */
function guarded(engine: SchemaEngine, registry: ErrorRegistry): SchemaEngine {
  return new Proxy(engine, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const ret = value.apply(target, args);
        return ret instanceof Promise ? guardedCall(() => ret, registry) : ret;
      };
    },
  });
}

type ErrorRegistry = { consumeError(id: number): { error: unknown } | undefined };

// Driver errors reach the engine only as "External error id#N"; the real error sits in the bound
// factory's registry. Put it back into the message so failures are diagnosable.
function readableError(e: unknown, registry: ErrorRegistry): unknown {
  if (!(e instanceof Error)) return e;
  e.message = e.message.replace(/External error id#(\d+)/g, (whole, id: string) => {
    const record = registry.consumeError(Number(id))?.error as any;
    if (!record) return whole;
    const detail = record.cause?.originalMessage ?? record.message ?? JSON.stringify(record);
    return `${whole} (${record.kind ?? 'driver'}: ${detail})`;
  });
  return e;
}

// ---------------------------------------------------------------------------------------------

/** Reads a migrations folder the way the prisma CLI does (folders sorted by name). */
export async function readMigrationsList(provider: Provider): Promise<MigrationList> {
  const baseDir = join(serverRoot, providerFiles[provider].migrations);
  const lockPath = 'migration_lock.toml';
  const lockContent = await readFile(join(baseDir, lockPath), 'utf8').catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories: MigrationList['migrationDirectories'] = [];
  for (const entry of entries.filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const content = await readFile(join(baseDir, entry.name, 'migration.sql'), 'utf8').then(
      (value) => ({ tag: 'ok' as const, value }),
      (e: Error) => ({ tag: 'error' as const, value: e.message }),
    );
    migrationDirectories.push({ path: entry.name, migrationFile: { path: 'migration.sql', content } });
  }
  return { baseDir, lockfile: { path: lockPath, content: lockContent }, shadowDbInitScript: '', migrationDirectories };
}
