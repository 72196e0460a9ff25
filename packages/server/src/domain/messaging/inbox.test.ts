// The inbound inbox through the real app and database: concurrent bursts, duplicates, a row that
// cannot be folded, and a restart between acceptance and folding.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Thread } from '@threadline/sdk';
import { closeServices, createServices } from '../../create-services.ts';
import { createDb } from '../../db/client.ts';
import { createTestDatabase, testConfig, type TestDatabase } from '../../testing/harness.ts';
import { startMessagingTest, waitFor, type MessagingTest } from '../../testing/messaging.ts';
import { activityDay } from '../threads/activity.ts';
import { injectInboundSms } from './simulate.ts';

const MESSAGING = '/webhooks/twilio/messaging';
let serial = 0;
const sid = () => `SM${Date.now().toString(16)}${(++serial).toString(16).padStart(20, '0')}`;

describe('inbound inbox', () => {
  let t: MessagingTest;
  before(async () => {
    t = await startMessagingTest({ balance: 100_000 });
  });
  after(() => t.close());

  const post = (from: string, body: string, messageSid = sid()) =>
    t.webhook(MESSAGING, { MessageSid: messageSid, AccountSid: 'AC123', From: from, To: t.seed.usNumber, Body: body, NumMedia: '0' });
  const threadOf = (e164: string) => t.services.db.thread.findFirst({ where: { businessId: t.seed.businessId, contact: { e164 } } });

  test('a burst of concurrent distinct webhooks: each stored once, unread counts and one charge each', async () => {
    const existing = '+17275554000';
    await post(existing, 'first, before the burst');
    await t.services.inbox.drain();
    const balanceBefore = (await t.services.db.business.findUniqueOrThrow({ where: { id: t.seed.businessId } })).balance;
    const eventsBefore = await t.services.bus.latestId(t.seed.businessId);

    // 300 texts from 30 contacts (one of them with a thread already), all in flight at once.
    const contacts = Array.from({ length: 30 }, (_, i) => `+1727555${String(4000 + i).padStart(4, '0')}`);
    const sids = Array.from({ length: 300 }, () => sid());
    const responses = await Promise.all(sids.map((s, i) => post(contacts[i % 30]!, `burst ${i}`, s)));
    for (const response of responses) assert.equal(response.status, 200);
    await t.services.inbox.drain();

    const messages = await t.services.db.message.findMany({ where: { carrierSid: { in: sids } } });
    assert.equal(messages.length, 300);
    for (const [i, contact] of contacts.entries()) {
      const thread = await threadOf(contact);
      assert.equal(thread?.unreadCount, i === 0 ? 11 : 10, contact);
      const newest = await t.services.db.message.findFirstOrThrow({ where: { threadId: thread!.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
      assert.match(newest.body, /^burst \d+$/);
      assert.equal(thread?.lastActivityAt.getTime(), newest.createdAt.getTime(), 'the newest text moves the thread');
      // The date filters read first activity: it stays the oldest text's, per thread and per number.
      const oldest = await t.services.db.message.findFirstOrThrow({ where: { threadId: thread!.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      assert.equal(thread?.firstActivityAt.getTime(), oldest.createdAt.getTime(), `${contact}: first activity`);
      assert.equal(thread?.firstActivityDay, activityDay(oldest.createdAt));
      const link = await t.services.db.threadNumber.findFirstOrThrow({ where: { threadId: thread!.id } });
      assert.equal(link.firstActivityAt.getTime(), oldest.createdAt.getTime());
      assert.equal(link.lastActivityAt.getTime(), newest.createdAt.getTime());
    }
    const charges = await t.services.db.ledgerEntry.findMany({ where: { messageId: { in: messages.map((m) => m.id) } }, orderBy: { balanceAfter: 'desc' } });
    assert.equal(charges.length, 300);
    assert.ok(charges.every((entry) => entry.kind === 'inbound' && entry.amount === -1));
    const balance = (await t.services.db.business.findUniqueOrThrow({ where: { id: t.seed.businessId } })).balance;
    assert.equal(balance, balanceBefore - 300);
    assert.deepEqual(charges.map((entry) => entry.balanceAfter), Array.from({ length: 300 }, (_, i) => balanceBefore - 1 - i), 'a running balance, no gaps');

    const events = await t.services.bus.since(t.seed.businessId, eventsBefore, 2000);
    assert.equal(events.length, 900);
    for (let i = 0; i < 900; i += 3) {
      assert.deepEqual(events.slice(i, i + 3).map((event) => event.type), ['message.created', 'thread.updated', 'balance.updated']);
    }
    // Each thread.updated shows the thread as its message left it: unread counts climb one by one.
    const unread = events.filter((event) => event.type === 'thread.updated' && (event.data as Thread).contact.e164 === contacts[5]).map((event) => (event.data as Thread).unreadCount);
    assert.deepEqual(unread, Array.from({ length: 10 }, (_, i) => i + 1));
  });

  test('duplicates inside one batch and across batches are stored once', async () => {
    const contact = '+17275554100';
    const repeated = sid();
    const responses = await Promise.all([post(contact, 'twice at once', repeated), post(contact, 'twice at once', repeated), post(contact, 'other')]);
    for (const response of responses) assert.equal(response.status, 200);
    await t.services.inbox.drain();
    // Twilio retries after the fold, and a text the simulator stored directly is found by its sid.
    assert.equal((await post(contact, 'twice at once', repeated)).status, 200);
    const direct = await injectInboundSms(t.services, { to: t.seed.usNumber, from: contact, body: 'via the simulator' });
    const directSid = (await t.services.db.message.findUniqueOrThrow({ where: { id: direct.id } })).carrierSid!;
    assert.equal((await post(contact, 'via the simulator', directSid)).status, 200);
    await t.services.inbox.drain();

    assert.equal(await t.services.db.message.count({ where: { carrierSid: repeated } }), 1);
    assert.equal(await t.services.db.message.count({ where: { carrierSid: directSid } }), 1);
    assert.equal((await threadOf(contact))?.unreadCount, 3);
    const repeatedRow = await t.services.db.message.findUniqueOrThrow({ where: { carrierSid: repeated } });
    assert.equal(await t.services.db.ledgerEntry.count({ where: { messageId: repeatedRow.id } }), 1);
    const inbox = await t.services.db.inboxMessage.findUniqueOrThrow({ where: { carrierSid: directSid } });
    assert.equal(inbox.outcome, 'duplicate');
  });

  test('a row that cannot be folded is retried with its error recorded, and does not hold back the others', async () => {
    const contact = '+17275554200';
    const broken = sid();
    const now = new Date();
    // A row damaged in storage (as if written by a buggy older version) sits first in line.
    await t.services.db.inboxMessage.create({ data: { carrierSid: broken, payload: '{"From": 42}', receivedAt: now, nextAttemptAt: now } });
    const good = [sid(), sid()];
    for (const s of good) assert.equal((await post(contact, `fine ${s}`, s)).status, 200);
    await t.services.inbox.drain();

    assert.equal(await t.services.db.message.count({ where: { carrierSid: { in: good } } }), 2);
    let row = await t.services.db.inboxMessage.findUniqueOrThrow({ where: { carrierSid: broken } });
    assert.equal(row.foldedAt, null);
    assert.equal(row.attempts, 1);
    assert.match(row.lastError ?? '', /does not hold a webhook's form fields/);
    assert.ok(row.nextAttemptAt > new Date(), 'waits for its retry');

    // Repaired, it is folded on its next attempt.
    await t.services.db.inboxMessage.update({
      where: { id: row.id },
      data: { payload: JSON.stringify({ MessageSid: broken, From: contact, To: t.seed.usNumber, Body: 'repaired', NumMedia: '0' }), nextAttemptAt: new Date() },
    });
    await t.services.inbox.drain();
    row = await t.services.db.inboxMessage.findUniqueOrThrow({ where: { carrierSid: broken } });
    assert.equal(row.outcome, 'stored');
    assert.equal(row.attempts, 2);
    assert.equal(row.lastError, null);
    assert.equal((await t.services.db.message.findUniqueOrThrow({ where: { carrierSid: broken } })).body, 'repaired');
  });
});

describe('inbound inbox under a backlog', () => {
  test('webhooks are accepted between batches of a backlog, not after all of it', async () => {
    // Small batches, folded as soon as found: the backlog takes many batches.
    const t = await startMessagingTest({ balance: 1_000_000, services: { inbox: { batchSize: 50, pollMs: 20, quietMs: 0, maxDelayMs: 0 } } });
    try {
      const now = new Date();
      const prefix = `SMbacklog${Date.now().toString(16)}`;
      const backlog = Array.from({ length: 2000 }, (_, i) => {
        const messageSid = `${prefix}${String(i).padStart(8, '0')}`;
        const params = { MessageSid: messageSid, From: `+1727556${String(i % 500).padStart(4, '0')}`, To: t.seed.usNumber, Body: `backlog ${i}`, NumMedia: '0' };
        return { carrierSid: messageSid, payload: JSON.stringify(params), receivedAt: now, nextAttemptAt: now };
      });
      await t.services.db.inboxMessage.createMany({ data: backlog });
      const folded = () => t.services.db.inboxMessage.count({ where: { carrierSid: { startsWith: prefix }, foldedAt: { not: null } } });
      await waitFor(async () => (await folded()) > 0, 8000, 'the worker to start on the backlog');

      const response = await post('+17275564999', 'while the backlog folds');
      assert.equal(response.status, 200);
      const foldedWhenAccepted = await folded();
      assert.ok(foldedWhenAccepted < 2000, `accepted while ${foldedWhenAccepted} of 2000 were folded`);
      await t.services.inbox.drain();
      assert.equal(await folded(), 2000);
    } finally {
      await t.close();
    }

    function post(from: string, body: string) {
      return t.webhook(MESSAGING, { MessageSid: sid(), AccountSid: 'AC123', From: from, To: t.seed.usNumber, Body: body, NumMedia: '0' });
    }
  });
});

describe('inbound inbox in a surge', () => {
  // Webhooks keep arriving for 1.5 s; the fold may run after 100 ms of waiting, unless the rate
  // is a surge, when it waits for a pause (up to a minute here).
  async function postFor(surgeRate: number) {
    const t = await startMessagingTest({ balance: 1_000_000, services: { inbox: { quietMs: 300, maxDelayMs: 100, surgeRate, surgeMaxDelayMs: 60_000 } } });
    const prefix = `SMsurge${Date.now().toString(16)}`;
    let n = 0;
    const post = () =>
      t.webhook(MESSAGING, { MessageSid: `${prefix}${String(++n).padStart(8, '0')}`, From: `+1727557${String(n % 50).padStart(4, '0')}`, To: t.seed.usNumber, Body: `surge ${n}`, NumMedia: '0' });
    const filed = () => t.services.db.message.count({ where: { carrierSid: { startsWith: prefix } } });
    const until = Date.now() + 1500;
    let filedWhileArriving = 0;
    // Four senders back to back: acceptance never pauses for 300 ms.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (Date.now() < until) assert.equal((await post()).status, 200);
      }),
    );
    filedWhileArriving = await filed();
    // Once webhooks stop, everything accepted is filed.
    await waitFor(async () => (await filed()) === n, 10_000, 'every accepted text filed');
    await t.close();
    return { accepted: n, filedWhileArriving };
  }

  test('above the surge rate, filing waits for the webhooks to pause; below it, it runs as they arrive', async () => {
    const calm = await postFor(1_000_000);
    assert.ok(calm.filedWhileArriving > 0, `${calm.filedWhileArriving} of ${calm.accepted} filed while webhooks arrived below the surge rate`);
    const surge = await postFor(20);
    assert.ok(surge.accepted > 60, `a surge: ${surge.accepted} webhooks in 1.5 s`);
    assert.equal(surge.filedWhileArriving, 0, 'nothing filed while the surge lasted');
  });
});

describe('inbound inbox across a restart', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  test('texts accepted but not folded before a shutdown are filed by the next start', async () => {
    const first = await startMessagingTest({ database, services: { inboxWorker: false } });
    const sids = [sid(), sid(), sid()];
    for (const s of sids) {
      const response = await first.webhook(MESSAGING, { MessageSid: s, From: '+17275554300', To: first.seed.usNumber, Body: 'before the restart', NumMedia: '0' });
      assert.equal(response.status, 200);
    }
    assert.equal(await first.services.db.message.count({ where: { carrierSid: { in: sids } } }), 0, 'accepted, not filed yet');
    await first.close();

    const services = await createServices(first.config, { worker: false, inboxWorker: true });
    try {
      await waitFor(async () => (await services.db.message.count({ where: { carrierSid: { in: sids } } })) === 3, 8000, 'the fold after the restart');
      const thread = await services.db.thread.findFirstOrThrow({ where: { contact: { e164: '+17275554300' } } });
      assert.equal(thread.unreadCount, 3);
    } finally {
      await closeServices(services);
    }
  });

  test('filed rows are deleted a week after filing; recent ones and rows never filed are kept', async () => {
    const db = createDb(database.url);
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day);
    const row = (carrierSid: string, receivedDaysAgo: number, foldedDaysAgo: number | null) => ({
      carrierSid, payload: '{}', receivedAt: at(receivedDaysAgo), attempts: 1,
      // A row that never filed keeps failing: its next attempt is far off, so the worker leaves it.
      nextAttemptAt: foldedDaysAgo === null ? at(-1) : at(foldedDaysAgo),
      foldedAt: foldedDaysAgo === null ? null : at(foldedDaysAgo), outcome: foldedDaysAgo === null ? null : 'stored',
    });
    const [old, recent, failing] = [sid(), sid(), sid()];
    try {
      await db.inboxMessage.createMany({ data: [row(old, 9, 8), row(recent, 2, 2), row(failing, 30, null)] });
    } finally {
      await db.$disconnect();
    }
    // The worker prunes on its first idle turn (on SQLite, on the inbox thread).
    const services = await createServices(testConfig(database.url), { worker: false, inboxWorker: true });
    try {
      await waitFor(async () => (await services.db.inboxMessage.count({ where: { carrierSid: old } })) === 0, 8000, 'the old row deleted');
      const left = await services.db.inboxMessage.findMany({ where: { carrierSid: { in: [old, recent, failing] } }, select: { carrierSid: true } });
      assert.deepEqual(left.map((r) => r.carrierSid).sort(), [recent, failing].sort());
    } finally {
      await closeServices(services);
    }
  });

  test('two processes folding one backlog (PostgreSQL) store each text once', async (t) => {
    if (database.provider !== 'postgres') return t.skip('several server processes share PostgreSQL, not a SQLite file');
    const seed = await startMessagingTest({ database, services: { inboxWorker: false } });
    const sids = Array.from({ length: 400 }, () => sid());
    await Promise.all(sids.map((s, i) => seed.webhook(MESSAGING, { MessageSid: s, From: `+1727555${String(4400 + (i % 40))}`, To: seed.seed.usNumber, Body: `two workers ${i}`, NumMedia: '0' })));
    await seed.close();
    const options = { worker: false, inboxWorker: false, inbox: { batchSize: 50 } };
    const [a, b] = await Promise.all([createServices(seed.config, options), createServices(seed.config, options)]);
    try {
      const [foldedA, foldedB] = await Promise.all([a.inbox.drain(), b.inbox.drain()]);
      assert.equal(foldedA + foldedB, 400);
      assert.ok(foldedA > 0 && foldedB > 0, `both took a share (${foldedA} / ${foldedB})`);
      assert.equal(await a.db.message.count({ where: { carrierSid: { in: sids } } }), 400);
      const threads = await a.db.thread.findMany({ where: { businessId: seed.seed.businessId } });
      assert.equal(threads.length, 40);
      assert.ok(threads.every((thread) => thread.unreadCount === 10), 'no unread increment lost or doubled');
      assert.equal(await a.db.ledgerEntry.count({ where: { businessId: seed.seed.businessId, kind: 'inbound' } }), 400);
    } finally {
      await Promise.all([closeServices(a), closeServices(b)]);
    }
  });
});
