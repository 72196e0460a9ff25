// The demo seed: realistic, consistent (balance == ledger, previews match the timeline), fast,
// deterministic, and written only once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Message, Page, Thread, TimelineItem, TrackingNumber } from '@threadline/sdk';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import { createTestDatabase, testConfig, tokenFor } from '../../testing/harness.ts';
import { activityDay } from '../threads/activity.ts';
import { DEMO_BALANCE, DEMO_BUSINESS_NAME, seedDemo } from './seed.ts';

const database = await createTestDatabase();
const config = testConfig(database.url);
const services = await createServices(config, { worker: false });
const app = createApp(services);
const { db } = services;
const now = new Date('2026-11-27T15:00:00.000Z');

after(async () => {
  await closeServices(services);
  await database.drop();
});

const started = performance.now();
const seeded = await seedDemo(db, config, { now });
const seconds = (performance.now() - started) / 1000;
const token = await tokenFor(config, seeded.businessId, 'owner');
const get = async <T>(path: string) => {
  const response = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, path);
  return (await response.json()) as T;
};

test('seeds a few hundred conversations quickly', () => {
  assert.equal(seeded.created, true);
  assert.ok(seeded.counts.threads >= 300, `threads ${seeded.counts.threads}`);
  assert.ok(seeded.counts.messages > 500 && seeded.counts.calls > 100 && seeded.counts.media > 5, JSON.stringify(seeded.counts));
  // Bulk inserts take a few seconds; this bound (for a loaded CI machine) catches a slide back to row-by-row writes.
  assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
});

test('numbers cover every readiness state the demo needs', async () => {
  const { items } = await get<{ items: TrackingNumber[] }>('/v1/numbers');
  const state = (name: string) => items.find((n) => n.friendlyName === name)?.readiness.state;
  assert.equal(state('Tampa PPC'), 'ready');
  assert.equal(state('Main Intake'), 'ready');
  assert.equal(state('Google Ads'), 'ready');
  assert.equal(state('Toronto Office'), 'ready');
  assert.equal(state('Radio Spots (Toll-Free)'), 'toll_free_pending');
  assert.equal(state('Billboard I-4'), 'number_unassigned');
  assert.equal(state('Legacy Fax Line'), 'not_sms_capable');
  assert.equal(items.find((n) => n.friendlyName === 'Toronto Office')!.e164.slice(0, 5), '+1416');
  assert.equal(items.find((n) => n.friendlyName === 'Radio Spots (Toll-Free)')!.e164.slice(0, 5), '+1888');
});

