// GET /v1/events: the SSE wire format, replay after Last-Event-ID, events from "another process"
// (no local wake-up) arriving by the bus's poller (one query a tick for all streams), pings, tenant
// isolation and clean-up on disconnect.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createApp } from '../../app.ts';
import { closeServices, createServices } from '../../create-services.ts';
import type { Db } from '../../db/client.ts';
import { EventBus, type EventBusOptions } from '../../domain/events/index.ts';
import { createTestDatabase, seedBusiness, testConfig, tokenFor } from '../../testing/harness.ts';
import { createRouter } from '../router.ts';
import { eventRoutes } from './index.ts';

const database = await createTestDatabase();
const config = testConfig(database.url);
const services = await createServices(config, { worker: false });
const app = createApp(services);
const a = await seedBusiness(database.url, 'Acme Plumbing');
const b = await seedBusiness(database.url, 'Beta Dental');
const tokenA = await tokenFor(config, a.businessId, 'viewer');
const tokenB = await tokenFor(config, b.businessId, 'viewer');

after(async () => {
  await closeServices(services);
  await database.drop();
});

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comment?: string;
}

/** An open event stream: collects frames as they arrive. */
class Stream {
  frames: Frame[] = [];
  raw = '';
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #reading: Promise<void>;

  constructor(readonly response: Response) {
    this.#reader = response.body!.getReader();
    this.#reading = this.#read();
  }

