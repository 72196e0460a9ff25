// Work outside a transaction never mixes with an open one (db/sqlite.ts): on one shared SQLite
// connection a read saw rows that were later rolled back, and a write was rolled back with someone
// else's transaction. The same behaviour is asked of PostgreSQL, where each statement has its own
// connection from the pool anyway.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { EventBus } from '../domain/events/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/harness.ts';
import { createDb, sqlitePath, type Db } from './client.ts';

describe('statements outside a transaction while one is open', () => {
  let database: TestDatabase;
  let db: Db;
  let businessId: string;

  before(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
    businessId = (await db.business.create({ data: { name: 'Isolation Co' } })).id;
  });
  after(async () => {
    await db.$disconnect();
    await database.drop();
  });

  /** Runs `during` while an interactive transaction holds an uncommitted event, then rolls it back. */
  async function whileRolledBack<T>(during: () => Promise<T>): Promise<T> {
    let result!: T;
    await assert.rejects(
      db.$transaction(async (tx) => {
        await EventBus.append(tx, businessId, 'thread.updated', { uncommitted: true });
        // Another request runs while the transaction awaits (as a webhook does during a send).
        result = await Promise.race([during(), new Promise<T>((resolve) => setTimeout(resolve, 200, 'still waiting' as T))]);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    return result;
  }

  test('a read does not see uncommitted rows, so a rolled-back event is never streamed', async () => {
    const bus = new EventBus(db);
    const before = await bus.latestId(businessId);
    const seen = await whileRolledBack(() => bus.since(businessId, before));
    assert.deepEqual(seen, []);
    // The id the rolled-back event held goes to the next real one, which a stream must still send.
    const id = await bus.publish(businessId, 'thread.updated', { committed: true });
    const events = await bus.since(businessId, before);
    assert.deepEqual(events.map((event) => [event.id, event.data]), [[id, { committed: true }]]);
  });

  test('a write waits for the open transaction and survives its rollback', async () => {
    const name = `Renamed ${Date.now()}`;
    const outcome = await whileRolledBack(async () => {
      await db.business.update({ where: { id: businessId }, data: { name } });
      return 'written';
    });
    // On SQLite it did not run inside the transaction (it would have finished at once, and been
    // rolled back with it); PostgreSQL runs it on another connection, beside the transaction.
    assert.equal(outcome, database.provider === 'sqlite' ? 'still waiting' : 'written');
    // It runs once the transaction ends, and its change stays.
    await waitFor(async () => (await db.business.findUniqueOrThrow({ where: { id: businessId } })).name === name);
    assert.equal((await db.eventLog.count({ where: { businessId, payload: { contains: 'uncommitted' } } })), 0);
  });

  test('a write sent while a transaction is open lands after its commit, not inside it', async () => {
    const order: string[] = [];
    let began!: () => void;
    const begun = new Promise<void>((resolve) => (began = resolve));
    const transaction = db.$transaction(async (tx) => {
      await tx.business.update({ where: { id: businessId }, data: { balance: 1 } });
      began();
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('transaction');
    });
    await begun;
    const write = db.business.update({ where: { id: businessId }, data: { balance: 2 } }).then(() => order.push('write'));
    await Promise.all([transaction, write]);
    if (database.provider === 'sqlite') assert.deepEqual(order, ['transaction', 'write']);
    assert.equal((await db.business.findUniqueOrThrow({ where: { id: businessId } })).balance, 2);
  });
});

describe('a transaction next to another writer on the same file (SQLite)', { skip: process.env.TEST_DATABASE === 'postgres' && 'SQLite only' }, () => {
  let database: TestDatabase;
  let db: Db;
  before(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
  });
  after(async () => {
    await db.$disconnect();
    await database.drop();
  });

  test('waiting for another connection\'s write lock leaves the event loop free', async () => {
    const business = await db.business.create({ data: { name: 'Patient Co' } });
    const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    // Another thread takes the write lock and holds it for 300 ms, as a long fold would.
    const other = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const db = new (require(workerData.module))(workerData.path, { timeout: 5000 });
       db.prepare('BEGIN IMMEDIATE').run();
       parentPort.postMessage('locked');
       const until = Date.now() + 300;
       while (Date.now() < until);
       db.prepare('COMMIT').run();
       parentPort.postMessage('released');`,
      { eval: true, workerData: { module: betterSqlite, path: sqlitePath(database.url) } },
    );
    try {
      await new Promise((resolve) => other.once('message', resolve));
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      try {
        // Both kinds of write wait for the lock: a transaction and a single statement.
        await Promise.all([
          db.$transaction((tx) => tx.business.update({ where: { id: business.id }, data: { balance: 7 } })),
          db.business.update({ where: { id: business.id }, data: { name: 'Patient Co (renamed)' } }),
        ]);
      } finally {
        clearInterval(timer);
      }
      // Blocked inside SQLite, no timer would have fired until the lock was released.
      assert.ok(ticks >= 5, `the event loop ran ${ticks} timer ticks while the writes waited`);
      const row = await db.business.findUniqueOrThrow({ where: { id: business.id } });
      assert.deepEqual([row.balance, row.name], [7, 'Patient Co (renamed)']);
    } finally {
      await other.terminate();
    }
  });

  test('reads, then writes after another connection committed: it waits instead of failing', async () => {
    const business = await db.business.create({ data: { name: 'Two Writers', balance: 100 } });
    // Another thread with its own connection, as the inbox thread has: it writes when told to.
    const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const other = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const db = new (require(workerData.module))(workerData.path, { timeout: 5000 });
       parentPort.on('message', () => {
         db.prepare('UPDATE "Business" SET "name" = ? WHERE "id" = ?').run('Renamed elsewhere', workerData.id);
         parentPort.postMessage('written');
       });`,
      { eval: true, workerData: { module: betterSqlite, path: sqlitePath(database.url), id: business.id } },
    );
    try {
      const written = new Promise((resolve) => other.once('message', resolve));
      await db.$transaction(async (tx) => {
        const row = await tx.business.findUniqueOrThrow({ where: { id: business.id } });
        other.postMessage('write');
        // Give the other connection time to commit if it can (it cannot: this transaction holds the lock).
        await Promise.race([written, new Promise((resolve) => setTimeout(resolve, 200))]);
        await tx.business.update({ where: { id: business.id }, data: { balance: row.balance + 1 } });
      });
      await written;
      const row = await db.business.findUniqueOrThrow({ where: { id: business.id } });
      assert.deepEqual([row.balance, row.name], [101, 'Renamed elsewhere']);
    } finally {
      await other.terminate();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