test('the balance is $25.00 and equals the sum of the ledger', async () => {
  const business = await db.business.findUniqueOrThrow({ where: { id: seeded.businessId } });
  assert.equal(business.balance, DEMO_BALANCE);
  const sum = await db.ledgerEntry.aggregate({ where: { businessId: seeded.businessId }, _sum: { amount: true } });
  assert.equal(sum._sum.amount, DEMO_BALANCE);
  const last = await db.ledgerEntry.findFirst({ where: { businessId: seeded.businessId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  assert.equal(last?.balanceAfter, DEMO_BALANCE);
});

test('threads look real: names, unread counts, failures, MMS, voicemail recordings, 90 days', async () => {
  const threads: Thread[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Thread> = await get<Page<Thread>>(`/v1/threads?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    threads.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  assert.equal(threads.length, seeded.counts.threads);
  assert.ok(threads.filter((t) => t.contact.name).length > 80);
  assert.ok(threads.some((t) => t.unreadCount > 0));
  assert.ok(threads.some((t) => t.contact.optedOut));
  const oldest = Math.min(...threads.map((t) => Date.parse(t.lastActivityAt)));
  assert.ok(now.getTime() - oldest > 60 * 86_400_000 && now.getTime() - oldest <= 91 * 86_400_000);
  assert.ok(threads.every((t) => Date.parse(t.lastActivityAt) < now.getTime()));

  const failures = await db.message.groupBy({ by: ['errorCode'], where: { businessId: seeded.businessId, status: 'failed' }, _count: true });
  assert.deepEqual(failures.map((f) => f.errorCode).sort(), ['30003', '30007']);
  assert.ok(await db.call.count({ where: { businessId: seeded.businessId, status: 'voicemail', recordingUrl: { not: null } } }) > 5);
  assert.ok(await db.call.count({ where: { businessId: seeded.businessId, status: 'missed' } }) > 5);

  // The preview of a thread is its newest timeline item.
  for (const thread of threads.slice(0, 15)) {
    const { items } = await get<Page<TimelineItem>>(`/v1/threads/${thread.id}/timeline?limit=1`);
    assert.equal(items[0]!.occurredAt, thread.lastActivityAt);
  }
  const mmsThread = await db.message.findFirstOrThrow({ where: { businessId: seeded.businessId, media: { some: {} } } });
  const timeline = await get<Page<TimelineItem>>(`/v1/threads/${mmsThread.threadId}/timeline?limit=100`);
  const withMedia = timeline.items.find((item) => item.kind === 'message' && item.media.length) as Message;
  const bytes = await app.request(new URL(withMedia.media[0]!.url).pathname);
  if (bytes.status !== 404 || app.routes.some((r) => r.path.startsWith('/media'))) {
    assert.equal(bytes.status, 200, 'seeded media is served');
    assert.equal(Number(bytes.headers.get('content-length') ?? (await bytes.arrayBuffer()).byteLength) > 0, true);
  }
});

test('each thread and thread number keeps the times of its oldest and newest event, as live activity does', async () => {
  // The date-range filter trusts these bounds; a seed that got them wrong would list wrong threads.
  const where = { businessId: seeded.businessId };
  const [messages, calls] = await Promise.all([
    db.message.groupBy({ by: ['threadId', 'trackingNumberId'], where, _min: { createdAt: true }, _max: { createdAt: true } }),
    db.call.groupBy({ by: ['threadId', 'trackingNumberId'], where, _min: { startedAt: true }, _max: { startedAt: true } }),
  ]);
  const spans = new Map<string, { first: number; last: number }>();
  const widen = (key: string, first: Date, last: Date) => {
    const span = spans.get(key) ?? { first: Infinity, last: -Infinity };
    spans.set(key, { first: Math.min(span.first, first.getTime()), last: Math.max(span.last, last.getTime()) });
  };
  for (const row of messages) for (const key of [row.threadId, `${row.threadId}/${row.trackingNumberId}`]) widen(key, row._min.createdAt!, row._max.createdAt!);
  for (const row of calls) for (const key of [row.threadId, `${row.threadId}/${row.trackingNumberId}`]) widen(key, row._min.startedAt!, row._max.startedAt!);
  const threads = await db.thread.findMany({ where, select: { id: true, firstActivityAt: true, firstActivityDay: true, lastActivityAt: true } });
  const links = await db.threadNumber.findMany({ where: { thread: where }, select: { threadId: true, trackingNumberId: true, firstActivityAt: true, lastActivityAt: true } });
  assert.equal(threads.length + links.length, spans.size);
  for (const thread of threads) {
    assert.deepEqual({ first: thread.firstActivityAt.getTime(), last: thread.lastActivityAt.getTime() }, spans.get(thread.id), thread.id);
    assert.equal(thread.firstActivityDay, activityDay(thread.firstActivityAt));
  }
  for (const link of links) {
    const key = `${link.threadId}/${link.trackingNumberId}`;
    assert.deepEqual({ first: link.firstActivityAt.getTime(), last: link.lastActivityAt.getTime() }, spans.get(key), key);
  }
});

test('is idempotent and deterministic', async () => {
  const again = await seedDemo(db, config, { now });
  assert.deepEqual(again, { businessId: seeded.businessId, created: false, counts: { threads: 0, messages: 0, calls: 0, media: 0, numbers: 0 } });
  assert.equal(await db.business.count({ where: { name: DEMO_BUSINESS_NAME } }), 1);

  const other = await createTestDatabase();
  const otherServices = await createServices(testConfig(other.url), { worker: false });
  try {
    const twin = await seedDemo(otherServices.db, config, { now });
    assert.equal(twin.businessId, seeded.businessId);
    const bodies = async (target: typeof db) =>
      (await target.message.findMany({ orderBy: { id: 'asc' }, select: { id: true, body: true, createdAt: true, status: true } }));
    assert.deepEqual(await bodies(otherServices.db), await bodies(db));
  } finally {
    await closeServices(otherServices);
    await other.drop();
  }
});