  async #read() {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await this.#reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      const text = decoder.decode(value, { stream: true });
      this.raw += text;
      buffer += text;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const frame: Frame = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) frame.comment = line.slice(1).trim();
          else {
            const [key, ...rest] = line.split(': ');
            (frame as Record<string, string>)[key!] = rest.join(': ');
          }
        }
        this.frames.push(frame);
      }
    }
  }

  get events() {
    return this.frames.filter((frame) => frame.event);
  }

  /** Waits until `predicate` holds for the frames received, or fails after `ms`. */
  async until(predicate: (stream: Stream) => boolean, ms = 4000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate(this)) {
      if (Date.now() > deadline) assert.fail(`timed out; received:\n${this.raw}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close() {
    await this.#reader.cancel();
    await this.#reading;
  }
}

/**
 * A second bus on the same database whose event log queries are counted by a Prisma query extension
 * (the queries still run for real), and an app whose streams use it. Nothing else notifies this
 * bus, so every event reaches its streams through its poller, as from another server process.
 */
function countedStreams(options: EventBusOptions) {
  const counts = { polls: 0, reads: 0 };
  const db = services.db.$extends({
    query: {
      eventLog: {
        async $allOperations({ operation, args, query }) {
          if (operation === 'findMany') counts.reads++; // a stream reading its business's events
          else if (operation === 'groupBy' || operation === 'aggregate') counts.polls++; // the poller
          return query(args);
        },
      },
    },
  }) as unknown as Db;
  const bus = new EventBus(db, options);
  const server = createRouter().route('/', eventRoutes({ ...services, bus })) as unknown as typeof app;
  return { bus, counts, server };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `predicate` holds, or fails after `ms`. */
async function until(predicate: () => boolean, what: string, ms = 4000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function open(path: string, headers: Record<string, string> = {}, server = app): Promise<Stream> {
  const response = await server.request(path, { headers });
  assert.equal(response.status, 200, response.status === 200 ? '' : await response.text());
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  return new Stream(response);
}

describe('GET /v1/events', () => {
  test('starts with retry, then streams new events as id/event/data frames', async () => {
    await services.bus.publish(a.businessId, 'balance.updated', { balance: 1, currency: 'USD' }); // before connecting: not replayed
    const stream = await open('/v1/events', { authorization: `Bearer ${tokenA}` });
    try {
      await stream.until((s) => s.frames.length >= 1);
      assert.ok(stream.raw.startsWith('retry: 2000\n\n'), stream.raw);
      const id = await services.bus.publish(a.businessId, 'balance.updated', { balance: 975, currency: 'USD' });
      await stream.until((s) => s.events.length >= 1);
      assert.ok(stream.raw.includes(`id: ${id}\nevent: balance.updated\ndata: {"balance":975,"currency":"USD"}\n\n`), stream.raw);
      assert.equal(stream.events.length, 1);
    } finally {
      await stream.close();
    }
  });

  test('replays everything after Last-Event-ID, in order, then keeps streaming', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 4; i++) ids.push(await services.bus.publish(a.businessId, 'setup.updated', { kind: 'brand', id: `b${i}`, status: 'pending' }));
    const stream = await open('/v1/events', { authorization: `Bearer ${tokenA}`, 'last-event-id': String(ids[0]) });
    try {
      await stream.until((s) => s.events.length >= 3);
      assert.deepEqual(stream.events.map((e) => Number(e.id)), ids.slice(1));
      assert.deepEqual(stream.events.map((e) => (JSON.parse(e.data!) as { id: string }).id), ['b2', 'b3', 'b4']);
      const next = await services.bus.publish(a.businessId, 'setup.updated', { kind: 'brand', id: 'b5', status: 'verified' });
      await stream.until((s) => s.events.length >= 4);
      assert.equal(Number(stream.events[3]!.id), next);
    } finally {
      await stream.close();
    }
  });

  test('EventSource style: token and lastEventId in the query', async () => {
    const first = await services.bus.publish(a.businessId, 'setup.updated', { kind: 'campaign', id: 'c1', status: 'pending' });
    const second = await services.bus.publish(a.businessId, 'setup.updated', { kind: 'campaign', id: 'c2', status: 'approved' });
    const stream = await open(`/v1/events?access_token=${encodeURIComponent(tokenA)}&lastEventId=${first}`);
    try {
      await stream.until((s) => s.events.length >= 1);
      assert.equal(Number(stream.events[0]!.id), second);
    } finally {
      await stream.close();
    }
  });

  test('an event written by another process (no local wake-up) arrives by polling the log', async () => {
    const stream = await open('/v1/events', { authorization: `Bearer ${tokenA}` });
    try {
      await stream.until((s) => s.frames.length >= 1);
      // Written straight to the log, as a second server process would: this process is not notified.
      const id = await EventBus.append(services.db, a.businessId, 'number.updated', { id: a.usNumberId });
      await stream.until((s) => s.events.some((e) => Number(e.id) === id), 3000);
    } finally {
      await stream.close();
    }
  });

  test("a business's stream never carries another business's events", async () => {
    const streamB = await open('/v1/events', { authorization: `Bearer ${tokenB}`, 'last-event-id': '0' });
    try {
      await services.bus.publish(a.businessId, 'balance.updated', { balance: 5, currency: 'USD' });
      const bId = await services.bus.publish(b.businessId, 'balance.updated', { balance: 7, currency: 'USD' });
      await streamB.until((s) => s.events.some((e) => Number(e.id) === bId));
      assert.deepEqual(streamB.events.map((e) => Number(e.id)), [bId], 'replay from 0 and live events are B only');
    } finally {
      await streamB.close();
    }
  });

  test('sends a ping comment while idle', async () => {
    const fast = createRouter().route('/', eventRoutes(services, { pingMs: 60 }));
    const stream = await open('/v1/events', { authorization: `Bearer ${tokenA}` }, fast as unknown as typeof app);
    try {
      await stream.until((s) => s.frames.filter((f) => f.comment === 'ping').length >= 2, 2000);
      assert.ok(stream.raw.includes(': ping\n\n'));
    } finally {
      await stream.close();
    }
  });

  test('N open streams cost one poll query a tick, and only the woken business reads', async () => {
    const pollMs = 40;
    const { bus, counts, server } = countedStreams({ pollMs });
    const streamsA = await Promise.all(Array.from({ length: 12 }, () => open('/v1/events', { authorization: `Bearer ${tokenA}` }, server)));
    const streamsB = await Promise.all(Array.from({ length: 12 }, () => open('/v1/events', { authorization: `Bearer ${tokenB}` }, server)));
    const all = [...streamsA, ...streamsB];
    try {
      await Promise.all(all.map((stream) => stream.until((s) => s.frames.length >= 1)));
      await until(() => counts.polls >= 2, 'the poller to pass its first tick');
      // Idle: the poller reads once a tick for all 24 streams; the streams themselves read nothing.
      const before = { ...counts };
      const started = Date.now();
      await sleep(20 * pollMs);
      const ticks = (Date.now() - started) / pollMs;
      const polls = counts.polls - before.polls;
      assert.ok(polls >= 1 && polls <= Math.floor(ticks) + 1, `${polls} poll queries in ${ticks.toFixed(1)} ticks for ${all.length} streams`);
      assert.equal(counts.reads, before.reads, 'idle streams read the log themselves');
      assert.equal(bus.pollQueries, counts.polls, "the bus's counter agrees with the queries the database saw");

      // Written as another process would: each of A's streams is woken once and reads once; B's never.
      const reads = counts.reads;
      const id = await EventBus.append(services.db, a.businessId, 'number.updated', { id: a.usNumberId });
      await Promise.all(streamsA.map((stream) => stream.until((s) => s.events.some((e) => Number(e.id) === id))));
      await sleep(5 * pollMs); // later ticks still see the event: streams that sent it must not read again
      assert.equal(counts.reads - reads, streamsA.length);
      for (const stream of streamsB) assert.equal(stream.events.length, 0);
    } finally {
      await Promise.all(all.map((stream) => stream.close()));
    }
    await until(() => !bus.polling, 'the poller to stop after the last stream closed', 2000);

    // A stream opened later starts the poller again, and events from elsewhere reach it.
    const again = await open('/v1/events', { authorization: `Bearer ${tokenB}` }, server);
    try {
      await again.until((s) => s.frames.length >= 1);
      const id = await EventBus.append(services.db, b.businessId, 'balance.updated', { balance: 9, currency: 'USD' });
      await again.until((s) => s.events.some((e) => Number(e.id) === id));
      assert.ok(bus.polling);
    } finally {
      await again.close();
    }
  });

  test('stops reading the log once the client disconnects', async () => {
    const { bus, counts, server } = countedStreams({ pollMs: 20 });
    const stream = await open('/v1/events', { authorization: `Bearer ${tokenA}` }, server);
    await until(() => counts.polls >= 3, 'three polls');
    await stream.close();
    await sleep(100);
    const afterClose = { ...counts };
    await sleep(300);
    assert.deepEqual(counts, afterClose, 'the log was still read after the client left');
    assert.equal(bus.polling, false);
  });

  /** Appends an event of A in a transaction that stays open until `release` (a slow commit elsewhere). */
  async function appendAndHold() {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let taken = false;
    const slow = services.db.$transaction(async (tx) => {
      const id = await EventBus.append(tx, a.businessId, 'number.updated', { id: a.usNumberId });
      taken = true;
      await gate;
      return id;
    });
    await until(() => taken, "A's insert");
    return { release, slow };
  }

  test(
    'a row that commits after a higher id still wakes its streams (PostgreSQL)',
    { skip: database.provider !== 'postgres' && 'SQLite has one writer at a time: ids commit in order' },
    async () => {
      const { counts, server } = countedStreams({ pollMs: 20 });
      const streamA = await open('/v1/events', { authorization: `Bearer ${tokenA}` }, server);
      const streamB = await open('/v1/events', { authorization: `Bearer ${tokenB}` }, server);
      try {
        await streamA.until((s) => s.frames.length >= 1);
        await streamB.until((s) => s.frames.length >= 1);
        // Past the poller's first read: this test is about a poller already running.
        await until(() => counts.polls >= 2, "the poller's first read");
        // A's row takes its id first but commits last; B's higher id is seen by the poller meanwhile.
        const { release, slow } = await appendAndHold();
        const higher = await EventBus.append(services.db, b.businessId, 'balance.updated', { balance: 3, currency: 'USD' });
        await streamB.until((s) => s.events.some((e) => Number(e.id) === higher));
        const polls = counts.polls;
        await until(() => counts.polls >= polls + 3, 'more polls past the higher id');
        release();
        const lower = await slow;
        assert.ok(lower < higher);
        await streamA.until((s) => s.events.some((e) => Number(e.id) === lower), 3000);
      } finally {
        await streamA.close();
        await streamB.close();
      }
    },
  );

  test(
    "a row that took its id before the poller's first read and commits after it still wakes its streams (PostgreSQL)",
    { skip: database.provider !== 'postgres' && 'SQLite has one writer at a time: ids commit in order' },
    async () => {
      // A's row takes its id, then B's higher id commits, then the poller starts and reads the log.
      const { release, slow } = await appendAndHold();
      const higher = await EventBus.append(services.db, b.businessId, 'balance.updated', { balance: 4, currency: 'USD' });
      const { counts, server } = countedStreams({ pollMs: 20 });
      const streamA = await open('/v1/events', { authorization: `Bearer ${tokenA}` }, server);
      try {
        await streamA.until((s) => s.frames.length >= 1);
        await until(() => counts.polls >= 3, "the poller's first reads");
        release();
        const lower = await slow;
        assert.ok(lower < higher);
        await streamA.until((s) => s.events.some((e) => Number(e.id) === lower), 3000);
      } finally {
        await streamA.close();
      }
    },
  );

  test('refuses a bad Last-Event-ID with 422 and a missing token with 401', async () => {
    const bad = await app.request('/v1/events', { headers: { authorization: `Bearer ${tokenA}`, 'last-event-id': 'abc' } });
    assert.equal(bad.status, 422);
    assert.equal(((await bad.json()) as { error: { details: { field: string } } }).error.details.field, 'Last-Event-ID');
    const badQuery = await app.request(`/v1/events?lastEventId=-4`, { headers: { authorization: `Bearer ${tokenA}` } });
    assert.equal(badQuery.status, 422);
    assert.equal((await app.request('/v1/events')).status, 401);
  });
});
