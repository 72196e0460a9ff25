import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../client.ts';
import { createFakeApi, tick, until, type FakeStream } from '../testing/fake-api.ts';
import type { Thread } from '../types.ts';

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();

function thread(id: string, minute: number, extra: Partial<Thread> = {}): Thread {
  return {
    id,
    contact: { id: `c-${id}`, e164: '+18135550100', display: '(813) 555-0100', name: null, optedOut: false, optedOutAt: null },
    preview: { kind: 'sms', direction: 'inbound', text: `text ${id}` },
    lastActivityAt: at(minute),
    unreadCount: 1,
    trackingNumbers: [{ id: 'n1', e164: '+18135550000', display: '(813) 555-0000', friendlyName: 'Main' }],
    ...extra,
  };
}

// Six threads, newest first, served two per page.
function setup(threads = [thread('t6', 6), thread('t5', 5), thread('t4', 4), thread('t3', 3), thread('t2', 2), thread('t1', 1)]) {
  const api = createFakeApi();
  api.on('GET', /^\/v1\/threads$/, (call) => {
    const start = Number(call.query.get('cursor') ?? 0);
    const items = threads.slice(start, start + 2);
    return { body: { items, nextCursor: start + 2 < threads.length ? String(start + 2) : null } };
  });
  const client = createClient({ baseUrl: 'http://t.test', token: 't', fetch: api.fetch });
  return { api, client, threads };
}

const ids = (items: Thread[]) => items.map((item) => item.id);

test('loads pages in order, with loading flags, until the end', async () => {
  const { client } = setup();
  const list = client.threads.createThreadList();
  assert.equal(list.get().isLoading, true);
  await until(() => !list.get().isLoading);
  assert.deepEqual(ids(list.get().items), ['t6', 't5']);
  const next = list.loadNext();
  assert.equal(list.get().isLoadingNext, true);
  void list.loadNext(); // ignored while one is in flight
  await next;
  await list.loadNext();
  assert.deepEqual(ids(list.get().items), ['t6', 't5', 't4', 't3', 't2', 't1']);
  assert.equal(list.get().nextCursor, null);
  await list.loadNext();
  assert.equal(list.get().items.length, 6);
  list.destroy();
  client.close();
});

test('a live update moves a thread to the top, and a later page does not duplicate it', async () => {
  const { api, client } = setup();
  const list = client.threads.createThreadList();
  await until(() => api.streams.length === 1 && list.get().items.length === 2);
  const stream = api.streams[0] as FakeStream;
  const moved = thread('t3', 9, { preview: { kind: 'sms', direction: 'inbound', text: 'new' } });
  stream.send(1, 'thread.updated', moved);
  await until(() => list.get().items.length === 3);
  assert.deepEqual(ids(list.get().items), ['t3', 't6', 't5']);
  // Page 2 still holds t3's old copy: the live copy stays, once.
  await list.loadNext();
  assert.deepEqual(ids(list.get().items), ['t3', 't6', 't5', 't4']);
  assert.equal(list.get().items[0]!.preview.text, 'new');
  // A thread too old for the loaded range waits for its page.
  stream.send(2, 'thread.updated', thread('t0', 0));
  await tick(20);
  assert.equal(list.get().items.some((item) => item.id === 't0'), false);
  list.destroy();
  client.close();
});

test('a filtered list keeps out threads that do not match, and asks the server when it cannot tell', async () => {
  const { api, client } = setup();
  const list = client.threads.createThreadList({ trackingNumberId: 'n1' });
  await until(() => api.streams.length === 1 && list.get().items.length === 2);
  api.streams[0]!.send(1, 'thread.updated', thread('t6', 10, { trackingNumbers: [{ id: 'n2', e164: '+1', display: '+1', friendlyName: 'x' }] }));
  await until(() => list.get().items.length === 1);
  assert.deepEqual(ids(list.get().items), ['t5']);
  const searching = client.threads.createThreadList({ q: 'ann' });
  await until(() => searching.get().items.length === 2);
  const before = api.calls.filter((call) => call.path === '/v1/threads').length;
  api.streams[0]!.send(2, 'thread.updated', thread('t9', 11));
  await until(() => api.calls.filter((call) => call.path === '/v1/threads').length === before + 1, 2000, 'first-page merge');
  assert.equal(api.calls.at(-1)!.query.get('q'), 'ann');
  list.destroy();
  searching.destroy();
  client.close();
});

test('markRead clears the count at once and restores it if the server refuses', async () => {
  const { api, client } = setup();
  let refuse = false;
  api.on('POST', /^\/v1\/threads\/(t\d)\/read$/, (call) =>
    refuse
      ? { status: 403, body: { error: { code: 'forbidden', message: 'viewer' } } }
      : { body: thread(call.path.split('/')[3]!, 6, { unreadCount: 0 }) },
  );
  const list = client.threads.createThreadList();
  await until(() => list.get().items.length === 2);
  const done = list.markRead('t6');
  assert.equal(list.get().items[0]!.unreadCount, 0);
  await done;
  assert.equal(list.get().items[0]!.unreadCount, 0);
  refuse = true;
  const failed = list.markRead('t5');
  assert.equal(list.get().items[1]!.unreadCount, 0);
  await failed;
  assert.equal(list.get().items[1]!.unreadCount, 1);
  assert.equal(list.get().error?.code, 'forbidden');
  list.destroy();
  client.close();
});

test('load errors go into state and the next success clears them', async () => {
  const { api, client } = setup();
  api.on('GET', /^\/v1\/threads$/, () => ({ status: 500, body: { error: { code: 'internal', message: 'boom' } } }));
  const list = client.threads.createThreadList();
  await until(() => list.get().error !== null);
  assert.deepEqual([list.get().isLoading, list.get().error?.code], [false, 'internal']);
  api.on('GET', /^\/v1\/threads$/, () => ({ body: { items: [thread('t1', 1)], nextCursor: null } }));
  await list.refresh();
  assert.deepEqual([list.get().error, ids(list.get().items)], [null, ['t1']]);
  list.destroy();
  client.close();
});
