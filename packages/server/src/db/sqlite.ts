// The SQLite driver adapter Threadline runs on: Prisma's better-sqlite3 adapter, given two
// connections to the file and a lock, so that work outside a transaction never mixes with work
// inside one.
//
// Prisma's adapter runs everything on one better-sqlite3 connection and only makes transactions
// wait for each other. A statement sent outside a transaction while one is open (an interactive
// transaction awaits between its statements, so other requests run meanwhile) executes inside it:
// a read sees rows that are not committed and may never be (an event id that a rollback hands out
// again, so a live stream skipped the real event), and a write commits or rolls back with someone
// else's transaction. Here:
//   - reads outside a transaction go to a second, read-only connection, which in WAL mode sees
//     exactly what is committed and never waits for a writer;
//   - writes outside a transaction, and transactions, take turns on the writing connection through
//     one first-come-first-served lock, held from BEGIN to COMMIT or ROLLBACK.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { IsolationLevel, SqlDriverAdapter, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

/**
 * Settings of both connections. WAL: a commit is an append to the log instead of a rewrite of the
 * rollback journal (about 22,000 commits/s against 460 on this kind of disk; inbound webhooks
 * commit in groups, see domain/messaging/inbox.ts), and readers never wait for the writer.
 * synchronous=NORMAL syncs at checkpoints instead of every commit: in WAL mode a commit survives an
 * application crash, and only a power loss may lose the last few. A 64 MiB page cache keeps the
 * thread-list indexes in memory. WAL used to break `threadline migrate` next to a running server
 * (the schema engine asks for an exclusive lock); db/schema-engine.ts now migrates inside ordinary
 * transactions instead (see walFriendlySqlite).
 */
const PRAGMAS = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;';

/** What may run on the read connection: a single SELECT (Prisma's reads, and `$queryRaw` SELECTs). */
const READ = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*SELECT\b/i;

/** How long a write waits for another connection's write lock before it fails (SQLITE_BUSY). */
const BUSY_WAIT_MS = 5000;

const isBusy = (error: unknown) => {
  const code = (error as { cause?: { originalCode?: unknown } } | null)?.cause?.originalCode;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};

/**
 * Runs a statement that needs the file's write lock, waiting while another connection (the inbox
 * thread's, a CLI's) holds it. SQLite's own busy timeout would wait by sleeping inside the call,
 * and better-sqlite3 calls are synchronous: the thread's whole event loop (every request and
 * stream) would stop for as long as the other transaction lasts. The writing connection has no
 * busy timeout; this retries on timers instead, a few milliseconds apart.
 */
async function whenFree<T>(statement: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt, 10)));
    }
  }
}

/** A first-come-first-served lock: `acquire` resolves, in call order, with the function that releases it. */
class TurnLock {
  #tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const turn = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => released);
    return turn;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** The connection Prisma is handed: reads to the reader, writes and transactions in turn on the writer. */
class SplitConnection implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;
  readonly #lock = new TurnLock();

  constructor(
    private readonly writer: SqlDriverAdapter,
    private readonly reader: SqlDriverAdapter,
  ) {
    this.provider = writer.provider;
    this.adapterName = writer.adapterName;
  }

  queryRaw(query: SqlQuery) {
    if (READ.test(query.sql)) return this.reader.queryRaw(query);
    return this.#lock.run(() => whenFree(() => this.writer.queryRaw(query)));
  }

  executeRaw(query: SqlQuery) {
    return this.#lock.run(() => whenFree(() => this.writer.executeRaw(query)));
  }

  executeScript(script: string) {
    return this.#lock.run(() => whenFree(() => this.writer.executeScript(script)));
  }

  /** Waits for its turn; the turn ends when Prisma (or inbox.ts) commits or rolls the transaction back. */
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.#lock.acquire();
    let tx: Transaction;
    try {
      tx = await this.writer.startTransaction(isolationLevel);
    } catch (error) {
      release();
      throw error;
    }
    // The adapter opens a deferred transaction (plain BEGIN). Another connection to the file (the
    // inbox thread's, a CLI's) may commit between this transaction's first read and its first
    // write, and SQLite then refuses the write at once (SQLITE_BUSY: the snapshot is stale) instead
    // of waiting. BEGIN IMMEDIATE takes the write lock up front, waiting (whenFree) for the other
    // writer, so a transaction never fails halfway for that.
    try {
      await tx.executeRaw({ sql: 'COMMIT', args: [], argTypes: [] });
      await whenFree(() => tx.executeRaw({ sql: 'BEGIN IMMEDIATE', args: [], argTypes: [] }));
    } catch (error) {
      await tx.rollback().catch(() => {});
      release();
      throw error;
    }
    // Releasing twice is harmless (the turn's promise is already resolved).
    const end = async (finish: () => Promise<void>) => {
      try {
        await finish();
      } finally {
        release();
      }
    };
    // The adapter's transaction, with commit and rollback also ending the turn.
    return {
      provider: tx.provider,
      adapterName: tx.adapterName,
      options: tx.options,
      queryRaw: (query) => tx.queryRaw(query),
      executeRaw: (query) => tx.executeRaw(query),
      commit: () => end(() => tx.commit()),
      rollback: () => end(() => tx.rollback()),
      createSavepoint: tx.createSavepoint?.bind(tx),
      rollbackToSavepoint: tx.rollbackToSavepoint?.bind(tx),
      releaseSavepoint: tx.releaseSavepoint?.bind(tx),
    };
  }

  async dispose() {
    await Promise.all([this.reader.dispose(), this.writer.dispose()]);
  }
}

/** Prisma's better-sqlite3 adapter factory, connecting as described at the top of this file. */
export class SplitSqlite extends PrismaBetterSqlite3 {
  /** The connection the client runs on, once it has connected (see `sqliteConnectionOf`). */
  connection: SqlDriverAdapter | null = null;

  override async connect(): Promise<SqlDriverAdapter> {
    const writer = await super.connect();
    await writer.executeScript(PRAGMAS);
    // Waits for another connection's write lock happen on timers (see whenFree), not in SQLite.
    await writer.executeScript('PRAGMA busy_timeout = 0;');
    // Opened after the writer has set WAL mode; query_only makes a write sent here fail loudly.
    const reader = await super.connect();
    await reader.executeScript(`${PRAGMAS} PRAGMA query_only = ON;`);
    this.connection = new SplitConnection(writer, reader);
    return this.connection;
  }
}
