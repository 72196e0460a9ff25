// The inbox on its worker thread (SQLite): what the fold stores and announces from there, and what
// survives the thread dying between acceptance and folding.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../testing/harness.ts';
import { startMessagingTest, waitFor, type MessagingTest } from '../../testing/messaging.ts';
import { InboxThread } from './inbox-thread.ts';

const MESSAGING = '/webhooks/twilio/messaging';
let serial = 0;
const sid = () => `SM${Date.now().toString(16)}${(++serial).toString(16).padStart(20, '0')}`;
const sqlite = process.env.TEST_DATABASE !== 'postgres';

describe('inbox thread', { skip: sqlite ? false : 'PostgreSQL keeps the inbox in-process' }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database?.drop());

  test('the fold on the thread stores, charges, logs events and wakes live streams on the HTTP thread', async () => {
    // A poller that never runs in this test: only a relayed notify can wake the listener.
    const t = await startMessagingTest({ database, balance: 100, services: { events: { pollMs: 600_000 } } });
    try {
      assert.ok(t.services.inbox instanceof InboxThread, 'SQLite runs the inbox on its thread');
      const wakes: (number | undefined)[] = [];
      const stop = t.services.bus.onNotify(t.seed.businessId, (latestId) => wakes.push(latestId));
      const before = await t.services.bus.latestId(t.seed.businessId);
      const messageSid = sid();
      const response = await t.webhook(MESSAGING, { MessageSid: messageSid, From: '+17275556001', To: t.seed.usNumber, Body: 'From the thread', NumMedia: '0' });
      assert.equal(response.status, 200);
      await t.services.inbox.drain();

      const message = await t.services.db.message.findUniqueOrThrow({ where: { carrierSid: messageSid } });
      assert.equal(message.body, 'From the thread');
      const charge = await t.services.db.ledgerEntry.findFirstOrThrow({ where: { messageId: message.id } });
      assert.equal(charge.amount, -1);
      assert.equal((await t.services.db.business.findUniqueOrThrow({ where: { id: t.seed.businessId } })).balance, 99);
      const events = await t.services.bus.since(t.seed.businessId, before);
      assert.deepEqual(events.map((event) => event.type), ['message.created', 'thread.updated', 'balance.updated']);
      await waitFor(async () => wakes.includes(undefined), 2000, "the thread's notify relayed to the HTTP thread's bus");
      stop();
    } finally {
      await t.close();
    }
  });

  test('the thread dies after acceptance, before the fold: the next thread folds every accepted text', async () => {
    // Folding waits for a minute of quiet: nothing is folded before the crash.
    const slow = { quietMs: 60_000, maxDelayMs: 60_000, pollMs: 60_000 };
    const t = await startMessagingTest({ database, services: { inbox: slow } });
    try {
      const sids = [sid(), sid(), sid()];
      for (const s of sids) {
        const response = await t.webhook(MESSAGING, { MessageSid: s, From: '+17275556002', To: t.seed.usNumber, Body: 'before the crash', NumMedia: '0' });
        assert.equal(response.status, 200);
      }
      assert.equal(await t.services.db.inboxMessage.count({ where: { carrierSid: { in: sids }, foldedAt: null } }), 3, 'accepted and durable');
      assert.equal(await t.services.db.message.count({ where: { carrierSid: { in: sids } } }), 0, 'not folded yet');

      await (t.services.inbox as InboxThread).crash();
      // The new thread's fold looks for due rows as it starts.
      await waitFor(async () => (await t.services.db.message.count({ where: { carrierSid: { in: sids } } })) === 3, 8000, 'the fold by the next thread');
      const thread = await t.services.db.thread.findFirstOrThrow({ where: { contact: { e164: '+17275556002' } } });
      assert.equal(thread.unreadCount, 3);
      // And it accepts new webhooks.
      assert.equal((await t.webhook(MESSAGING, { MessageSid: sid(), From: '+17275556002', To: t.seed.usNumber, Body: 'after', NumMedia: '0' })).status, 200);
    } finally {
      await t.close();
    }
  });
});
