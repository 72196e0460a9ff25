// A business's events commit in id order, so a stream that resumes after the last id it sent never
// skips one (domain/events/index.ts, lockEventLogs). On PostgreSQL ids are taken at insert and rows
// are seen at commit: without the lock, a later event that commits first is sent, and the earlier
// one, committed after, is below the stream's position for good.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDb, type Db } from '../../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/harness.ts';
import { EventBus } from './index.ts';

describe('event order across concurrent transactions of one business', () => {
  let database: TestDatabase;
  let db: Db;
  let businessId: string;
  let otherId: string;

  before(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
    businessId = (await db.business.create({ data: { name: 'Order Co' } })).id;
    otherId = (await db.business.create({ data: { name: 'Other Co' } })).id;
  });
  after(async () => {
    await db.$disconnect();
    await database.drop();
  });

  test('a stream reading after its last id gets every event, in the order they became visible', async () => {
    const bus = new EventBus(db);
    let last = await bus.latestId(businessId);
    const seen: unknown[] = [];
    const read = async () => {
      for (const event of await bus.since(businessId, last)) {
        seen.push((event.data as { n: number }).n);
        last = event.id;
      }
    };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const firstAppended = new Promise<void>((resolve) => (appended = resolve));
    const slow = db.$transaction(async (tx) => {
      await EventBus.append(tx, businessId, 'thread.updated', { n: 1 });
      appended();
      await gate;
    });
    await firstAppended;
    // A second change of the same business, and one of another business, while the first is open.
    const fast = db.$transaction((tx) => EventBus.append(tx, businessId, 'thread.updated', { n: 2 }));
    const published = bus.publish(businessId, 'thread.updated', { n: 3 });
    let otherDone = false;
    const other = db.$transaction((tx) => EventBus.append(tx, otherId, 'thread.updated', { n: 9 })).then(() => (otherDone = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    await read();
    // Another business is not held up (PostgreSQL; SQLite runs one write transaction at a time).
    if (database.provider === 'postgres') assert.equal(otherDone, true);
    release();
    await Promise.all([slow, fast, published, other]);
    await read();
    assert.deepEqual([...seen].sort(), [1, 2, 3]);
    assert.equal(seen[0], 1);
  });
});
