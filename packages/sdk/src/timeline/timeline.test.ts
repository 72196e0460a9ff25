import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../client.ts';
import { createFakeApi, tick, until } from '../testing/fake-api.ts';
import type { Call, Message, SendMessageInput } from '../types.ts';
import type { TimelineEntry } from './timeline.ts';

const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, second)).toISOString();
const number = { id: 'n1', e164: '+18135550000', display: '(813) 555-0000', friendlyName: 'Main' };

function message(id: string, second: number, extra: Partial<Message> = {}): Message {
  return {
    kind: 'message', id, threadId: 'th1', direction: 'inbound', trackingNumber: number, from: '+18135550100', fromDisplay: '(813) 555-0100', to: number.e164, toDisplay: number.display,
    body: `body ${id}`, encoding: 'GSM-7', segments: 1, status: 'received', errorCode: null, errorMessage: null, cost: 0,
    media: [], senderUserId: null, occurredAt: at(second), updatedAt: at(second), ...extra,
  };
}

function call(id: string, second: number, extra: Partial<Call> = {}): Call {
  return {
    kind: 'call', id, threadId: 'th1', direction: 'inbound', trackingNumber: number, from: '+18135550100', fromDisplay: '(813) 555-0100', to: number.e164, toDisplay: number.display,
    status: 'ringing', durationSeconds: 0, recording: null, occurredAt: at(second), updatedAt: at(second), ...extra,
  };
}

// Five items newest first, two per page, as the server answers.
function setup() {
  const api = createFakeApi();
  const items = [message('m5', 5), call('c4', 4), message('m3', 3), message('m2', 2), message('m1', 1)];
  api.on('GET', /^\/v1\/threads\/th1\/timeline$/, (request) => {
    const start = Number(request.query.get('cursor') ?? 0);
    return { body: { items: items.slice(start, start + 2), nextCursor: start + 2 < items.length ? String(start + 2) : null } };
  });
  const sent: SendMessageInput[] = [];
  let respond: (input: SendMessageInput) => { status: number; body: unknown } = (input) => ({
    status: 202,
    body: message(`s${sent.length}`, 30 + sent.length, { direction: 'outbound', body: input.body, status: 'queued', from: number.e164, fromDisplay: number.display, to: input.to, toDisplay: input.to }),
  });
  let gate: Promise<void> = Promise.resolve();
  api.on('POST', /^\/v1\/messages$/, async (request) => {
    sent.push(request.body as SendMessageInput);
    await gate;
    return respond(request.body as SendMessageInput);
  });
  const client = createClient({ baseUrl: 'http://t.test', token: 't', fetch: api.fetch });
  return {
    api, client, items, sent,
    respondWith(handler: typeof respond) { respond = handler; },
    hold() { let open!: () => void; gate = new Promise((resolve) => (open = resolve)); return () => open(); },
  };
}

const ids = (entries: TimelineEntry[]) => entries.map((entry) => entry.id);

test('shows the newest page oldest first and pages backwards', async () => {
  const { client } = setup();
  const timeline = client.timeline('th1');
  await until(() => timeline.get().items.length === 2);
  assert.deepEqual(ids(timeline.get().items), ['c4', 'm5']);
  await timeline.loadNext();
  await timeline.loadNext();
  assert.deepEqual(ids(timeline.get().items), ['m1', 'm2', 'm3', 'c4', 'm5']);
  assert.equal(timeline.get().nextCursor, null);
  timeline.destroy();
  client.close();
});

test('merges live events without duplicates, reordering or rolling a status back', async () => {
  const { api, client } = setup();
  const timeline = client.timeline('th1');
  await until(() => api.streams.length === 1 && timeline.get().items.length === 2);
  const stream = api.streams[0]!;
  stream.send(1, 'call.updated', call('c4', 4, { status: 'answered', durationSeconds: 42, updatedAt: at(50) }));
  stream.send(2, 'message.created', message('m6', 6));
  stream.send(3, 'message.created', message('m6', 6)); // replayed after a reconnect
  stream.send(4, 'call.updated', call('c4', 4, { status: 'ringing', updatedAt: at(45) })); // late, older
  stream.send(5, 'message.created', message('x1', 7, { threadId: 'other' }));
  await until(() => timeline.get().items.length === 3);
  await tick(20);
  const items = timeline.get().items;
  assert.deepEqual(ids(items), ['c4', 'm5', 'm6']);
  assert.equal((items[0] as Call).status, 'answered');
  timeline.destroy();
  client.close();
});

test('send shows the message at once and replaces it with the server copy, same key', async () => {
  const { api, client, sent, hold } = setup();
  const timeline = client.timeline('th1');
  await until(() => timeline.get().items.length === 2);
  const release = hold();
  const sending = timeline.send('On my way 👋');
  const pending = timeline.get().items.at(-1)!;
  assert.deepEqual([pending.sendState, pending.kind, pending.direction], ['sending', 'message', 'outbound']);
  assert.equal((pending as Message).encoding, 'UCS-2');
  // Shown with the display forms the server gave for the same numbers, before the server answers.
  assert.deepEqual([(pending as Message).fromDisplay, (pending as Message).toDisplay], ['(813) 555-0000', '(813) 555-0100']);
  // Reply from the number the thread used last, to the contact.
  await until(() => sent.length === 1);
  assert.deepEqual(sent[0], { from: 'n1', to: '+18135550100', body: 'On my way 👋' });
  release();
  const result = await sending;
  assert.equal(result.ok, true);
  const last = timeline.get().items.at(-1)!;
  assert.deepEqual([last.id, last.key, last.sendState], ['s1', pending.key, undefined]);
  // The live event for the same message, then a delivery update: still one row.
  api.streams[0]!.send(1, 'message.created', { ...(result.ok && result.message), status: 'queued' });
  api.streams[0]!.send(2, 'message.updated', { ...(result.ok && result.message), status: 'delivered', updatedAt: at(59) });
  await until(() => (timeline.get().items.at(-1) as Message).status === 'delivered');
  assert.deepEqual(ids(timeline.get().items), ['c4', 'm5', 's1']);
  timeline.destroy();
  client.close();
});

test('a live event that beats the send response takes the pending row, without a duplicate', async () => {
  const { api, client, hold } = setup();
  const timeline = client.timeline('th1');
  await until(() => api.streams.length === 1 && timeline.get().items.length === 2);
  const release = hold();
  const sending = timeline.send('Race');
  const key = timeline.get().items.at(-1)!.key;
  const server = message('s1', 31, { direction: 'outbound', body: 'Race', status: 'sent', updatedAt: at(40) });
  api.streams[0]!.send(1, 'message.created', server);
  await until(() => timeline.get().items.at(-1)!.id === 's1');
  assert.equal(timeline.get().items.at(-1)!.key, key);
  release();
  await sending;
  const items = timeline.get().items;
  assert.deepEqual(ids(items), ['c4', 'm5', 's1']);
  // The 202 copy (queued, older) does not roll back the event's newer status.
  assert.equal((items.at(-1) as Message).status, 'sent');
  timeline.destroy();
  client.close();
});

test('a refused send stays as a failed row, returns the text, and can be retried or discarded', async () => {
  const { client, respondWith } = setup();
  const timeline = client.timeline('th1');
  await until(() => timeline.get().items.length === 2);
  respondWith(() => ({ status: 402, body: { error: { code: 'insufficient_balance', message: 'Add funds' } } }));
  const result = await timeline.send('Keep me');
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.body === 'Keep me' && result.error.code === 'insufficient_balance');
  const failed = timeline.get().items.at(-1)!;
  assert.deepEqual([failed.sendState, failed.sendError?.code], ['failed', 'insufficient_balance']);
  respondWith((input) => ({ status: 202, body: message('s9', 40, { direction: 'outbound', body: input.body }) }));
  const retried = await timeline.retry(failed.key);
  assert.equal(retried.ok, true);
  assert.deepEqual([timeline.get().items.at(-1)!.id, timeline.get().items.at(-1)!.key], ['s9', failed.key]);
  respondWith(() => ({ status: 403, body: { error: { code: 'forbidden', message: 'viewer' } } }));
  const again = await timeline.send('Drop me');
  assert.ok(!again.ok);
  timeline.discard(again.key);
  assert.deepEqual(ids(timeline.get().items), ['c4', 'm5', 's9']);
  timeline.destroy();
  client.close();
});

test('a refresh keeps pending messages and row keys', async () => {
  const { client, hold } = setup();
  const timeline = client.timeline('th1');
  await until(() => timeline.get().items.length === 2);
  const release = hold();
  const sending = timeline.send('Still here', { from: 'n1', to: '+18135550100' });
  await timeline.refresh();
  assert.equal(timeline.get().items.at(-1)!.sendState, 'sending');
  assert.equal(timeline.get().items.length, 3);
  release();
  await sending;
  assert.equal(timeline.get().items.length, 3);
  timeline.destroy();
  client.close();
});

test('a text that arrives live while a page loads is kept, and so is a newer status', async () => {
  const api = createFakeApi();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  // The page was read before the text and the delivery report were stored.
  const page = [message('m2', 2, { direction: 'outbound', status: 'sent' }), message('m1', 1)];
  api.on('GET', /^\/v1\/threads\/th1\/timeline$/, async () => {
    await gate;
    return { body: { items: page, nextCursor: null } };
  });
  const client = createClient({ baseUrl: 'http://t.test', token: 't', fetch: api.fetch });
  const timeline = client.timeline('th1');
  await until(() => api.streams.length === 1);
  api.streams[0]!.send(1, 'message.created', message('m3', 3));
  api.streams[0]!.send(2, 'message.updated', message('m2', 2, { direction: 'outbound', status: 'delivered', updatedAt: at(4) }));
  await until(() => timeline.get().items.length === 2);
  open();
  await until(() => !timeline.get().isLoading);
  assert.deepEqual(ids(timeline.get().items), ['m1', 'm2', 'm3']);
  assert.equal(timeline.get().items.find((entry) => entry.id === 'm2')!.kind === 'message' && timeline.get().items.find((entry) => entry.id === 'm2')!.status, 'delivered');
  timeline.destroy();
  client.close();
});

test('sending into an empty thread needs the numbers', async () => {
  const api = createFakeApi();
  api.on('GET', /timeline$/, () => ({ body: { items: [], nextCursor: null } }));
  const client = createClient({ baseUrl: 'http://t.test', token: 't', fetch: api.fetch });
  const timeline = client.timeline('th1');
  const result = await timeline.send('Hi');
  assert.ok(!result.ok && result.error.code === 'invalid_request' && result.body === 'Hi');
  timeline.destroy();
  client.close();
});
